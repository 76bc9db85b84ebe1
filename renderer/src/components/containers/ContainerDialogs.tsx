import { useState } from 'react';
import type { ContainerSummary } from '../../../../common/contract';
import { api } from '../../api/client';
import { anonymousVolumes } from './container-actions';
import { FormField } from '../FormField';
import { inputClass, Modal } from '../Modal';
import { formatMemoryFlag, parseMemory } from './units';
import { useSubmit } from '../../hooks/useSubmit';

type Target = Pick<ContainerSummary, 'id' | 'name' | 'state' | 'mounts'>;

/** Confirms removal and names everything that goes with it. `onConfirm` performs it (so bulk removal can report per container). */
export function RemoveDialog({ targets, onClose, onConfirm }: { targets: Target[]; onClose(): void; onConfirm(options: { force: boolean; removeVolumes: boolean }): void }) {
  const running = targets.filter((t) => t.state === 'running' || t.state === 'restarting' || t.state === 'paused');
  const volumes = targets.flatMap(anonymousVolumes);
  const [force, setForce] = useState(running.length > 0);
  const [removeVolumes, setRemoveVolumes] = useState(false);
  const title = targets.length === 1 ? `Remove "${targets[0]!.name}"?` : `Remove ${targets.length} containers?`;
  return (
    <Modal title={title} submitLabel="Remove" danger onClose={onClose} onSubmit={() => onConfirm({ force, removeVolumes })}>
      <p>
        {targets.length === 1 ? 'The container' : 'These containers'} and {targets.length === 1 ? 'its' : 'their'} writable layer (every file changed
        inside, and the logs) will be deleted. This cannot be undone.
      </p>
      {targets.length > 1 ? (
        <ul className="max-h-32 list-inside list-disc overflow-auto font-mono text-xs">
          {targets.map((t) => (
            <li key={t.id}>{t.name}</li>
          ))}
        </ul>
      ) : null}
      {running.length ? (
        <label className="flex items-start gap-2">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} className="mt-0.5" />
          <span>
            Force: kill {running.length === 1 ? `"${running[0]!.name}", which is` : `${running.length} containers that are`} still running
          </span>
        </label>
      ) : null}
      <label className="flex items-start gap-2">
        <input type="checkbox" checked={removeVolumes} onChange={(e) => setRemoveVolumes(e.target.checked)} className="mt-0.5" />
        <span>
          Also remove anonymous volumes
          {volumes.length ? (
            <span className="block text-xs text-slate-500 dark:text-slate-400">
              {volumes.length} will be deleted with their data: {volumes.map((v) => v.slice(0, 12)).join(', ')}
            </span>
          ) : (
            <span className="block text-xs text-slate-500 dark:text-slate-400">None attached; named volumes and bind mounts are always kept.</span>
          )}
        </span>
      </label>
    </Modal>
  );
}

export function RenameDialog({ target, onClose }: { target: Target; onClose(): void }) {
  const [name, setName] = useState(target.name);
  const { submitting, error, setError, submit } = useSubmit<unknown>(onClose);
  const onSubmit = () => {
    const trimmed = name.trim();
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(trimmed)) {
      setError('A name has at least 2 characters: letters, digits, and _ . - only, starting with a letter or digit.');
      return;
    }
    if (trimmed === target.name) return onClose();
    void submit(() => api.call('containers.rename', { id: target.id, name: trimmed }));
  };
  return (
    <Modal title={`Rename "${target.name}"`} submitLabel="Rename" submitting={submitting} error={error} onClose={onClose} onSubmit={onSubmit}>
      <FormField id="rename-name" label="New name">
        <input
          id="rename-name"
          autoFocus
          className={inputClass}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            // The refusal was about the name as it was: a changed name has not been refused.
            setError(undefined);
          }}
        />
      </FormField>
    </Modal>
  );
}

export function StopDialog({ target, onClose, onConfirm }: { target: Target; onClose(): void; onConfirm(timeoutSeconds: number): void }) {
  const [seconds, setSeconds] = useState('10');
  const [error, setError] = useState<string>();
  const onSubmit = () => {
    const value = Number(seconds);
    if (!Number.isInteger(value) || value < 0 || value > 3600) return setError('Give a whole number of seconds between 0 and 3600.');
    onConfirm(value);
  };
  return (
    <Modal title={`Stop "${target.name}"`} submitLabel="Stop" error={error} onClose={onClose} onSubmit={onSubmit}>
      <FormField id="stop-seconds" label="Seconds to wait for a clean exit before killing" note="The main process gets SIGTERM (or the image's stop signal), then SIGKILL when the time is up.">
        <input id="stop-seconds" autoFocus inputMode="numeric" className={inputClass} value={seconds} onChange={(e) => setSeconds(e.target.value)} />
      </FormField>
    </Modal>
  );
}

export function ResourcesDialog({ target, current, onClose }: { target: Target; current: { cpus: number; memoryBytes: number }; onClose(): void }) {
  const [cpus, setCpus] = useState(current.cpus ? String(current.cpus) : '');
  const [memory, setMemory] = useState(current.memoryBytes ? formatMemoryFlag(current.memoryBytes) : '');
  const { submitting, error, setError, submit } = useSubmit<unknown>(onClose);
  const onSubmit = () => {
    const cpuValue = cpus.trim() === '' ? 0 : Number(cpus);
    if (!Number.isFinite(cpuValue) || cpuValue < 0 || cpuValue > 1024) return setError('CPUs must be a number such as 0.5 or 2 (empty for no limit).');
    const memoryValue = memory.trim() === '' ? undefined : parseMemory(memory);
    if (memory.trim() !== '' && (memoryValue === undefined || memoryValue < 6 * 1024 * 1024)) {
      return setError('Memory must be a size of at least 6m, such as 512m or 1g.');
    }
    void submit(() => api.call('containers.update', { id: target.id, cpus: cpuValue, ...(memoryValue !== undefined ? { memoryBytes: memoryValue } : {}) }));
  };
  return (
    <Modal title={`Resources of "${target.name}"`} submitLabel="Apply" submitting={submitting} error={error} onClose={onClose} onSubmit={onSubmit}>
      <FormField id="resources-cpus" label="CPUs" note="Like --cpus: 0.5 is half a core. Empty removes the limit.">
        <input
          id="resources-cpus"
          autoFocus
          className={inputClass}
          placeholder="no limit"
          value={cpus}
          onChange={(e) => {
            setCpus(e.target.value);
            setError(undefined);
          }}
        />
      </FormField>
      <FormField id="resources-memory" label="Memory limit" note="Like --memory: 512m, 1g. Applied to the running container.">
        <input
          id="resources-memory"
          className={inputClass}
          placeholder="unchanged"
          value={memory}
          onChange={(e) => {
            setMemory(e.target.value);
            setError(undefined);
          }}
        />
      </FormField>
    </Modal>
  );
}
