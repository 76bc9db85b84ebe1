import { useEffect, useState } from 'react';
import type { SettingsView } from '../../../common/contract';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';

/** The settings as they are now, following changes from any window, the tray or the main process. */
export function useSettings(): { settings: SettingsView | undefined; error: ApiError | undefined; replace(next: SettingsView): void } {
  const [settings, setSettings] = useState<SettingsView>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    const subscription = api.subscribe(
      'settings.watch',
      {},
      {
        onEvent: (view) => {
          setSettings(view);
          setError(undefined);
        },
        onEnd: (err) => {
          if (err) setError(err);
        },
      },
    );
    return () => subscription.unsubscribe();
  }, []);
  return { settings, error, replace: setSettings };
}
