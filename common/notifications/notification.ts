/**
 * What Berth tells the user about on its own (native notifications in the desktop app, toasts in browser mode).
 * Each kind can be switched off in the settings; the rules that produce them live in `main/notifications/`.
 */
export type { NotificationKind } from '../contract/settings';
import type { NotificationKind } from '../contract/settings';

export type NotificationLevel = 'error' | 'warning' | 'success';

/** What a rule found: the same `key` within the coalescing window makes one notification with a count. */
export interface NotificationCandidate {
  kind: NotificationKind;
  /** Identifies "the same thing happening again" (kind + object), e.g. `containerCrashed:<id>`. */
  key: string;
  level: NotificationLevel;
  title: string;
  body: string;
  /** The hash route that opens the object (`containers/<id>`), without `#/`. */
  route: string;
}

export interface BerthNotification extends NotificationCandidate {
  /** Stable while it is coalesced: a later event with the same id replaces the earlier one on screen. */
  id: string;
  /** How many times it happened within the window (a crash loop counts up instead of notifying again). */
  count: number;
  firstAt: number;
  lastAt: number;
}

function formatSpan(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** The title and body as shown (native and toast alike), with the count of a coalesced one. */
export function notificationText(notification: BerthNotification): { title: string; body: string } {
  if (notification.count < 2) return { title: notification.title, body: notification.body };
  return {
    title: `${notification.title} (${notification.count} times)`,
    body: `${notification.body} ${notification.count} times in ${formatSpan(notification.lastAt - notification.firstAt)}.`,
  };
}
