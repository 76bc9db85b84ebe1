import { Notification } from 'electron';
import { notificationText, type BerthNotification } from '../../common/notifications/notification';
import type { NotificationCenter } from '../notifications/notification-center';

/**
 * Shows the center's notifications as the system's own (Notification Center, the Windows action center, a
 * freedesktop notification server). A coalesced update replaces the one on screen, silently, instead of adding
 * another; clicking one brings the window up and opens the object's page. Returns the unsubscribe.
 */
export function showNativeNotifications(center: NotificationCenter, focusWindow: () => void): () => void {
  if (!Notification.isSupported()) return () => undefined;
  const onScreen = new Map<string, Notification>();
  const off = center.onNotification((notification: BerthNotification) => {
    const { title, body } = notificationText(notification);
    const previous = onScreen.get(notification.id);
    const native = new Notification({ title, body, silent: previous !== undefined || notification.level === 'success' });
    previous?.close();
    onScreen.set(notification.id, native);
    native.on('click', () => {
      focusWindow();
      center.open(notification.route);
    });
    native.on('close', () => {
      if (onScreen.get(notification.id) === native) onScreen.delete(notification.id);
    });
    native.show();
  });
  return () => {
    off();
    for (const native of onScreen.values()) native.close();
    onScreen.clear();
  };
}
