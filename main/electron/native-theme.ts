import { nativeTheme } from 'electron';
import type { IDisposable } from '../../common/lifecycle';
import type { SettingsStore } from '../settings/settings-store';

/**
 * Electron's own surfaces (menus, native dialogs, the window's frame, the page's prefers-color-scheme) follow the
 * theme setting too, so a dark Berth has no light title bar: the setting's values are Electron's `themeSource`.
 */
export function followThemeSetting(settings: Pick<SettingsStore, 'current' | 'onChange'>): IDisposable {
  const apply = () => {
    const theme = settings.current.preferences.theme;
    if (nativeTheme.themeSource !== theme) nativeTheme.themeSource = theme;
  };
  apply();
  return settings.onChange(apply);
}
