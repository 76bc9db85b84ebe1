import type { Page } from '@playwright/test';
import { uniqueName } from '../testing/docker-cli';
import { TEST_LABEL } from '../testing/test-engine';
import { expect, test } from './fixtures';

const LABEL = `${TEST_LABEL}=e2e-stats`;

test.afterEach(async ({ env }) => {
  const ids = await env.docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await env.docker(['rm', '-f', ...ids.split('\n')]);
});

/** A container that keeps half a core busy (capped, so the shared CPUs stay usable). */
async function runBusy(env: { image: string; docker(args: string[]): Promise<string> }, name: string): Promise<string> {
  return env.docker(['run', '-d', '--name', name, '--label', LABEL, '--cpus', '0.5', env.image, 'sh', '-c', 'while :; do :; done']);
}

async function newestPoint(page: Page, chartTitle: string): Promise<number> {
  const value = await page.getByRole('figure', { name: chartTitle, exact: true }).getByTestId('chart').getAttribute('data-newest');
  return Number(value);
}

test('the Stats tab draws live charts that move, with exact values in the tooltip', async ({ page, berth, env }) => {
  const name = uniqueName('e2e-stats-busy');
  const id = await runBusy(env, name);
  await page.goto(`${berth.url}#/containers/${id}/stats`);

  const cpu = page.getByRole('figure', { name: 'CPU', exact: true });
  await expect(cpu.getByTestId('chart')).toBeVisible({ timeout: 15_000 });
  for (const title of ['Memory', 'Network', 'Block I/O', 'Processes']) {
    await expect(page.getByRole('figure', { name: title, exact: true }).getByTestId('chart')).toBeVisible();
  }
  // The capped loop uses up to half a core (less when the machine is loaded): the summary shows it as a percentage.
  await expect.poll(async () => Number.parseFloat((await cpu.locator('figcaption').textContent())?.replace(/^CPU/, '') ?? '0')).toBeGreaterThan(5);

  const first = await newestPoint(page, 'CPU');
  await expect.poll(() => newestPoint(page, 'CPU')).toBeGreaterThan(first);
  const points = Number(await cpu.getByTestId('chart').getAttribute('data-points'));
  await expect.poll(async () => Number(await cpu.getByTestId('chart').getAttribute('data-points'))).toBeGreaterThan(points);

  const box = (await cpu.locator('svg.recharts-surface').boundingBox())!;
  await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
  await expect(cpu.locator('.recharts-tooltip-wrapper')).toContainText(/\d+\.\d\d%/);

  await page.getByRole('radio', { name: '1 min' }).click();
  await expect(page.getByRole('radio', { name: '1 min' })).toHaveAttribute('aria-checked', 'true');
  await expect(cpu.getByTestId('chart')).toBeVisible();
});

test('the Stats tab of a stopped container says so, and resumes when it starts', async ({ page, berth, env }) => {
  const name = uniqueName('e2e-stats-stopped');
  await env.docker(['create', '--name', name, '--label', LABEL, env.image, 'sleep', '3600']);
  await page.goto(`${berth.url}#/containers/${name}/stats`);
  await expect(page.getByRole('status').filter({ hasText: 'not running' })).toBeVisible({ timeout: 15_000 });
  await env.docker(['start', name]);
  await expect(page.getByRole('status').filter({ hasText: 'not running' })).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByRole('figure', { name: 'Memory' }).getByTestId('chart')).toBeVisible({ timeout: 15_000 });
});

test('the dashboard shows totals by container and the top consumers', async ({ page, berth, env }) => {
  const busy = uniqueName('e2e-dash-busy');
  const idle = uniqueName('e2e-dash-idle');
  await runBusy(env, busy);
  await env.docker(['run', '-d', '--name', idle, '--label', LABEL, env.image, 'sleep', '3600']);
  await page.goto(berth.url);

  const totalCpu = page.getByRole('figure', { name: 'Total CPU' });
  await expect(totalCpu.getByTestId('chart')).toBeVisible({ timeout: 20_000 });
  await expect(totalCpu.locator('figcaption')).toContainText(/% of \d+% \(\d+ CPUs\)/);
  await expect(totalCpu.getByRole('listitem').filter({ hasText: busy })).toBeVisible();
  const totalMemory = page.getByRole('figure', { name: 'Total memory' });
  await expect(totalMemory.getByTestId('chart')).toBeVisible();
  await expect(totalMemory.locator('figcaption')).toContainText(/of [\d.]+ [kMGT]?B host memory/);

  const top = page.getByRole('table', { name: 'Top consumers' });
  await expect(top.getByRole('row').nth(1)).toContainText(busy, { timeout: 15_000 });
  await expect(top.getByRole('link', { name: idle })).toBeVisible();
  await top.getByRole('link', { name: busy }).click();
  await expect(page).toHaveURL(/#\/containers\/[0-9a-f]{64}\/stats$/);
  await expect(page.getByRole('figure', { name: 'CPU', exact: true }).getByTestId('chart')).toBeVisible({ timeout: 15_000 });

  await page.goto(berth.url);
  await expect(page.getByRole('region', { name: 'Disk usage' })).toContainText(/Images\s*[\d.]+ [kMGT]?B/, { timeout: 20_000 });
});

test('a hidden window stops sampling and a shown one starts again', async ({ page, berth, env }) => {
  const name = uniqueName('e2e-stats-hidden');
  const id = await env.docker(['run', '-d', '--name', name, '--label', LABEL, env.image, 'sleep', '3600']);
  const frames: { t: string; stream?: string; id: number }[] = [];
  page.on('websocket', (socket) => socket.on('framesent', (frame) => frames.push(JSON.parse(String(frame.payload)))));
  await page.goto(`${berth.url}#/containers/${id}/stats`);
  await expect(page.getByRole('figure', { name: 'CPU', exact: true }).getByTestId('chart')).toBeVisible({ timeout: 15_000 });
  const statsSubs = () => frames.filter((frame) => frame.t === 'sub' && frame.stream === 'stats.watch');
  const subscribed = statsSubs().at(-1)!;

  const setVisibility = (state: 'hidden' | 'visible') =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', { value, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  await setVisibility('hidden');
  await expect.poll(() => frames.some((frame) => frame.t === 'unsub' && frame.id === subscribed.id)).toBe(true);
  const subsWhileHidden = statsSubs().length;
  await setVisibility('visible');
  await expect.poll(() => statsSubs().length).toBe(subsWhileHidden + 1);
});
