import { useState } from 'react';
import type { RegistryInfo } from '../../../../common/contract';
import { api } from '../../api/client';
import { useSubmit } from '../../hooks/useSubmit';
import { buttonClass, inputClass, Modal } from '../Modal';
import { isPlainHttpAnswer } from '../../../../common/registry-messages';
import { FormField } from '../FormField';

function CredentialFields({ username, password, setUsername, setPassword, optional }: { username: string; password: string; setUsername(value: string): void; setPassword(value: string): void; optional?: boolean }) {
  return (
    <div className="grid grid-cols-2 gap-3">
      <FormField id="registry-username" label="User name" aside={optional ? 'optional' : undefined}>
        <input id="registry-username" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} className={inputClass} />
      </FormField>
      <FormField id="registry-password" label="Password or token">
        <input id="registry-password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} className={inputClass} />
      </FormField>
    </div>
  );
}

/** Adds a private v2 registry; credentials, when given, are checked against it before anything is saved. */
export function AddRegistryDialog({ onClose, onAdded }: { onClose(): void; onAdded(registry: RegistryInfo): void }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [insecure, setInsecure] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { submitting, error, setError, submit: run } = useSubmit(onAdded);
  const submit = (asInsecure = insecure) => {
    if (!url.trim()) return setError('Enter the registry address, e.g. registry.example.com or 127.0.0.1:5000.');
    if (Boolean(username) !== Boolean(password)) return setError('Give both a user name and a password, or neither.');
    void run(() =>
      api.call('registries.add', {
        name: name.trim() || url.trim().replace(/^\w+:\/\//, ''),
        url: url.trim(),
        insecure: asInsecure,
        ...(username ? { username, password } : {}),
      }),
    );
  };
  const offerInsecure = !insecure && isPlainHttpAnswer(error);
  return (
    <Modal title="Add a registry" submitLabel={submitting ? 'Checking' : 'Add'} submitting={submitting} onSubmit={() => submit()} onClose={onClose} error={offerInsecure ? undefined : error}>
      <FormField id="registry-url" label="Address">
        <input
          id="registry-url"
          autoFocus
          value={url}
          onChange={(event) => {
            setUrl(event.target.value);
            setError(undefined);
          }}
          placeholder="registry.example.com or 127.0.0.1:5000"
          className={`${inputClass} font-mono`}
        />
      </FormField>
      {offerInsecure ? (
        <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p>{error}</p>
          <button
            type="button"
            className={buttonClass}
            onClick={() => {
              setInsecure(true);
              submit(true);
            }}
          >
            Tick Insecure and add it
          </button>
        </div>
      ) : null}
      <FormField id="registry-name" label="Name" aside="optional">
        <input id="registry-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="Team registry" className={inputClass} />
      </FormField>
      <label className="flex items-start gap-2">
        <input
          type="checkbox"
          checked={insecure}
          onChange={(event) => {
            setInsecure(event.target.checked);
            setError(undefined);
          }}
          className="mt-0.5"
        />
        <span>
          Insecure (plain HTTP)
          <span className="block text-xs text-slate-500 dark:text-slate-400">Only for loopback and test registries: nothing, passwords included, is encrypted on the way.</span>
        </span>
      </label>
      <CredentialFields username={username} password={password} setUsername={setUsername} setPassword={setPassword} optional />
    </Modal>
  );
}

/** Logs in to a registry: the registry must accept the credentials before they are stored (encrypted). */
export function LoginDialog({ registry, onClose, onDone }: { registry: RegistryInfo; onClose(): void; onDone(registry: RegistryInfo): void }) {
  const [username, setUsername] = useState(registry.username ?? '');
  const [password, setPassword] = useState('');
  const { submitting, error, setError, submit: run } = useSubmit(onDone);
  const submit = () => {
    if (!username || !password) return setError('Enter the user name and the password or access token.');
    void run(() => api.call('registries.login', { id: registry.id, username, password }));
  };
  return (
    <Modal title={`Log in to ${registry.name}`} submitLabel={submitting ? 'Checking' : 'Log in'} submitting={submitting} onSubmit={submit} onClose={onClose} error={error}>
      <p className="text-slate-600 dark:text-slate-300">
        Used for searching, pulling and pushing on <span className="font-mono">{registry.host}</span>. Stored encrypted on this computer.
      </p>
      <CredentialFields username={username} password={password} setUsername={setUsername} setPassword={setPassword} />
    </Modal>
  );
}
