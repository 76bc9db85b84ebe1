import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { electronBinary, electronPackageDir } from '../scripts/electron-binary.mjs';
import { expect, test } from './fixtures';

const binary = electronBinary(electronPackageDir(import.meta.url));
const appDir = path.resolve(import.meta.dirname, '..');

/** Launches the desktop app on the test engine with its own data folder and docker config (nothing of the user's). */
async function launch(dockerHost: string, dataDir: string): Promise<ElectronApplication> {
  return electron.launch({
    executablePath: binary!,
    args: [appDir],
    env: { ...process.env, DOCKER_HOST: dockerHost, BERTH_DATA_DIR: dataDir, DOCKER_CONFIG: path.join(dataDir, 'docker-config') },
  });
}

test.describe('Electron app', () => {
  test.skip(!binary, 'No Electron binary: the electron package could not download it (GitHub is unreachable here). Browser-mode specs cover the UI.');

  let dataDir: string;
  test.beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-electron-'));
  });
  test.afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('opens a locked-down window that shows the engine and containers', async ({ env }) => {
    const app = await launch(env.dockerHost, dataDir);
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const web = BrowserWindow.getAllWindows()[0]!.webContents;
        const preferences = (web as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
        return { contextIsolation: preferences.contextIsolation, sandbox: preferences.sandbox, nodeIntegration: preferences.nodeIntegration };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      await window.getByRole('link', { name: 'Containers' }).first().click();
      await expect(window.getByRole('heading', { name: 'Containers' })).toBeVisible();
    } finally {
      await app.close();
    }
  });

  test('round-trips the contract over IPC: host info, a settings change saved to disk and read back', async ({ env }) => {
    const app = await launch(env.dockerHost, dataDir);
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
      const answers = await window.evaluate(async () => {
        const bridge = (window as unknown as { berth: { call(method: string, input: unknown): Promise<Record<string, unknown>> } }).berth;
        const host = await bridge.call('host.info', {});
        await bridge.call('settings.update', { theme: 'dark', notifications: { containerOom: false } });
        const settings = await bridge.call('settings.get', {});
        const refused = await bridge.call('settings.update', { theme: 'purple' }).then(
          () => 'accepted',
          (error: { code: string }) => error.code,
        );
        return { host, preferences: settings.preferences as Record<string, unknown>, refused };
      });
      expect(answers.host).toMatchObject({ shell: 'electron', pickers: true });
      expect(answers.preferences).toMatchObject({ theme: 'dark', notifications: { containerOom: false, containerCrashed: true } });
      expect(answers.refused).toBe('invalid-input');
      const saved = JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'));
      expect(saved).toMatchObject({ version: 2, preferences: { theme: 'dark' } });
    } finally {
      await app.close();
    }
  });

  test('runs without a tray when the tray is off, and then closing the window quits (Linux and Windows)', async ({ env }) => {
    test.skip(process.platform === 'darwin', 'macOS keeps running when the window closes, tray or not.');
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 2, preferences: { trayEnabled: false, closeToTray: true } }));
    const app = await launch(env.dockerHost, dataDir);
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    const closed = new Promise<void>((resolve) => app.once('close', () => resolve()));
    // With no tray to come back through, close-to-tray does not apply: the window closes and Berth quits.
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    await closed;
  });
});
