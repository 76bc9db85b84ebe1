import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startBerth, test } from './fixtures';

const SHOTS = process.env.BERTH_SCREENSHOTS_DIR;

/** A Berth with a data dir of its own, so the theme chosen here never reaches another spec's screenshots. */
async function isolatedBerth(dockerHost: string, prepare?: (dataDir: string) => Promise<void>) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'berth-settings-'));
  await prepare?.(dataDir);
  const server = await startBerth(dockerHost, [], { ...process.env, BERTH_DATA_DIR: dataDir });
  return { server, dataDir, stop: async () => (await server.stop(), await rm(dataDir, { recursive: true, force: true })) };
}

const isDark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('dark'));

test('the theme setting switches the whole app between light and dark, survives a reload, and the other settings save', async ({ page, env }, testInfo) => {
  const berth = await isolatedBerth(env.dockerHost);
  try {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(berth.server.url);
    await page.goto(`${berth.server.origin}/#/settings`);
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    const theme = page.getByRole('radiogroup', { name: 'Theme' });
    await expect(theme.getByRole('radio', { name: 'System' })).toBeChecked();
    expect(await isDark(page)).toBe(false);

    await theme.getByText('Dark').click();
    await expect.poll(() => isDark(page)).toBe(true);
    // The page itself turned dark (slate-950), not only the class.
    await expect(page.locator('body')).toHaveCSS('background-color', 'oklch(0.129 0.042 264.695)');
    await page.screenshot({ path: testInfo.outputPath('settings-dark.png'), fullPage: true });
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'settings-dark.png') });

    // Saved: a reload (and the system saying light) keeps it dark.
    await page.reload();
    await expect(page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' })).toBeChecked();
    expect(await isDark(page)).toBe(true);

    await page.getByRole('radiogroup', { name: 'Theme' }).getByText('Light').click();
    await expect.poll(() => isDark(page)).toBe(false);
    // Light stays light even when the system turns dark.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await isDark(page)).toBe(false);
    await page.screenshot({ path: testInfo.outputPath('settings-light.png'), fullPage: true });
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'settings-light.png') });

    // System follows the system.
    await page.getByRole('radiogroup', { name: 'Theme' }).getByText('System').click();
    await expect.poll(() => isDark(page)).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => isDark(page)).toBe(false);

    // A notification kind and the stats interval, saved and read back after a reload.
    const pulls = page.getByLabel('A pull, push or build finishes or fails');
    await pulls.uncheck();
    await page.getByLabel('Stats interval').selectOption({ label: 'every 5 s' });
    await page.reload();
    await expect(page.getByLabel('A pull, push or build finishes or fails')).not.toBeChecked();
    await expect(page.getByLabel('Stats interval')).toHaveValue('5000');

    // The log buffer is the one every viewer uses.
    await page.getByLabel('Log buffer').selectOption({ label: '500,000 lines' });
    const id = await env.docker(['run', '-d', '--label', 'berth.test=settings', env.image, 'echo', 'hello']);
    try {
      await page.goto(`${berth.server.origin}/#/containers/${id}/logs`);
      await expect(page.getByLabel('Buffer size')).toHaveValue('500000');
    } finally {
      await env.docker(['rm', '-f', id]);
    }
    await page.goto(`${berth.server.origin}/#/settings`);

    // The desktop-only switches say so in browser mode.
    const startAtLogin = page.getByLabel(/Start Berth when I log in/);
    await expect(startAtLogin).toBeDisabled();
    await expect(page.getByRole('region', { name: 'Desktop app' })).toContainText('desktop app only');
  } finally {
    await berth.stop();
  }
});

test('a damaged settings file is set aside and the page says where it went', async ({ page, env }) => {
  const berth = await isolatedBerth(env.dockerHost, (dataDir) => writeFile(path.join(dataDir, 'settings.json'), '{ "version": 2, "theme": '));
  try {
    await page.goto(berth.server.url);
    await page.goto(`${berth.server.origin}/#/settings`);
    const notice = page.getByRole('alert').filter({ hasText: 'settings.json.bak' });
    await expect(notice).toBeVisible();
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toBeHidden();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await expect(page.getByText('settings.json.bak')).toBeHidden();
  } finally {
    await berth.stop();
  }
});
