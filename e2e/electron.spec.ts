import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { expect, test } from './fixtures';

/** The Electron binary's path, when the electron package managed to download it. */
function electronBinary(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const packageDir = path.dirname(require.resolve('electron/package.json'));
    const pathFile = path.join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();

test.describe('Electron app', () => {
  test.skip(!binary, 'No Electron binary: the electron package could not download it (GitHub is unreachable here). Browser-mode specs cover the UI.');

  test('opens a locked-down window that shows the engine and containers', async ({ env }) => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [path.resolve(import.meta.dirname, '..')],
      env: { ...process.env, DOCKER_HOST: env.dockerHost },
    });
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
});
