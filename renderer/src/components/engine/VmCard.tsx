import { useEffect, useState, type ReactNode } from 'react';
import type { ActiveChoice, EngineStatus, VmSettings, VmStatus } from '../../../../common/contract';
import { VM_STEP_LABELS } from '../../../../common/contract/vm';
import type { ApiError } from '../../../../common/errors';
import { api } from '../../api/client';
import { formatBytes, formatRelative } from '../../lib/format';
import { InfoList } from '../InfoList';
import { buttonClass, inputClass, Modal, primaryButtonClass } from '../Modal';
import { ActionError, Card } from './Card';
import { EngineStateBadge } from './EngineStateBadge';
import { KeepRunningCheckbox } from './KeepRunningCheckbox';
import { useEngineAction } from './useEngineAction';
import { useVmResources } from './useVm';

export interface VmCardProps {
  vm: VmStatus;
  status: EngineStatus;
  onActivate(choice: ActiveChoice): Promise<boolean>;
}

function Note({ tone, children, testId }: { tone: 'amber' | 'rose'; children: ReactNode; testId?: string }) {
  const styles =
    tone === 'amber'
      ? 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
      : 'border-rose-300 bg-rose-50 text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100';
  return (
    <div data-testid={testId} className={`mb-3 rounded-md border p-3 text-sm break-words ${styles}`}>
      {children}
    </div>
  );
}

/** CPUs, memory and disk; editable while the VM is stopped (the disk only grows). */
function ResourcesForm({ vm }: { vm: VmStatus }) {
  const [saved, setSaved] = useState<VmSettings>();
  const [draft, setDraft] = useState<{ cpus: string; memoryMiB: string; diskGiB: string }>();
  const { pending, error, run } = useEngineAction();
  const editable = vm.state === 'stopped' || vm.state === 'failed';

  useEffect(() => {
    api.call('vm.settings.get', {}).then((settings) => {
      setSaved(settings);
      setDraft({ cpus: String(settings.cpus), memoryMiB: String(settings.memoryMiB), diskGiB: String(settings.diskGiB) });
    }, () => undefined);
  }, []);

  if (!saved || !draft) return null;
  const changed = draft.cpus !== String(saved.cpus) || draft.memoryMiB !== String(saved.memoryMiB) || draft.diskGiB !== String(saved.diskGiB);
  const field = (key: keyof typeof draft, label: string, unit: string, min: number) => (
    <label className="flex flex-col gap-1 text-xs text-slate-500 dark:text-slate-400">
      {label}
      <span className="flex items-center gap-1">
        <input
          type="number"
          min={key === 'diskGiB' ? saved.diskGiB : min}
          className={`${inputClass} w-24`}
          value={draft[key]}
          disabled={!editable || Boolean(pending)}
          onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
          aria-label={label}
        />
        <span>{unit}</span>
      </span>
    </label>
  );
  return (
    <form
      className="mt-4"
      aria-label="VM resources"
      onSubmit={(event) => {
        event.preventDefault();
        void run('save', async () => {
          const next = await api.call('vm.settings.set', { cpus: Number(draft.cpus), memoryMiB: Number(draft.memoryMiB), diskGiB: Number(draft.diskGiB) });
          setSaved(next);
        });
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        {field('cpus', 'CPUs', '', 1)}
        {field('memoryMiB', 'Memory', 'MiB', 512)}
        {field('diskGiB', 'Disk', 'GiB (grows only)', 4)}
        <button type="submit" className={buttonClass} disabled={!editable || !changed || Boolean(pending)}>
          {pending === 'save' ? 'Saving…' : 'Save'}
        </button>
      </div>
      {!editable ? <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Stop the VM to change its resources.</p> : null}
      <ActionError message={error} />
    </form>
  );
}

/** Berth's VM: its state and boot step, accelerator, resources and host memory, lifecycle, and "Use the VM". */
export function VmCard({ vm, status, onActivate }: VmCardProps) {
  const { pending, error, run } = useEngineAction();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();
  const [keep, setKeep] = useState<boolean>();
  const resources = useVmResources(vm.state === 'running');
  const busy = Boolean(pending) || vm.state === 'starting' || vm.state === 'stopping';
  const isActive = status.source === 'vm';
  const up = vm.state === 'running' || vm.state === 'starting';

  useEffect(() => {
    api.call('vm.settings.get', {}).then((settings) => setKeep(settings.keepRunning), () => undefined);
  }, []);

  const actions = vm.available ? (
    <>
      {!isActive ? (
        <button type="button" className={buttonClass} disabled={Boolean(pending)} onClick={() => void run('use', () => onActivate({ mode: 'vm' }))}>
          {pending === 'use' ? 'Starting…' : 'Use the VM'}
        </button>
      ) : null}
      {up ? null : (
        <button type="button" className={primaryButtonClass} disabled={busy} onClick={() => void run('start', () => api.call('vm.start', {}))}>
          {pending === 'start' ? 'Starting…' : 'Start'}
        </button>
      )}
      <button type="button" className={buttonClass} disabled={busy || vm.state !== 'running'} onClick={() => void run('restart', () => api.call('vm.restart', {}))}>
        {pending === 'restart' ? 'Restarting…' : 'Restart'}
      </button>
      <button type="button" className={buttonClass} disabled={Boolean(pending) || vm.state === 'stopped' || vm.state === 'stopping' || vm.state === 'failed'} onClick={() => void run('stop', () => api.call('vm.stop', {}))}>
        {pending === 'stop' ? 'Stopping…' : 'Stop'}
      </button>
      <button type="button" className={buttonClass} disabled={busy || up} onClick={() => setConfirmDelete(true)}>
        Delete…
      </button>
    </>
  ) : null;

  const state = (
    <span className="inline-flex items-center gap-2">
      <EngineStateBadge state={vm.state} testId="vm-state" />
      {vm.state === 'starting' && vm.step ? <span className="text-xs text-slate-500" data-testid="vm-step">{VM_STEP_LABELS[vm.step]}</span> : null}
      {isActive ? <span className="text-xs text-slate-500">active</span> : null}
    </span>
  );

  return (
    <Card title="Berth's VM" actions={actions}>
      {!vm.available ? (
        <Note tone="amber" testId="vm-unavailable">
          {vm.unavailableReason}
        </Note>
      ) : null}
      {vm.accelNote ? (
        <Note tone="amber" testId="vm-slow-mode">
          {vm.accelNote}
        </Note>
      ) : null}
      {vm.failure ? (
        <Note tone="rose" testId="vm-failure">
          <p className="font-medium">
            Failed while {VM_STEP_LABELS[vm.failure.step]}: {vm.failure.message}
          </p>
          {vm.failure.command ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-xs">Last command</summary>
              <code className="mt-1 block font-mono text-xs break-all">{vm.failure.command}</code>
            </details>
          ) : null}
          {vm.failure.logTail.length ? (
            <details className="mt-2" open>
              <summary className="cursor-pointer text-xs">Last console lines</summary>
              <pre className="mt-1 max-h-48 overflow-auto font-mono text-xs whitespace-pre-wrap">{vm.failure.logTail.join('\n')}</pre>
            </details>
          ) : null}
        </Note>
      ) : null}
      <InfoList
        label="Berth's VM"
        items={[
          ['State', state],
          ...(vm.reason ? ([['Reason', <span data-testid="vm-reason">{vm.reason}</span>]] as [string, ReactNode][]) : []),
          ['Since', formatRelative(vm.since)],
          ...(vm.accel ? ([['Acceleration', vm.accel === 'tcg' ? 'none (TCG emulation: slow)' : vm.accel.toUpperCase()]] as [string, ReactNode][]) : []),
          ...(vm.pid ? ([['Process', `QEMU, pid ${vm.pid}`]] as [string, string][]) : []),
          ...(resources ? ([['Host memory used', <span data-testid="vm-rss">{formatBytes(resources.rssBytes)} ({[...new Set(resources.processes.map((entry) => entry.name))].join(' + ')}); disk file {formatBytes(resources.diskAllocatedBytes)}</span>]] as [string, ReactNode][]) : []),
          ['Restarts after crashes', String(vm.restarts)],
          ...(vm.share ? ([['Home folder', vm.share.type === 'none' ? <span>not shared{vm.share.note ? `: ${vm.share.note}` : ''}</span> : `${vm.share.path} (${vm.share.type})`]] as [string, ReactNode][]) : []),
          ...(vm.endpoint ? ([['Engine', <code className="font-mono text-xs break-all">{vm.endpoint} (TLS)</code>]] as [string, ReactNode][]) : []),
          ...(vm.image ? ([['Guest', `${vm.image.arch}, Docker ${vm.image.docker ?? '?'}, kernel ${vm.image.kernel ?? '?'}`]] as [string, string][]) : []),
          ['Files', <code className="font-mono text-xs break-all">{vm.dataDir}</code>],
          ['Client certificates', <code className="font-mono text-xs break-all">DOCKER_CERT_PATH={vm.certDir}</code>],
        ]}
      />
      {vm.available ? <ResourcesForm vm={vm} /> : null}
      {vm.available && keep !== undefined ? (
        <KeepRunningCheckbox
          saved={keep}
          label="Keep the VM running when Berth quits"
          busy={pending === 'keep'}
          save={(wanted) =>
            run('keep', () => api.call('vm.settings.set', { keepRunning: wanted })).then((ok) => {
              if (ok) setKeep(wanted);
              return ok;
            })
          }
        />
      ) : null}
      <ActionError message={error} />
      {confirmDelete ? (
        <Modal
          title="Delete Berth's VM?"
          submitLabel="Delete the VM"
          danger
          submitting={pending === 'delete'}
          error={deleteError}
          onClose={() => {
            setConfirmDelete(false);
            setDeleteError(undefined);
          }}
          onSubmit={() => {
            setDeleteError(undefined);
            void api.call('vm.delete', {}).then(
              () => setConfirmDelete(false),
              (err: ApiError) => setDeleteError(err.message),
            );
          }}
        >
          <p>
            This deletes the VM's disk and with it <strong>every image, container and volume</strong> stored in the VM, plus its TLS certificates and boot log. Files in
            your home folder are not touched. The next start creates an empty VM.
          </p>
          <p className="font-mono text-xs break-all text-slate-500">{vm.dataDir}</p>
        </Modal>
      ) : null}
    </Card>
  );
}
