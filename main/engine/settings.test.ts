import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserModeDataDir, SettingsStore } from './settings';

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
    expect(first.current).toEqual({ endpoints: [], active: { mode: 'auto' }, keepManagedEngineRunning: false, proxyEnabled: true });
    const build = first.addEndpoint({ name: 'Build box', url: 'tcp://10.0.0.5:2376', tls: { caPath: '/certs/ca.pem' } });
    const nas = first.addEndpoint({ name: 'NAS', url: 'ssh://me@nas.local' });
    first.updateEndpoint(nas.id, { name: 'NAS (ssh)', url: 'ssh://me@nas.local:2222' });
    first.setActive({ mode: 'endpoint', id: build.id });
    first.setKeepManagedEngineRunning(true);
    first.setProxyEnabled(false);

    const second = new SettingsStore(dir);
    expect(second.current).toEqual({
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

  it('sets a damaged file aside instead of failing or losing it', async () => {
    await writeFile(path.join(dir, 'settings.json'), '{"endpoints": [{"name": 3}]');
    const logged: string[] = [];
    const store = new SettingsStore(dir, (message) => logged.push(message));
    expect(store.current.endpoints).toEqual([]);
    expect(logged[0]).toMatch(/not valid/);
    expect((await readdir(dir)).some((name) => name.startsWith('settings.json.invalid-'))).toBe(true);
  });

  it('lives in BERTH_DATA_DIR, else XDG_CONFIG_HOME/berth, else ~/.config/berth', () => {
    expect(browserModeDataDir({ BERTH_DATA_DIR: '/tmp/b', XDG_CONFIG_HOME: '/x' })).toBe('/tmp/b');
    expect(browserModeDataDir({ XDG_CONFIG_HOME: '/x' })).toBe('/x/berth');
    expect(browserModeDataDir({ HOME: '/home/me' })).toBe('/home/me/.config/berth');
  });
});
