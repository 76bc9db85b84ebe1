import { useEffect, useRef, useState } from 'react';
import { notificationText, type BerthNotification } from '../../../../common/notifications/notification';

/** A success fades after this long; errors and warnings stay until dismissed or opened. */
const SUCCESS_VISIBLE_MS = 8000;

const LEVEL_CLASS: Record<BerthNotification['level'], string> = {
  error: 'border-l-rose-500',
  warning: 'border-l-amber-500',
  success: 'border-l-emerald-500',
};

function Toast({ notification, onDismiss }: { notification: BerthNotification; onDismiss(): void }) {
  const [hovered, setHovered] = useState(false);
  const { title, body } = notificationText(notification);
  // The page re-renders often (every route change); the timer restarts only for a new or updated notification.
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;
  useEffect(() => {
    if (notification.level !== 'success' || hovered) return;
    const timer = setTimeout(() => dismiss.current(), SUCCESS_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notification, hovered]);
  return (
    <li
      role={notification.level === 'success' ? 'status' : 'alert'}
      aria-label={title}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      className={`pointer-events-auto flex w-96 max-w-[calc(100vw-2rem)] items-start gap-3 rounded-md border border-l-4 border-slate-200 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900 ${LEVEL_CLASS[notification.level]}`}
    >
      <a
        href={`#/${notification.route}`}
        onClick={onDismiss}
        className="min-w-0 flex-1 rounded outline-none focus-visible:ring-2 focus-visible:ring-cyan-500"
        title="Open"
      >
        <p className="font-medium break-words text-slate-900 dark:text-slate-100">{title}</p>
        <p className="mt-0.5 break-words text-slate-600 dark:text-slate-300">{body}</p>
      </a>
      <button type="button" onClick={onDismiss} aria-label={`Dismiss: ${title}`} className="rounded px-1 text-slate-400 hover:text-slate-700 dark:hover:text-slate-200">
        ×
      </button>
    </li>
  );
}

/** Browser mode's notifications, bottom right above everything; clicking one opens what it is about. */
export function Toasts({ toasts, onDismiss }: { toasts: BerthNotification[]; onDismiss(id: string): void }) {
  if (!toasts.length) return null;
  return (
    <ol aria-label="Notifications" className="pointer-events-none fixed right-4 bottom-4 z-50 flex flex-col items-end gap-2">
      {toasts.map((notification) => (
        <Toast key={notification.id} notification={notification} onDismiss={() => onDismiss(notification.id)} />
      ))}
    </ol>
  );
}
