import type { LogSource } from '../../../../common/contract/logs';
import { sourceColour } from './LogRow';

/** Merged views: one chip per container (a Compose service's replica, a swarm service's task), click to hide or show its lines. */
export function ServiceFilter({ sources, hidden, onToggle, title = 'Services' }: { sources: LogSource[]; hidden: ReadonlySet<number>; onToggle(index: number): void; title?: string }) {
  const labels = sourceLabels(sources);
  return (
    <div role="group" aria-label={title} className="flex flex-wrap items-center gap-1.5 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
      <span className="mr-1 text-xs text-slate-600 dark:text-slate-400">{title}</span>
      {sources.map((source, index) => {
        const shown = !hidden.has(index);
        return (
          <button
            key={source.containerId}
            type="button"
            aria-pressed={shown}
            onClick={() => onToggle(index)}
            title={`${source.name}${source.running ? '' : ' (stopped)'}`}
            className={`flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 font-mono text-xs ${
              shown ? 'border-slate-700 bg-slate-900 dark:border-slate-600' : 'border-slate-300 bg-transparent opacity-50 line-through dark:border-slate-700'
            }`}
          >
            <span className={shown ? sourceColour(index) : 'text-slate-500'}>{labels[index]}</span>
            {source.running ? null : <span className="text-[10px] text-slate-400 no-underline">stopped</span>}
          </button>
        );
      })}
    </div>
  );
}

/** What a merged view prefixes each source's lines with: its service, or its container name when replicas share one. */
export function sourceLabels(sources: readonly LogSource[]): string[] {
  const perService = new Map<string, number>();
  for (const source of sources) if (source.service) perService.set(source.service, (perService.get(source.service) ?? 0) + 1);
  return sources.map((source) => (source.service && perService.get(source.service) === 1 ? source.service : source.name));
}
