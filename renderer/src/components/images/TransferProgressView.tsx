import type { TransferEvent } from '../../../../common/contract';
import { formatBytes } from '../../lib/format';
import type { TaskState } from './useStreamTask';
import { ProgressBar } from './ProgressBar';

/** The line above the bar: what happened, in words; a pull of an image already present says it was up to date. */
export function transferHeadline(state: TaskState, event: TransferEvent | undefined, what: 'Pull' | 'Push'): string {
  if (state === 'done') {
    if (what === 'Pull' && /Image is up to date/i.test(event?.status ?? '')) return 'Already up to date: nothing was downloaded';
    return `${what} complete`;
  }
  if (state === 'cancelled') return `${what} cancelled`;
  return event?.status || `${what}ing…`;
}

/** Per-layer bars and an overall bar for a pull or push, with the engine's own words for each layer. */
export function TransferProgressView({ event, state, what }: { event: TransferEvent | undefined; state: TaskState; what: 'Pull' | 'Push' }) {
  const overall = event?.overall ?? 0;
  const tone = state === 'failed' || state === 'cancelled' ? 'rose' : state === 'done' ? 'emerald' : 'cyan';
  return (
    <div className="space-y-3">
      <div>
        <div className="mb-1 flex justify-between text-xs">
          <span role="status" className="font-medium">{transferHeadline(state, event, what)}</span>
          <span className="tabular-nums text-slate-500 dark:text-slate-400">{Math.round(overall * 100)}%</span>
        </div>
        <ProgressBar fraction={overall} label={`${what} progress`} tone={tone} />
      </div>
      {event?.layers.length ? (
        <ul aria-label="Layers" className="max-h-64 space-y-2 overflow-auto pr-1">
          {event.layers.map((layer) => (
            <li key={layer.id} className="grid grid-cols-[7rem_1fr] items-center gap-x-3 gap-y-0.5 text-xs">
              <span className="font-mono text-slate-600 dark:text-slate-300">{layer.id}</span>
              <ProgressBar fraction={layer.fraction} label={`Layer ${layer.id}`} tone={layer.fraction >= 1 ? 'emerald' : 'cyan'} />
              <span />
              <span className="text-slate-500 dark:text-slate-400">
                {layer.status}
                {layer.total ? ` · ${formatBytes(layer.current ?? 0)} of ${formatBytes(layer.total)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {event?.digest ? <p className="break-all font-mono text-xs text-slate-500 dark:text-slate-400">{event.digest}</p> : null}
    </div>
  );
}
