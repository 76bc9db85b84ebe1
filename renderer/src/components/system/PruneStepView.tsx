import type { PruneStepState } from './usePruneStep';
import { formatBytes } from '../../lib/format';
import { PrunePreviewList } from './PrunePreviewList';
import { plural } from '../../lib/plural';

/** What a prune step will delete, or, once confirmed, what it deleted and what it kept and why. */
export interface PruneNoun {
  one: string;
  many: string;
}

export function PruneStepView({ state, noun }: { state: PruneStepState; noun: PruneNoun }) {
  const { preview, result, error } = state;
  if (result) {
    return (
      <div className="space-y-3">
        <p role="status">
          Removed {plural(result.removed.length, noun.one, noun.many)}
          {result.reclaimedBytes ? `, ${formatBytes(result.reclaimedBytes)} reclaimed` : ''}.
        </p>
        {result.removed.length ? <PrunePreviewList candidates={result.removed} label={`Removed ${noun.many}`} /> : null}
        {result.failed.length ? (
          <div>
            <p className="font-medium text-amber-700 dark:text-amber-300">Kept {result.failed.length}:</p>
            <ul aria-label={`Kept ${noun.many}`} className="mt-1 list-disc space-y-1 pl-5 text-xs">
              {result.failed.map((failure) => (
                <li key={failure.id}>
                  <span className="font-medium">{failure.name}</span>: {failure.reason}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    );
  }
  if (error && !preview) return <p role="alert" className="text-rose-700 dark:text-rose-300">Could not list what would be removed: {error.message}</p>;
  if (!preview) return <p className="text-slate-500">Looking for {noun.many}…</p>;
  if (!preview.candidates.length) return <p role="status">Nothing to remove: there are no {noun.many}.</p>;
  return (
    <div className="space-y-3">
      <p>
        What is ticked here will be deleted ({plural(state.chosen.size, 'item')} of {preview.candidates.length}
        {preview.totalBytes ? `; all of them come to about ${formatBytes(preview.totalBytes)}` : ''}). Untick what you want to keep. Nothing else is touched, and
        anything that comes into use before you confirm is kept.
      </p>
      <PrunePreviewList candidates={preview.candidates} label={`${noun.many} to remove`} chosen={state.chosen} onToggle={state.toggle} />
    </div>
  );
}
