import type { ImageUpdate } from '../../../../common/contract';
import { formatRelative } from '../../lib/format';

/** "Update available" (with the local image's age) or "Could not check"; nothing for the other states. */
export function UpdateBadge({ entry }: { entry: ImageUpdate | undefined }) {
  if (!entry) return null;
  if (entry.status === 'update-available') {
    const age = entry.localCreated ? `the local image is from ${formatRelative(entry.localCreated * 1000)}` : 'a newer image is on the registry';
    return (
      <span
        data-testid="update-badge"
        title={`A newer ${entry.reference} is on the registry; ${age}.`}
        className="inline-flex items-center gap-1 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900 dark:bg-amber-900/60 dark:text-amber-100"
      >
        Update available
        {entry.localCreated ? <span className="font-normal opacity-80">· {formatRelative(entry.localCreated * 1000)}</span> : null}
      </span>
    );
  }
  if (entry.status === 'error') {
    return (
      <span data-testid="update-unknown" title={entry.message} className="inline-flex rounded-full bg-slate-200 px-2 py-0.5 text-xs whitespace-nowrap text-slate-700 dark:bg-slate-800 dark:text-slate-300">
        Could not check
      </span>
    );
  }
  return null;
}
