import type { ImageUpdate } from '../../../../common/contract';
import { formatRelative } from '../../lib/format';

/** "Update available" (with the local image's age) or "Could not check"; nothing for the other states. */
export function UpdateBadge({ entry, compact }: { entry: ImageUpdate | undefined; /** One word, for narrow table cells (the age is in the tooltip). */ compact?: boolean }) {
  if (!entry) return null;
  if (entry.status === 'update-available') {
    const age = entry.localCreated ? `the local image is from ${formatRelative(entry.localCreated * 1000)}` : 'a newer image is on the registry';
    return (
      <span
        data-testid="update-badge"
        title={`A newer ${entry.reference} is on the registry; ${age}.`}
        className="inline-flex max-w-full items-center gap-1 truncate rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900 dark:bg-amber-900/60 dark:text-amber-100"
      >
        {compact ? 'Update' : 'Update available'}
        {entry.localCreated && !compact ? <span className="font-normal opacity-80">· local image {formatRelative(entry.localCreated * 1000)}</span> : null}
      </span>
    );
  }
  if (entry.status === 'error') {
    return (
      <span data-testid="update-unknown" title={entry.message} className="inline-flex max-w-full truncate rounded-full bg-slate-200 px-2 py-0.5 text-xs whitespace-nowrap text-slate-700 dark:bg-slate-800 dark:text-slate-300">
        {compact ? 'Unchecked' : 'Could not check'}
      </span>
    );
  }
  return null;
}
