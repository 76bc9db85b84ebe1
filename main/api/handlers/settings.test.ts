import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsContract } from '../../../common/contract/settings';
import type { ResponseMessage } from '../../../common/protocol';
import type { EngineControl } from '../../engine/engine-control';
import type { ProxyService } from '../../proxy/proxy-service';
import { SettingsStore } from '../../settings/settings-store';
import { createRouter } from '../router';
import { settingsHandlers } from './settings';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('settings calls', () => {
  let dir: string;
  let store: SettingsStore;
  let proxyCalls: boolean[];
  let sent: ResponseMessage[];
  let connection: ReturnType<ReturnType<typeof createRouter>['connect']>;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-settings-calls-'));
    store = new SettingsStore(dir);
    proxyCalls = [];
    // The socket switch and keep-running go through their services; these stand-ins save the setting as they do.
    const proxy = { setEnabled: async (enabled: boolean) => (proxyCalls.push(enabled), store.setProxyEnabled(enabled)) } as unknown as ProxyService;
    const control = { setKeepRunning: (keep: boolean) => store.setKeepManagedEngineRunning(keep) } as unknown as EngineControl;
    sent = [];
    connection = createRouter(settingsContract, settingsHandlers(store, control, proxy)).connect((message) => sent.push(message));
  });

  afterEach(async () => {
    connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a partial update changes only what it names, acts through the services, and every watcher hears it', async () => {
    connection.receive({ t: 'sub', id: 1, stream: 'settings.watch', input: {} });
    connection.receive({ t: 'call', id: 2, method: 'settings.update', input: { theme: 'light', notifications: { pullPushBuild: false }, proxyEnabled: false, keepManagedEngineRunning: true } });
    await tick();
    const result = sent.find((message) => message.t === 'result' && message.id === 2);
    expect(result).toMatchObject({
      ok: true,
      value: { preferences: { theme: 'light', notifications: { pullPushBuild: false, containerCrashed: true } }, proxyEnabled: false, keepManagedEngineRunning: true, file: path.join(dir, 'settings.json') },
    });
    expect(proxyCalls).toEqual([false]);
    const watched = sent.filter((message) => message.t === 'event' && message.id === 1).map((message) => (message as { data: { preferences: { theme: string } } }).data.preferences.theme);
    expect(watched[0]).toBe('system');
    expect(watched.at(-1)).toBe('light');
    expect(new SettingsStore(dir).preferences.notifications.pullPushBuild).toBe(false);
  });

  it('refuses unknown keys and values outside the choices, changing nothing', async () => {
    for (const [id, input] of [
      [1, { theme: 'purple' }],
      [2, { logBufferLines: 123 }],
      [3, { statsIntervalMs: 10 }],
      [4, { notifications: { everything: true } }],
      [5, { version: 3 }],
    ] as const) {
      connection.receive({ t: 'call', id, method: 'settings.update', input });
    }
    await tick();
    expect(sent.map((message) => (message.t === 'result' && !message.ok ? message.error.code : 'ok'))).toEqual(Array(5).fill('invalid-input'));
    expect(store.preferences.theme).toBe('system');
  });

  it('carries the startup notice until it is dismissed', async () => {
    await writeFile(path.join(dir, 'settings.json'), 'not json');
    const damaged = new SettingsStore(dir);
    const local: ResponseMessage[] = [];
    const control = {} as EngineControl;
    const proxy = {} as ProxyService;
    const conn = createRouter(settingsContract, settingsHandlers(damaged, control, proxy)).connect((message) => local.push(message));
    conn.receive({ t: 'call', id: 1, method: 'settings.get', input: {} });
    conn.receive({ t: 'call', id: 2, method: 'settings.notice.dismiss', input: {} });
    await tick();
    expect(local[0]).toMatchObject({ ok: true, value: { notice: { message: expect.stringMatching(/could not be used .* kept as .*settings\.json\.bak-/) } } });
    expect((local[1] as { value: object }).value).not.toHaveProperty('notice');
    conn.close();
  });
});
