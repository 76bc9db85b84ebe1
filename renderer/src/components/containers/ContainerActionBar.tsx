import { useState } from 'react';
import type { ContainerDetails } from '../../../../common/contract';
import { api } from '../../api/client';
import { SIMPLE_ACTIONS, simpleAction, type SimpleAction } from './container-actions';
import { RemoveDialog, RenameDialog, ResourcesDialog, StopDialog } from './ContainerDialogs';
import { buttonClass, dangerButtonClass } from '../Modal';
import type { ActionRunner } from './useActionRunner';
import { RunDialog } from './RunDialog';

type Open = 'remove' | 'rename' | 'resources' | 'stop' | 'edit' | 'duplicate' | undefined;

/** Every action for one container, as buttons, with the dialogs the larger ones need. */
export function ContainerActionBar({ container, runner, onRemoved }: { container: ContainerDetails; runner: ActionRunner; onRemoved(): void }) {
  const [open, setOpen] = useState<Open>();
  const target = { id: container.id, name: container.name, state: container.state, mounts: container.mounts };
  const busy = runner.busy.has(container.id);
  const perform = (action: SimpleAction) =>
    void runner.run({ progress: action.progress, failed: action.label.toLowerCase() }, [target], (id) => action.run(id));
  const close = () => setOpen(undefined);

  return (
    <div className="flex flex-wrap items-center gap-2">
      {SIMPLE_ACTIONS.filter((action) => action.id !== 'stop' && action.appliesTo(container.state)).map((action) => (
        <button key={action.id} type="button" className={buttonClass} disabled={busy} onClick={() => perform(action)}>
          {action.label}
        </button>
      ))}
      {simpleAction('stop').appliesTo(container.state) ? (
        <>
          <button type="button" className={buttonClass} disabled={busy} onClick={() => perform(simpleAction('stop'))}>
            Stop
          </button>
          <button type="button" className={buttonClass} disabled={busy} onClick={() => setOpen('stop')} title="Stop with a custom timeout">
            Stop after…
          </button>
        </>
      ) : null}
      <button type="button" className={buttonClass} disabled={busy} onClick={() => setOpen('edit')}>
        Edit…
      </button>
      <button type="button" className={buttonClass} disabled={busy} onClick={() => setOpen('duplicate')}>
        Duplicate…
      </button>
      <button type="button" className={buttonClass} disabled={busy} onClick={() => setOpen('rename')}>
        Rename
      </button>
      <button type="button" className={buttonClass} disabled={busy} onClick={() => setOpen('resources')}>
        Resources
      </button>
      <button type="button" className={dangerButtonClass} disabled={busy} onClick={() => setOpen('remove')}>
        Remove
      </button>
      {open === 'stop' ? (
        <StopDialog
          target={target}
          onClose={close}
          onConfirm={(timeoutSeconds) => {
            close();
            void runner.run({ progress: 'Stopping', failed: 'stop' }, [target], (id) => api.call('containers.stop', { id, timeoutSeconds }));
          }}
        />
      ) : null}
      {open === 'edit' || open === 'duplicate' ? (
        <RunDialog
          key={open}
          source={{ containerId: container.id, purpose: open }}
          onClose={close}
          onStarted={(id) => {
            close();
            window.location.hash = `#/containers/${encodeURIComponent(id)}`;
          }}
        />
      ) : null}
      {open === 'rename' ? <RenameDialog target={target} onClose={close} /> : null}
      {open === 'resources' ? <ResourcesDialog target={target} current={{ cpus: container.cpus, memoryBytes: container.memoryBytes }} onClose={close} /> : null}
      {open === 'remove' ? (
        <RemoveDialog
          targets={[target]}
          onClose={close}
          onConfirm={(options) => {
            close();
            void runner.run({ progress: 'Removing', failed: 'remove' }, [target], (id) => api.call('containers.remove', { id, ...options })).then((ok) => {
              if (ok) onRemoved();
            });
          }}
        />
      ) : null}
    </div>
  );
}
