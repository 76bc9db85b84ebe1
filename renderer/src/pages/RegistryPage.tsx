import { useCallback, useEffect, useState } from 'react';
import type { RegistryInfo } from '../../../common/contract';
import type { ApiError } from '../../../common/errors';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { inputClass, Modal, primaryButtonClass } from '../components/Modal';
import { PullDialog } from '../components/images/PullDialog';
import { AddRegistryDialog, LoginDialog } from '../components/images/RegistryDialogs';
import { RepositoryView } from '../components/images/RepositoryView';
import { SearchResults } from '../components/images/SearchResults';
import { useRegistrySearch } from '../components/images/useRegistrySearch';
import { Notice } from '../components/system/Toolbar';
import { api } from '../api/client';
import { useHashRoute } from '../hooks/useHashRoute';

type Dialog = { kind: 'add' } | { kind: 'login'; registry: RegistryInfo } | { kind: 'remove'; registry: RegistryInfo } | { kind: 'pull'; reference: string };

function useRegistries() {
  const [registries, setRegistries] = useState<RegistryInfo[]>();
  const [error, setError] = useState<ApiError>();
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => {
    api.call('registries.list', {}).then(
      (list) => {
        setRegistries(list);
        setError(undefined);
        setVersion((value) => value + 1);
      },
      (err: ApiError) => setError(err),
    );
  }, []);
  useEffect(reload, [reload]);
  return { registries, error, version, reload };
}

function RegistryList({ registries, onDialog, onLogout }: { registries: RegistryInfo[]; onDialog(dialog: Dialog): void; onLogout(registry: RegistryInfo): void }) {
  return (
    <ul aria-label="Registries" className="flex flex-wrap gap-2 px-6 pt-4">
      {registries.map((registry) => (
        <li key={registry.id} className="flex items-center gap-2 rounded-md border border-slate-200 bg-white px-3 py-1.5 text-sm dark:border-slate-800 dark:bg-slate-900">
          <span className="font-medium">{registry.name}</span>
          {registry.name !== registry.host && registry.kind !== 'hub' ? <span className="font-mono text-xs text-slate-500">{registry.host}</span> : null}
          {registry.insecure ? <span className="rounded bg-amber-100 px-1 text-[11px] text-amber-900 dark:bg-amber-900/50 dark:text-amber-100">HTTP</span> : null}
          {registry.username ? (
            <>
              <span className="text-xs text-emerald-700 dark:text-emerald-300">as {registry.username}</span>
              <button type="button" className="text-xs text-cyan-700 hover:underline dark:text-cyan-300" onClick={() => onLogout(registry)} aria-label={`Log out of ${registry.name}`}>
                Log out
              </button>
            </>
          ) : (
            <button type="button" className="text-xs text-cyan-700 hover:underline dark:text-cyan-300" onClick={() => onDialog({ kind: 'login', registry })} aria-label={`Log in to ${registry.name}`}>
              Log in
            </button>
          )}
          {registry.kind !== 'hub' ? (
            <button type="button" className="text-xs text-rose-700 hover:underline dark:text-rose-300" onClick={() => onDialog({ kind: 'remove', registry })} aria-label={`Remove ${registry.name}`}>
              Remove
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function RemoveRegistryDialog({ registry, onClose, onRemoved }: { registry: RegistryInfo; onClose(): void; onRemoved(): void }) {
  const [error, setError] = useState<string>();
  const submit = () =>
    api.call('registries.remove', { id: registry.id }).then(onRemoved, (err: Error) => setError(err.message));
  return (
    <Modal title={`Remove ${registry.name}?`} submitLabel="Remove" danger onSubmit={() => void submit()} onClose={onClose} error={error}>
      <p>Berth forgets this registry and any credentials saved for it. Nothing on the registry itself changes.</p>
    </Modal>
  );
}

/** Docker Hub and the user's private registries: one search box across all of them, and each repository's tags. */
export function RegistryPage() {
  const route = useHashRoute('registry');
  const [, registryId, ...repositoryParts] = route.split('/');
  const repository = repositoryParts.join('/');
  const { registries, error, version, reload } = useRegistries();
  const [term, setTerm] = useState('');
  const [dialog, setDialog] = useState<Dialog>();
  const [notice, setNotice] = useState<string>();
  const search = useRegistrySearch(term, version);
  // A note says what just happened here; on another view (a repository, back to the list) it is old news.
  useEffect(() => setNotice(undefined), [route]);
  const close = () => setDialog(undefined);
  const pull = (reference: string) => setDialog({ kind: 'pull', reference });

  const logout = (registry: RegistryInfo) =>
    api.call('registries.logout', { id: registry.id }).then(
      () => {
        setNotice(`Logged out of ${registry.name}; its credentials are deleted.`);
        reload();
      },
      (err: Error) => setNotice(`Could not log out of ${registry.name}: ${err.message}`),
    );

  const selected = registryId && repository ? registries?.find((registry) => registry.id === registryId) : undefined;

  return (
    <>
      {registryId && repository ? (
        selected ? (
          <RepositoryView key={`${registryId}/${repository}`} registry={selected} repository={repository} onPull={pull} />
        ) : registries ? (
          <Notice tone="error">That registry is not in your list any more. <a href="#/registry" className="underline">Back to the registries</a></Notice>
        ) : null
      ) : (
        <>
          <PageHeader title="Registries" subtitle="Search Docker Hub and your private registries at once">
            <button type="button" className={primaryButtonClass} onClick={() => setDialog({ kind: 'add' })}>
              Add registry
            </button>
          </PageHeader>
          {error ? <ErrorNotice error={error} what="your registries" /> : null}
          {notice ? <Notice tone="info">{notice}</Notice> : null}
          {registries ? <RegistryList registries={registries} onDialog={setDialog} onLogout={(registry) => void logout(registry)} /> : null}
          <div className="px-6 py-4">
            <input
              type="search"
              aria-label="Search all registries"
              placeholder="Search all registries (e.g. nginx, team/app)…"
              value={term}
              onChange={(event) => setTerm(event.target.value)}
              className={`${inputClass} max-w-2xl py-2 text-base`}
              autoFocus
            />
          </div>
          {search.error ? <Notice tone="error">The search failed: {search.error}</Notice> : null}
          {registries ? <SearchResults registries={registries} groups={search.groups} pending={search.pending} term={term.trim()} onPull={pull} /> : null}
        </>
      )}
      {dialog?.kind === 'add' ? (
        <AddRegistryDialog
          onClose={close}
          onAdded={(registry) => {
            close();
            setNotice(`Added ${registry.name}${registry.username ? `, logged in as ${registry.username}` : ''}.`);
            reload();
          }}
        />
      ) : null}
      {dialog?.kind === 'login' ? (
        <LoginDialog
          registry={dialog.registry}
          onClose={close}
          onDone={(registry) => {
            close();
            setNotice(`Logged in to ${registry.name} as ${registry.username}.`);
            reload();
          }}
        />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <RemoveRegistryDialog
          registry={dialog.registry}
          onClose={close}
          onRemoved={() => {
            close();
            setNotice(`Removed ${dialog.registry.name}.`);
            reload();
          }}
        />
      ) : null}
      {dialog?.kind === 'pull' ? <PullDialog initialReference={dialog.reference} onClose={close} /> : null}
    </>
  );
}
