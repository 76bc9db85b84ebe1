import type { SystemPruneCandidate } from '../../../../common/contract';
import { formatBytes } from '../../lib/format';

/**
 * The exact list of what a prune step deletes (or deleted). With `chosen`, each item has a checkbox (all ticked at
 * first), so a user on a shared engine can keep some.
 */
export function PrunePreviewList({ candidates, label, chosen, onToggle }: { candidates: SystemPruneCandidate[]; label: string; chosen?: ReadonlySet<string>; onToggle?(id: string): void }) {
  return (
    <ul aria-label={label} className="max-h-72 divide-y divide-slate-100 overflow-auto rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
      {candidates.map((candidate) => (
        <li key={candidate.id} className="flex items-baseline justify-between gap-3 px-3 py-1.5">
          <span className="flex min-w-0 items-baseline gap-2">
            {chosen ? (
              <input type="checkbox" aria-label={`Delete ${candidate.name}`} checked={chosen.has(candidate.id)} onChange={() => onToggle?.(candidate.id)} className="shrink-0 translate-y-0.5" />
            ) : null}
            <span className="min-w-0">
            <span className="block truncate font-medium" title={candidate.name}>
              {candidate.name}
            </span>
            {candidate.detail ? <span className="block truncate text-xs text-slate-500 dark:text-slate-400">{candidate.detail}</span> : null}
            </span>
          </span>
          {candidate.sizeBytes !== undefined ? <span className="shrink-0 tabular-nums text-xs text-slate-500">{formatBytes(candidate.sizeBytes)}</span> : null}
        </li>
      ))}
    </ul>
  );
}
