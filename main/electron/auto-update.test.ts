import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutoUpdate, type Updater } from './auto-update';

class MockUpdater implements Updater {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  checks = 0;
  failNext = false;
  private readonly listeners = new Map<string, (value: never) => void>();
  checkForUpdates(): Promise<unknown> {
    this.checks++;
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('net::ERR_NAME_NOT_RESOLVED'));
    }
    return Promise.resolve(null);
  }
  on(event: string, listener: (value: never) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  emit(event: string, value: unknown): void {
    this.listeners.get(event)?.(value as never);
  }
}

const HOUR = 60 * 60 * 1000;

describe('automatic updates', () => {
  let updater: MockUpdater;
  let loads: number;
  let logged: string[];
  let downloaded: string[];

  const make = (isPackaged = true) =>
    new AutoUpdate({
      loadUpdater: async () => {
        loads++;
        return updater;
      },
      isPackaged,
      log: (message) => logged.push(message),
      onDownloaded: (version) => downloaded.push(version),
    });

  beforeEach(() => {
    vi.useFakeTimers();
    updater = new MockUpdater();
    loads = 0;
    logged = [];
    downloaded = [];
  });
  afterEach(() => vi.useRealTimers());

  it('is off by default: nothing is loaded or checked until the setting is turned on', async () => {
    const updates = make();
    await updates.apply(false);
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(loads).toBe(0);
    expect(updates.state).toBe('off');
  });

  it('when on: checks at once and every six hours, downloading in the background and installing on quit', async () => {
    const updates = make();
    await updates.apply(true);
    expect(updates.state).toBe('on');
    expect(updater.checks).toBe(1);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(updater.checks).toBe(2);
    await updates.apply(true);
    expect(updater.checks).toBe(2);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(downloaded).toEqual(['0.2.0']);
    updates.dispose();
  });

  it('turning it off stops the checks and the install on quit', async () => {
    const updates = make();
    await updates.apply(true);
    await updates.apply(false);
    expect(updates.state).toBe('off');
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    await vi.advanceTimersByTimeAsync(12 * HOUR);
    expect(updater.checks).toBe(1);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(downloaded).toEqual([]);
  });

  it('a failed check is logged and tried again later, never thrown', async () => {
    const updates = make();
    updater.failNext = true;
    await expect(updates.apply(true)).resolves.toBeUndefined();
    expect(logged).toEqual(['update check failed']);
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(updater.checks).toBe(2);
    updates.dispose();
  });

  it('a development run never checks, and says why once', async () => {
    const updates = make(false);
    await updates.apply(true);
    await updates.apply(true);
    expect(loads).toBe(0);
    expect(updates.state).toBe('unsupported');
    expect(logged).toEqual(['automatic updates apply only to an installed Berth; this run is not packaged']);
  });

  it('when electron-updater cannot load, updates stay off with the reason logged', async () => {
    const updates = new AutoUpdate({ loadUpdater: () => Promise.reject(new Error('Cannot find module')), isPackaged: true, log: (message) => logged.push(message) });
    await updates.apply(true);
    expect(updates.state).toBe('off');
    expect(logged).toEqual(['could not load electron-updater; automatic updates are off']);
  });
});
