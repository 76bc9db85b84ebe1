import { useState } from 'react';
import type { ActiveChoice, EndpointInput, EngineEndpoint, EngineSettingsView, EngineStatus } from '../../../../common/contract';
import { buttonClass, dangerButtonClass, Modal, primaryButtonClass } from '../Modal';
import { Card } from './Card';
import { EndpointDialog } from './EndpointDialog';

export interface EndpointListProps {
  settings: EngineSettingsView | undefined;
  status: EngineStatus;
  pending: boolean;
  onActivate(choice: ActiveChoice): void;
  onAdd(input: EndpointInput): Promise<void>;
  onUpdate(id: string, input: EndpointInput): Promise<void>;
  onRemove(endpoint: EngineEndpoint): Promise<void>;
}

type Editing = { mode: 'add' } | { mode: 'edit'; endpoint: EngineEndpoint } | undefined;

/** The engines the user added by hand: tried first in automatic mode, and selectable directly. */
export function EndpointList({ settings, status, pending, onActivate, onAdd, onUpdate, onRemove }: EndpointListProps) {
  const [editing, setEditing] = useState<Editing>();
  const [removing, setRemoving] = useState<EngineEndpoint>();
  const [removeError, setRemoveError] = useState<string>();
  const endpoints = settings?.endpoints ?? [];
  const active = settings?.active;

  return (
    <Card
      title="Your endpoints"
      className="lg:col-span-2"
      actions={
        <button type="button" className={primaryButtonClass} onClick={() => setEditing({ mode: 'add' })}>
          Add endpoint
        </button>
      }
    >
      {endpoints.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">Add a remote engine (tcp:// with TLS, or ssh://) or another socket to switch between engines.</p>
      ) : (
        <ul aria-label="Endpoints" className="divide-y divide-slate-100 dark:divide-slate-800">
          {endpoints.map((endpoint) => {
            const isActive = active?.mode === 'endpoint' && active.id === endpoint.id && status.endpoint === endpoint.url;
            return (
              <li key={endpoint.id} data-endpoint={endpoint.name} className="flex flex-wrap items-center gap-2 py-2 text-sm">
                <div className="min-w-0 flex-1">
                  <div className="font-medium">
                    {endpoint.name}
                    {isActive ? <span className="ml-2 rounded-full bg-cyan-100 px-2 py-0.5 text-xs font-medium text-cyan-800 dark:bg-cyan-900/60 dark:text-cyan-200">active</span> : null}
                    {endpoint.tls ? <span className="ml-2 text-xs text-slate-500">TLS</span> : null}
                  </div>
                  <code className="font-mono text-xs break-all text-slate-500 dark:text-slate-400">{endpoint.url}</code>
                </div>
                {!isActive ? (
                  <button type="button" className={buttonClass} disabled={pending} onClick={() => onActivate({ mode: 'endpoint', id: endpoint.id })}>
                    Use
                  </button>
                ) : null}
                <button type="button" className={buttonClass} onClick={() => setEditing({ mode: 'edit', endpoint })}>
                  Edit
                </button>
                <button type="button" className={dangerButtonClass} disabled={pending} onClick={() => setRemoving(endpoint)}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {removing ? (
        <Modal
          title={`Remove “${removing.name}”?`}
          danger
          submitLabel="Remove"
          error={removeError}
          onClose={() => {
            setRemoving(undefined);
            setRemoveError(undefined);
          }}
          onSubmit={() =>
            void onRemove(removing).then(
              () => setRemoving(undefined),
              (err: Error) => setRemoveError(err.message),
            )
          }
        >
          <p>
            Berth forgets this endpoint. The engine itself and its containers are not touched.
            {active?.mode === 'endpoint' && active.id === removing.id ? ' It is the active engine: Berth goes back to choosing automatically.' : ''}
          </p>
        </Modal>
      ) : null}
      {editing ? (
        <EndpointDialog
          endpoint={editing.mode === 'edit' ? editing.endpoint : undefined}
          onClose={() => setEditing(undefined)}
          onSave={async (input) => {
            if (editing.mode === 'edit') await onUpdate(editing.endpoint.id, input);
            else await onAdd(input);
            setEditing(undefined);
          }}
        />
      ) : null}
    </Card>
  );
}
