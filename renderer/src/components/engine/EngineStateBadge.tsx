import type { EngineState, ManagedEngineState } from '../../../../common/contract';

/** The connection's states in the words the Engine page uses for every engine. */
const CONNECTION_LABELS: Record<EngineState, ManagedEngineState> = {
  connecting: 'starting',
  connected: 'running',
  unreachable: 'failed',
};

const STYLES: Record<ManagedEngineState, string> = {
  running: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200',
  starting: 'bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-200',
  stopping: 'bg-amber-100 text-amber-800 dark:bg-amber-900/60 dark:text-amber-200',
  stopped: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  failed: 'bg-rose-100 text-rose-800 dark:bg-rose-900/60 dark:text-rose-200',
};

export function connectionStateLabel(state: EngineState): ManagedEngineState {
  return CONNECTION_LABELS[state];
}

export function EngineStateBadge({ state, testId }: { state: ManagedEngineState; testId?: string }) {
  return (
    <span data-testid={testId} data-state={state} className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[state]}`}>
      {state}
    </span>
  );
}
