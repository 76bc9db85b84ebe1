import { chmod, copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserModeDataDir, SettingsStore } from './settings-store';

describe('Berth settings file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-settings-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('persists endpoints, the active choice, keep-running and the proxy switch across restarts', async () => {
    const first = new SettingsStore(dir);
    expect(first.current).toMatchObject({ version: 2, endpoints: [], active: { mode: 'auto' }, keepManagedEngineRunning: false, proxyEnabled: true });
    const build = first.addEndpoint({ name: 'Build box', url: 'tcp://10.0.0.5:2376', tls: { caPath: '/certs/ca.pem' } });
    const nas = first.addEndpoint({ name: 'NAS', url: 'ssh://me@nas.local' });
    first.updateEndpoint(nas.id, { name: 'NAS (ssh)', url: 'ssh://me@nas.local:2222' });
    first.setActive({ mode: 'endpoint', id: build.id });
    first.setKeepManagedEngineRunning(true);
    first.setProxyEnabled(false);

    const second = new SettingsStore(dir);
    expect(second.current).toMatchObject({
      endpoints: [build, { id: nas.id, name: 'NAS (ssh)', url: 'ssh://me@nas.local:2222' }],
      active: { mode: 'endpoint', id: build.id },
      keepManagedEngineRunning: true,
      proxyEnabled: false,
    });
    expect(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')).keepManagedEngineRunning).toBe(true);
  });

  it('goes back to automatic discovery when the active endpoint is removed', () => {
    const store = new SettingsStore(dir);
    const endpoint = store.addEndpoint({ name: 'Gone soon', url: 'unix:///tmp/x.sock' });
    store.setActive({ mode: 'endpoint', id: endpoint.id });
    store.removeEndpoint(endpoint.id);
    expect(store.current.active).toEqual({ mode: 'auto' });
    expect(() => store.removeEndpoint(endpoint.id)).toThrow(/no longer exists/);
    expect(() => store.setActive({ mode: 'endpoint', id: endpoint.id })).toThrow(/no longer exists/);
  });

  it('refuses two endpoints with the same name', () => {
    const store = new SettingsStore(dir);
    store.addEndpoint({ name: 'Laptop', url: 'unix:///a.sock' });
    expect(() => store.addEndpoint({ name: 'laptop', url: 'unix:///b.sock' })).toThrow(/already exists/);
  });

  it('keeps a damaged file aside as .bak-<time>, starts with defaults and tells the user why', async () => {
    const damaged = '{"endpoints": [{"name": 3}]';
    await writeFile(path.join(dir, 'settings.json'), damaged);
    const logged: string[] = [];
    const store = new SettingsStore(dir, (message) => logged.push(message), () => new Date('2026-11-30T02:15:00.123Z'));
    const keptAs = path.join(dir, 'settings.json.bak-2026-11-30T02-15-00-123Z');
    expect(store.current.endpoints).toEqual([]);
    expect(logged[0]).toMatch(/not valid/);
    expect(await readFile(keptAs, 'utf8')).toBe(damaged);
    expect(store.notice).toEqual({
      message: expect.stringMatching(/^Berth's settings file could not be used \(.*JSON.*\)\. It was kept as .*settings\.json\.bak-2026-11-30T02-15-00-123Z and Berth started with the default settings\.$/),
      keptAs,
    });
    store.dismissNotice();
    expect(store.notice).toBeUndefined();
  });

  it('names the field the schema refuses in the notice', async () => {
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ version: 2, preferences: { theme: 'purple' } }));
    const store = new SettingsStore(dir);
    expect(store.notice?.message).toMatch(/"preferences\.theme": /);
    expect(store.preferences.theme).toBe('system');
  });

  it('keeps a file from a newer Berth aside instead of overwriting it', async () => {
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ version: 99, preferences: { theme: 'dark' } }));
    const store = new SettingsStore(dir);
    expect(store.notice?.message).toMatch(/written by a newer Berth \(settings version 99/);
    expect((await readdir(dir)).filter((name) => name.startsWith('settings.json.bak-'))).toHaveLength(1);
  });

  it('migrates a version 1 file on load and writes it back at version 2', async () => {
    await copyFile(path.join(import.meta.dirname, 'fixtures', 'settings.v1.json'), path.join(dir, 'settings.json'));
    const logged: string[] = [];
    const store = new SettingsStore(dir, (message) => logged.push(message));
    expect(store.notice).toBeUndefined();
    expect(store.current.proxyEnabled).toBe(false);
    expect(store.current.endpoints[0]?.name).toBe('Build box');
    expect(store.vmSettings.cpus).toBe(4);
    expect(store.preferences.theme).toBe('system');
    expect(logged).toEqual([expect.stringMatching(/migrated .* from settings version 1 to 2/)]);
    const written = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(written.version).toBe(2);
    expect(written.preferences.autoUpdate).toBe(false);
  });

  // Root reads any file, so an unreadable file can only be made as a normal user.
  it.skipIf(process.getuid?.() === 0)('says so when the file cannot be read at all, without moving it', async () => {
    await writeFile(path.join(dir, 'settings.json'), '{}');
    await chmod(path.join(dir, 'settings.json'), 0o000);
    const store = new SettingsStore(dir);
    expect(store.notice?.message).toMatch(/could not read its settings file .*EACCES/);
  });

  it('applies a partial preferences patch, keeps the rest, and tells listeners', () => {
    const store = new SettingsStore(dir);
    const seen: string[] = [];
    const subscription = store.onChange((settings) => seen.push(`${settings.preferences.theme}/${settings.preferences.notifications.containerOom}`));
    store.updatePreferences({ theme: 'dark', notifications: { containerOom: false } });
    store.updatePreferences({ startAtLogin: true, notifications: { engineStopped: undefined } });
    subscription.dispose();
    store.updatePreferences({ theme: 'light' });
    expect(seen).toEqual(['dark/false', 'dark/false']);
    const reread = new SettingsStore(dir);
    expect(reread.preferences).toMatchObject({ theme: 'light', startAtLogin: true, notifications: { containerOom: false, containerCrashed: true, engineStopped: true } });
  });

  it('lives in BERTH_DATA_DIR, else XDG_CONFIG_HOME/berth, else ~/.config/berth', () => {
    expect(browserModeDataDir({ BERTH_DATA_DIR: '/tmp/b', XDG_CONFIG_HOME: '/x' })).toBe('/tmp/b');
    expect(browserModeDataDir({ XDG_CONFIG_HOME: '/x' })).toBe('/x/berth');
    expect(browserModeDataDir({ HOME: '/home/me' })).toBe('/home/me/.config/berth');
  });
});
