import { describe, expect, it, vi } from 'vitest';
import type { Theme } from '../../common/contract/settings';

const nativeTheme = { themeSource: 'system' as Theme };
vi.mock('electron', () => ({ nativeTheme }));

const { followThemeSetting } = await import('./native-theme');

describe('followThemeSetting', () => {
  it("sets Electron's themeSource from the setting now and on every change, until disposed", () => {
    let theme: Theme = 'dark';
    const listeners = new Set<(settings: never) => void>();
    const settings = {
      get current() {
        return { preferences: { theme } } as never;
      },
      onChange: (listener: (settings: never) => void) => (listeners.add(listener), { dispose: () => void listeners.delete(listener) }),
    };
    const following = followThemeSetting(settings);
    expect(nativeTheme.themeSource).toBe('dark');
    theme = 'light';
    listeners.forEach((listener) => listener(undefined as never));
    expect(nativeTheme.themeSource).toBe('light');
    following.dispose();
    theme = 'system';
    listeners.forEach((listener) => listener(undefined as never));
    expect(nativeTheme.themeSource).toBe('light');
  });
});
