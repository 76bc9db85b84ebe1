import { useEffect, useState } from 'react';
import type { BerthNotification } from '../../../common/contract';
import { api } from '../api/client';

const MAX_TOASTS = 4;

/**
 * The main process's notifications. In browser mode they become toasts (returned here, newest last, a coalesced
 * update replacing its toast); in the desktop app the system shows them and this only follows a click on one to
 * its page.
 */
export function useNotifications(showToasts: boolean): { toasts: BerthNotification[]; dismiss(id: string): void } {
  const [toasts, setToasts] = useState<BerthNotification[]>([]);
  useEffect(() => {
    const subscription = api.subscribe(
      'notifications.watch',
      {},
      {
        onEvent: (event) => {
          if (event.type === 'open') {
            location.hash = `#/${event.route}`;
            return;
          }
          if (!showToasts) return;
          setToasts((current) => [...current.filter((toast) => toast.id !== event.notification.id), event.notification].slice(-MAX_TOASTS));
        },
      },
    );
    return () => subscription.unsubscribe();
  }, [showToasts]);
  return { toasts, dismiss: (id) => setToasts((current) => current.filter((toast) => toast.id !== id)) };
}
