import type { BerthNotification, NotificationCandidate } from '../../common/notifications/notification';

/** How long after the last occurrence the same thing counts up instead of making a new notification. */
export const COALESCE_WINDOW_MS = 60_000;

/**
 * Folds repeats into one notification: the same `key` within `windowMs` of its last occurrence keeps the id
 * and counts up (a crash loop is one notification "… 12 times", not twelve). Time comes in as an argument.
 */
export class Coalescer {
  private readonly recent = new Map<string, BerthNotification>();
  private nextId = 1;

  constructor(private readonly windowMs = COALESCE_WINDOW_MS) {}

  add(candidate: NotificationCandidate, now: number): BerthNotification {
    this.forgetOlderThan(now - this.windowMs);
    const previous = this.recent.get(candidate.key);
    const notification: BerthNotification = previous
      ? { ...candidate, id: previous.id, count: previous.count + 1, firstAt: previous.firstAt, lastAt: now }
      : { ...candidate, id: `n${this.nextId++}`, count: 1, firstAt: now, lastAt: now };
    this.recent.set(candidate.key, notification);
    return notification;
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [key, notification] of this.recent) if (notification.lastAt < cutoff) this.recent.delete(key);
  }
}
