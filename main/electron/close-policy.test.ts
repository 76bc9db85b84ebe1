import { describe, expect, it } from 'vitest';
import { closeAction } from './close-policy';

describe('closing the window', () => {
  it('macOS keeps Berth running whatever the tray does', () => {
    expect(closeAction({ platform: 'darwin', quitting: false, trayShown: false, closeToTray: false })).toBe('hide');
    expect(closeAction({ platform: 'darwin', quitting: false, trayShown: true, closeToTray: true })).toBe('hide');
  });

  it('Linux and Windows keep Berth in the tray only when the setting is on and the tray is there', () => {
    for (const platform of ['linux', 'win32'] as const) {
      expect(closeAction({ platform, quitting: false, trayShown: true, closeToTray: true })).toBe('hide');
      expect(closeAction({ platform, quitting: false, trayShown: true, closeToTray: false })).toBe('close');
      // No tray icon to come back through: closing must quit, not leave an invisible Berth running.
      expect(closeAction({ platform, quitting: false, trayShown: false, closeToTray: true })).toBe('close');
    }
  });

  it('quitting always closes', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) expect(closeAction({ platform, quitting: true, trayShown: true, closeToTray: true })).toBe('close');
  });
});
