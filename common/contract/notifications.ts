import { z } from 'zod';
import type { BerthNotification } from '../notifications/notification';
import { stream } from './define';

export type { BerthNotification, NotificationLevel } from '../notifications/notification';

/**
 * A new or updated notification (same `id`: it replaces the one shown, e.g. a crash loop counting up), or a request
 * to open a route because the user clicked a native notification.
 */
export type NotificationEvent = { type: 'show'; notification: BerthNotification } | { type: 'open'; route: string };

export const notificationsContract = {
  /** Notifications as they happen (none from before the subscription). */
  'notifications.watch': stream(z.object({}).strict()).emits<NotificationEvent>(),
};
