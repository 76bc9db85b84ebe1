import type { ReactNode } from 'react';
import type { ActiveChoice, EngineStatus, ManagedEngineStatus } from '../../../../common/contract';
import { api } from '../../api/client';
import { formatRelative } from '../../lib/format';
import { buttonClass, primaryButtonClass } from '../Modal';
import { InfoList } from '../InfoList';
import { ActionError, Card } from './Card';
import { EngineStateBadge } from './EngineStateBadge';
import { KeepRunningCheckbox } from './KeepRunningCheckbox';
import { useEngineAction } from './useEngineAction';

export interface ManagedEngineCardProps {
  managed: ManagedEngineStatus;
  status: EngineStatus;
  keepRunning: boolean;
  onActivate(choice: ActiveChoice): Promise<boolean>;
  onKeepRunningChange(keep: boolean): Promise<unknown>;
}

/** Berth's own dockerd: its state and why, start/stop/restart, and whether it outlives Berth. */
export function ManagedEngineCard({ managed, status, keepRunning, onActivate, onKeepRunningChange }: ManagedEngineCardProps) {
  const { pending, error, run } = useEngineAction();
  const busy = Boolean(pending) || managed.state === 'starting' || managed.state === 'stopping';
  const isActive = status.endpoint === managed.endpoint;
  const up = managed.state === 'running' || managed.state === 'starting';

  const actions = managed.installed ? (
    <>
      {!isActive ? (
        <button type="button" className={buttonClass} disabled={Boolean(pending)} onClick={() => void run('use', () => onActivate({ mode: 'managed' }))}>
          Use this engine
        </button>
      ) : null}
      {up ? null : (
        <button type="button" className={primaryButtonClass} disabled={busy} onClick={() => void run('start', () => api.call('engine.managed.start', {}))}>
          {pending === 'start' ? 'Starting…' : 'Start'}
        </button>
      )}
      <button type="button" className={buttonClass} disabled={busy || !up} onClick={() => void run('restart', () => api.call('engine.managed.restart', {}))}>
        {pending === 'restart' ? 'Restarting…' : 'Restart'}
      </button>
      <button type="button" className={buttonClass} disabled={Boolean(pending) || managed.state === 'stopped' || managed.state === 'stopping'} onClick={() => void run('stop', () => api.call('engine.managed.stop', {}))}>
        {pending === 'stop' ? 'Stopping…' : 'Stop'}
      </button>
    </>
  ) : null;

  return (
    <Card title="Berth's managed engine" actions={actions}>
      {!managed.installed ? (
        <p data-testid="install-hint" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {managed.reason}
        </p>
      ) : null}
      <InfoList
        label="Managed engine"
        items={[
          ['State', <span className="inline-flex items-center gap-2"><EngineStateBadge state={managed.state} testId="managed-state" />{isActive ? <span className="text-xs text-slate-500">active</span> : null}</span>],
          ...(managed.installed && managed.reason ? ([['Reason', <span data-testid="managed-reason">{managed.reason}</span>]] as [string, ReactNode][]) : []),
          ['Since', formatRelative(managed.since)],
          ...(managed.pid ? ([['Process', `dockerd, pid ${managed.pid}`]] as [string, string][]) : []),
          ['Restarts after crashes', String(managed.restarts)],
          ['Socket', <code className="font-mono text-xs break-all">{managed.endpoint}</code>],
          ['Files', <code className="font-mono text-xs break-all">{managed.dataDir}</code>],
        ]}
      />
      {managed.installed ? (
        <KeepRunningCheckbox
          saved={keepRunning}
          label="Keep it running when Berth quits"
          busy={pending === 'keep'}
          save={(wanted) => run('keep', () => onKeepRunningChange(wanted))}
        />
      ) : null}
      <ActionError message={error} />
    </Card>
  );
}
