import type { SettingsView } from '../../../common/contract/settings';
import type { EngineControl } from '../../engine/engine-control';
import type { ProxyService } from '../../proxy/proxy-service';
import type { SettingsStore } from '../../settings/settings-store';
import type { DomainHandlers } from './types';

type SettingsMethods = 'settings.get' | 'settings.update' | 'settings.watch' | 'settings.notice.dismiss';

/** The settings as the Settings page and the main-side consumers see them. */
export function settingsView(store: SettingsStore): SettingsView {
  const { preferences, proxyEnabled, keepManagedEngineRunning, active } = store.current;
  const notice = store.notice;
  return { preferences, proxyEnabled, keepManagedEngineRunning, active, vm: store.vmSettings, file: store.file, ...(notice ? { notice } : {}) };
}

/**
 * The Settings page's calls. The socket switch and keep-running go through their services so the change acts at
 * once (the socket opens or closes) exactly as the Engine page's switches do.
 */
export function settingsHandlers(store: SettingsStore, control: EngineControl, proxy: ProxyService): DomainHandlers<SettingsMethods> {
  return {
    'settings.get': () => settingsView(store),
    'settings.update': async ({ proxyEnabled, keepManagedEngineRunning, ...preferences }) => {
      if (Object.keys(preferences).length > 0) store.updatePreferences(preferences);
      if (keepManagedEngineRunning !== undefined) control.setKeepRunning(keepManagedEngineRunning);
      if (proxyEnabled !== undefined) await proxy.setEnabled(proxyEnabled);
      return settingsView(store);
    },
    'settings.watch': (_input, emit) => {
      emit(settingsView(store));
      const subscription = store.onChange(() => emit(settingsView(store)));
      return () => subscription.dispose();
    },
    'settings.notice.dismiss': () => {
      store.dismissNotice();
      return settingsView(store);
    },
  };
}
