import { useState } from 'react';
import type { EndpointInput, EngineEndpoint } from '../../../../common/contract';
import { useSubmit } from '../../hooks/useSubmit';
import { FormField } from '../FormField';
import { inputClass, Modal } from '../Modal';
import { PathField } from '../PathField';

const PEM_FILES = [
  { name: 'PEM files', extensions: ['pem', 'crt', 'key'] },
  { name: 'All files', extensions: ['*'] },
];

export interface EndpointDialogProps {
  /** The endpoint being edited; absent when adding one. */
  endpoint?: EngineEndpoint;
  onClose(): void;
  onSave(input: EndpointInput): Promise<void>;
}

/** Adds or edits an endpoint; the engine's answer (e.g. an unreadable certificate) stays in the dialog with what was typed. */
export function EndpointDialog({ endpoint, onClose, onSave }: EndpointDialogProps) {
  const [name, setName] = useState(endpoint?.name ?? '');
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [caPath, setCaPath] = useState(endpoint?.tls?.caPath ?? '');
  const [certPath, setCertPath] = useState(endpoint?.tls?.certPath ?? '');
  const [keyPath, setKeyPath] = useState(endpoint?.tls?.keyPath ?? '');
  const { submitting, error, setError, submit: run } = useSubmit();
  const isTcp = url.trim().startsWith('tcp://');

  const submit = async () => {
    if (!name.trim()) return setError('Give the endpoint a name.');
    if (!/^(unix|tcp|ssh|npipe):\/\/./.test(url.trim())) return setError('The address must start with unix://, tcp://, ssh:// or npipe://.');
    const tls = isTcp && (caPath || certPath || keyPath) ? { ...(caPath ? { caPath } : {}), ...(certPath ? { certPath } : {}), ...(keyPath ? { keyPath } : {}) } : undefined;
    await run(() => onSave({ name: name.trim(), url: url.trim(), ...(tls ? { tls } : {}) }));
  };

  return (
    <Modal title={endpoint ? `Edit “${endpoint.name}”` : 'Add an endpoint'} onClose={onClose} onSubmit={() => void submit()} submitLabel={endpoint ? 'Save' : 'Add'} submitting={submitting} error={error}>
      <FormField id="endpoint-name" label="Name">
        <input id="endpoint-name" className={inputClass} value={name} onChange={(event) => setName(event.target.value)} placeholder="Build server" autoFocus maxLength={80} />
      </FormField>
      <FormField id="endpoint-url" label="Address" note="unix:///path/to/docker.sock, tcp://host:2376, or ssh://user@host (keys come from your ssh-agent).">
        <input id="endpoint-url" className={`${inputClass} font-mono`} value={url} onChange={(event) => setUrl(event.target.value)} placeholder="ssh://me@build-server" spellCheck={false} maxLength={500} />
      </FormField>
      {isTcp ? (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <legend className="px-1 text-xs font-medium text-slate-500 dark:text-slate-400">TLS (optional; files on this computer)</legend>
          <FormField id="endpoint-ca" label="CA certificate">
            <PathField id="endpoint-ca" value={caPath} onChange={setCaPath} placeholder="~/.docker/ca.pem" pick={{ kind: 'file', title: 'CA certificate', filters: PEM_FILES }} />
          </FormField>
          <FormField id="endpoint-cert" label="Client certificate">
            <PathField id="endpoint-cert" value={certPath} onChange={setCertPath} placeholder="~/.docker/cert.pem" pick={{ kind: 'file', title: 'Client certificate', filters: PEM_FILES }} />
          </FormField>
          <FormField id="endpoint-key" label="Client key">
            <PathField id="endpoint-key" value={keyPath} onChange={setKeyPath} placeholder="~/.docker/key.pem" pick={{ kind: 'file', title: 'Client key', filters: PEM_FILES }} />
          </FormField>
        </fieldset>
      ) : null}
    </Modal>
  );
}
