import { formatBytes } from '../../lib/format';
import { buttonClass } from '../Modal';

/** A progress line for a running transfer, with its byte count and a cancel button. */
export function TransferBar({ label, sentBytes, totalBytes, onCancel }: { label: string; sentBytes: number; totalBytes?: number | undefined; onCancel?: () => void }) {
  const percent = totalBytes ? Math.min(100, Math.round((sentBytes / totalBytes) * 100)) : undefined;
  return (
    <div role="status" className="flex items-center gap-3 text-sm">
      <span className="min-w-0 flex-1">
        <span className="block truncate">
          {label} — {formatBytes(sentBytes)}
          {totalBytes ? ` of ${formatBytes(totalBytes)}` : ''}
        </span>
        <span className="mt-1 block h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800">
          <span
            className={`block h-full rounded-full bg-cyan-600 ${percent === undefined ? 'w-1/3 animate-pulse' : ''}`}
            style={percent === undefined ? undefined : { width: `${percent}%` }}
          />
        </span>
      </span>
      {onCancel ? (
        <button type="button" className={buttonClass} onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
