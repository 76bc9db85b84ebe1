import type { ServicePort, ServiceUpdateStatus, TaskInfo } from '../../../../common/contract';
import { formatRelative } from '../../lib/format';

/** An image reference that wraps after `/` and `:` rather than in the middle of a name. */
export function ImageName({ image }: { image: string }) {
  const parts = image.split(/(?<=[/:@])/);
  return (
    <span className="font-mono text-xs" title={image}>
      {parts.map((part, index) => (
        <span key={index}>
          {part}
          {index < parts.length - 1 ? <wbr /> : null}
        </span>
      ))}
    </span>
  );
}

/** Running of desired tasks as a bar: green running, grey missing; amber while fewer run than wanted. */
export function ReplicaBar({ running, desired }: { running: number; desired: number }) {
  const full = desired > 0 && running >= desired;
  const share = desired > 0 ? Math.min(1, running / desired) : running > 0 ? 1 : 0;
  return (
    <span className="flex items-center gap-2" title={`${running} of ${desired} tasks running`}>
      <span
        role="meter"
        aria-label="Replicas running"
        aria-valuemin={0}
        aria-valuemax={desired}
        aria-valuenow={running}
        className="relative h-2 w-20 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <span className={`absolute inset-y-0 left-0 rounded-full ${full ? 'bg-emerald-500' : 'bg-amber-500'}`} style={{ width: `${share * 100}%` }} />
      </span>
      <span className={`font-mono text-xs tabular-nums ${running < desired ? 'font-semibold text-amber-700 dark:text-amber-300' : ''}`} data-testid="replicas">
        {running}/{desired}
      </span>
    </span>
  );
}

export function portText(port: ServicePort): string {
  const published = port.published ?? '(any)';
  return `${published}→${port.target}/${port.protocol}${port.mode === 'host' ? ' host' : ''}`;
}

export function PortList({ ports }: { ports: ServicePort[] }) {
  if (!ports.length) return <span className="text-slate-400">none</span>;
  return (
    <span className="flex flex-col font-mono text-xs">
      {ports.map((port) => (
        <span key={`${port.published}-${port.target}-${port.protocol}`}>{portText(port)}</span>
      ))}
    </span>
  );
}

const UPDATE_WORDS: Record<ServiceUpdateStatus['state'], string> = {
  updating: 'Updating',
  paused: 'Update paused',
  completed: 'Updated',
  rollback_started: 'Rolling back',
  rollback_paused: 'Rollback paused',
  rollback_completed: 'Rolled back',
};

const UPDATE_STYLES: Record<ServiceUpdateStatus['state'], string> = {
  updating: 'bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-200',
  paused: 'bg-amber-100 text-amber-800 dark:bg-amber-900/60 dark:text-amber-200',
  completed: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200',
  rollback_started: 'bg-amber-100 text-amber-800 dark:bg-amber-900/60 dark:text-amber-200',
  rollback_paused: 'bg-rose-100 text-rose-800 dark:bg-rose-900/60 dark:text-rose-200',
  rollback_completed: 'bg-amber-100 text-amber-800 dark:bg-amber-900/60 dark:text-amber-200',
};

export function UpdateBadge({ update }: { update: ServiceUpdateStatus | undefined }) {
  if (!update) return <span className="text-slate-400">—</span>;
  return (
    <span data-update-state={update.state} title={update.message} className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${UPDATE_STYLES[update.state]}`}>
      {UPDATE_WORDS[update.state]}
    </span>
  );
}

const TASK_STYLES: Record<string, string> = {
  running: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200',
  failed: 'bg-rose-100 text-rose-800 dark:bg-rose-900/60 dark:text-rose-200',
  rejected: 'bg-rose-100 text-rose-800 dark:bg-rose-900/60 dark:text-rose-200',
  pending: 'bg-amber-100 text-amber-800 dark:bg-amber-900/60 dark:text-amber-200',
  shutdown: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  complete: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

export function TaskStateBadge({ state }: { state: TaskInfo['state'] }) {
  return (
    <span data-task-state={state} className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${TASK_STYLES[state] ?? 'bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-200'}`}>
      {state}
    </span>
  );
}

export function HealthBadge({ health }: { health: TaskInfo['health'] }) {
  if (!health) return null;
  const style = health === 'healthy' ? 'text-emerald-700 dark:text-emerald-300' : health === 'unhealthy' ? 'text-rose-700 dark:text-rose-300' : 'text-amber-700 dark:text-amber-300';
  return (
    <span data-health={health} className={`text-xs font-medium ${style}`}>
      {health}
    </span>
  );
}

export function Ago({ time }: { time: string }) {
  const ms = Date.parse(time);
  if (!Number.isFinite(ms) || ms <= 0) return <span className="text-slate-400">—</span>;
  return (
    <time dateTime={time} title={new Date(ms).toLocaleString()} className="whitespace-nowrap">
      {formatRelative(ms)}
    </time>
  );
}

/** A task stuck before it runs, said in words: "Waiting: no suitable node (…)". */
export function taskProblem(task: TaskInfo): string | undefined {
  // A pending task's reason is in its error ("no suitable node (…)"); its message only says "pending task scheduling".
  if (task.state === 'pending' && (task.error || task.message)) return `Waiting: ${task.error ?? task.message}`;
  return task.error;
}
