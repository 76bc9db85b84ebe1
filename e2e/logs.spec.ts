import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Page, WebSocketRoute } from '@playwright/test';
import { startBerth, test, expect } from './fixtures';
import { dockerCli, uniqueName } from '../testing/docker-cli';
import { ensureTestImage, startDockerd, TEST_IMAGE, type Dockerd } from '../testing/test-engine';

const run = promisify(execFile);
const LABEL = 'berth.test=e2e-logs';

/** Numbered lines, coloured lines and a stderr line; then waits for trigger files to print one more line each. */
const SCRIPT = [
  'for i in $(seq 1 300); do echo "line $i"; done',
  "printf '\\033[31mred alert\\033[0m and \\033[1;32mbold green\\033[0m\\n'",
  // The engine timestamps stdout and stderr separately; a pause keeps their order deterministic.
  'sleep 0.2',
  "echo 'something failed' >&2",
  'while [ ! -f /tmp/more ]; do sleep 0.1; done',
  "echo 'late line'",
  'while [ ! -f /tmp/more2 ]; do sleep 0.1; done',
  "echo 'later line'",
  'sleep 3600',
].join('; ');

/**
 * Downloads the view with timestamps and checks that every line (timestamp and text) appears once and that the
 * log matches the engine's own from its first line on, for as far as the view got.
 */
async function expectDownloadToStartLikeDockerLogs(page: Page, dockerHost: string, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Timestamps' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  const lines = (await readFile(await (await downloading).path(), 'utf8')).trim().split('\n');
  expect(new Set(lines).size).toBe(lines.length);
  const { stdout } = await run('docker', ['-H', dockerHost, 'logs', '-t', name]);
  // The CLI drops trailing zeros from the nanoseconds; the view keeps all nine digits.
  const engineLines = stdout.trim().split('\n').map((line) => line.replace(/^(\S+?)\.(\d+)Z/, (_, s: string, f: string) => `${s}.${f.padEnd(9, '0')}Z`));
  expect(engineLines.slice(0, lines.length)).toEqual(lines);
}

/** A container that prints "tick N" ten times a second. */
const TICKER = ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'];

test.afterAll(async ({ env }) => {
  const ids = await env.docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await env.docker(['rm', '-f', ...ids.split('\n')]);
});

test('shows coloured logs, searches with a regex, toggles timestamps and downloads what docker logs prints', async ({ page, env, berth }) => {
  const name = uniqueName('logs-e2e');
  await env.docker(['run', '-d', '--label', LABEL, '--name', name, env.image, 'sh', '-c', SCRIPT]);
  await page.goto(berth.url);
  await page.evaluate((hash) => (window.location.hash = hash), `#/logs/${name}`);

  const log = page.getByRole('log');
  await expect(log.getByText('line 300', { exact: true })).toBeVisible();
  // Colours are rendered, escape codes are not shown.
  const red = log.getByText('red alert', { exact: true });
  await expect(red).toHaveCSS('color', 'rgb(187, 0, 0)');
  await expect(log).not.toContainText('[31m');
  await expect(log.locator('[data-stream="stderr"]')).toHaveText('something failed');

  // Follow mode: a new line shows up at the bottom without reloading.
  await env.docker(['exec', name, 'touch', '/tmp/more']);
  await expect(log.getByText('late line', { exact: true })).toBeVisible();

  // Regex search: lines ending in 5 between 100 and 199.
  await page.getByRole('button', { name: '.*', exact: true }).click();
  await page.getByLabel('Search logs').fill('^line 1\\d5$');
  await expect(page.getByTestId('match-counter')).toHaveText('10 matches');
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByTestId('match-counter')).toHaveText('1 of 10');
  await expect(log.locator('mark').first()).toHaveText('line 105');
  await page.getByLabel('Show only matching lines').check();
  await expect(page.getByTestId('line-count')).toHaveText('10 of 303 lines');
  await expect(log.getByText('line 195', { exact: true })).toBeVisible();
  // An invalid pattern is explained, not thrown.
  await page.getByLabel('Search logs').fill('line (');
  await expect(page.getByTestId('match-counter')).toContainText('Not a valid regular expression');
  await page.getByLabel('Search logs').fill('');
  await page.getByLabel('Show only matching lines').uncheck();

  // Timestamps on and off.
  // Shown in local time with milliseconds; the engine's UTC with nanoseconds on hover (and in downloads).
  const stamp = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/;
  await expect(log).not.toContainText(stamp);
  await page.getByRole('button', { name: 'Timestamps' }).click();
  await expect(page.getByRole('button', { name: 'Timestamps' })).toHaveAttribute('aria-pressed', 'true');
  await expect(log).toContainText(stamp);
  await expect(log.locator('time').first()).toHaveAttribute('title', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \(UTC\)$/);
  await page.getByRole('button', { name: 'Timestamps' }).click();
  await expect(log).not.toContainText(stamp);

  // The downloaded file holds exactly what `docker logs` prints (stdout and stderr, escape codes included).
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  const file = await (await downloading).path();
  const { stdout: expected } = await run('sh', ['-c', `docker -H ${env.dockerHost} logs ${name} 2>&1`]);
  expect(await readFile(file, 'utf8')).toBe(expected);
});

test('a 150,000-character line is shown cut short with a control to expand it', async ({ page, env, berth }) => {
  const name = uniqueName('logs-long');
  await env.docker(['run', '-d', '--label', LABEL, '--name', name, env.image, 'sh', '-c', "head -c 150000 /dev/zero | tr '\\0' x; echo; echo after; sleep 3600"]);
  await page.goto(berth.url);
  await page.evaluate((hash) => (window.location.hash = hash), `#/logs/${name}`);
  const log = page.getByRole('log');
  await expect(log.getByText('after', { exact: true })).toBeVisible();
  const row = log.locator('[data-seq="0"]');
  await expect(row).toHaveText(/^\+148,000 charsx{2000}$/);
  await row.getByRole('button', { name: '+148,000 chars' }).click();
  await expect(row.getByRole('button', { name: 'Collapse' })).toBeVisible();
  expect((await row.textContent())!.length).toBe('Collapse'.length + 150_000);
});

test('a container that keeps no logs says why, in the log area and the status bar', async ({ page, env, berth }) => {
  const name = uniqueName('no-logs');
  await env.docker(['run', '-d', '--label', LABEL, '--name', name, '--log-driver', 'none', env.image, 'sh', '-c', 'echo unseen; sleep 3600']);
  await page.goto(berth.url);
  await page.evaluate((hash) => (window.location.hash = hash), `#/containers/${name}/logs`);
  const reason = `${name} was started with the log driver "none", so the engine keeps no logs of it.`;
  await expect(page.getByRole('alert')).toHaveText(reason);
  await expect(page.getByText(reason)).toHaveCount(2);
});

test('the container details page has a Logs tab', async ({ page, env, berth }) => {
  const name = uniqueName('logs-tab');
  await env.docker(['run', '-d', '--label', LABEL, '--name', name, env.image, 'sh', '-c', 'echo hello from the tab; sleep 3600']);
  await page.goto(berth.url);
  await page.evaluate((hash) => (window.location.hash = hash), `#/containers/${name}/logs`);
  await expect(page.getByRole('log').getByText('hello from the tab')).toBeVisible();
});

test('scrolling up pauses following and offers a jump to the latest lines', async ({ page, env, berth }) => {
  const name = uniqueName('logs-follow');
  await env.docker(['run', '-d', '--label', LABEL, '--name', name, env.image, 'sh', '-c', SCRIPT]);
  await page.goto(berth.url);
  await page.evaluate((hash) => (window.location.hash = hash), `#/logs/${name}`);
  const log = page.getByRole('log');
  await expect(log.getByText('line 300', { exact: true })).toBeVisible();
  // Everything the script prints before it waits must be in, or a late stderr line would count as new below.
  await expect(log.getByText('something failed', { exact: true })).toBeVisible();
  await log.hover();
  await page.mouse.wheel(0, -2000);
  const jump = page.getByRole('button', { name: /Jump to latest/ });
  await expect(jump).toBeVisible();
  await env.docker(['exec', name, 'touch', '/tmp/more']);
  await expect(jump).toHaveText('Jump to latest (1 new)');
  await expect(log.getByText('late line', { exact: true })).toBeHidden();
  await jump.click();
  await expect(log.getByText('late line', { exact: true })).toBeVisible();
  await expect(jump).toBeHidden();

  // Clear empties the view, and reloading a wider range does not bring the cleared lines back.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByTestId('line-count')).toHaveText('0 lines');
  await page.getByLabel('Initial lines').selectOption('all');
  await env.docker(['exec', name, 'touch', '/tmp/more2']);
  await expect(log.getByText('later line', { exact: true })).toBeVisible();
  await expect(page.getByTestId('line-count')).toHaveText('1 line');
});

test('a Compose project shows its services merged, prefixed, and filterable', async ({ page, env, berth }) => {
  const project = uniqueName('proj');
  for (const service of ['api', 'worker']) {
    await env.docker([
      'run', '-d', '--label', LABEL,
      '--label', `com.docker.compose.project=${project}`,
      '--label', `com.docker.compose.service=${service}`,
      '--name', `${project}-${service}-1`,
      env.image, 'sh', '-c', `for i in 1 2 3; do echo ${service} says $i; sleep 0.2; done; sleep 3600`,
    ]);
  }
  await page.goto(berth.url);
  await page.evaluate((hash) => (window.location.hash = hash), `#/logs/project/${project}`);
  const log = page.getByRole('log');
  await expect(log.getByText('worker says 3')).toBeVisible();
  await expect(log.getByText('api says 3')).toBeVisible();
  await expect(log.locator('[data-seq]', { hasText: 'api says 1' })).toContainText('api    |');
  await page.getByRole('group', { name: 'Services' }).getByRole('button', { name: 'worker' }).click();
  await expect(log.getByText('worker says 1')).toBeHidden();
  await expect(log.getByText('api says 2')).toBeVisible();
  await expect(page.getByTestId('line-count')).toHaveText('3 of 6 lines');
});

test('a dropped connection to Berth continues the view after its last line, without repeats', async ({ page, env, berth }) => {
  const name = uniqueName('logs-reconnect');
  await env.docker(['run', '-d', '--label', LABEL, '--name', name, env.image, ...TICKER]);
  // The page's socket to Berth runs through this route, so the test can drop it and see what the page asks for.
  const sockets: WebSocketRoute[] = [];
  const logRequests: Record<string, unknown>[] = [];
  await page.routeWebSocket(/\/api$/, (socket) => {
    sockets.push(socket);
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      const request = JSON.parse(String(message)) as { t: string; stream?: string; input?: Record<string, unknown> };
      if (request.t === 'sub' && request.stream === 'logs.container') logRequests.push(request.input!);
      server.send(message);
    });
  });
  await page.goto(berth.url);
  await page.evaluate((hash) => (window.location.hash = hash), `#/logs/${name}`);
  const log = page.getByRole('log');
  await expect(log.getByText('tick 10', { exact: true })).toBeVisible();

  await sockets.at(-1)!.close();
  await expect.poll(() => logRequests.length).toBeGreaterThanOrEqual(2);
  // Opened again after the last line it holds, not with the range it began with.
  expect(logRequests[0]).not.toHaveProperty('since');
  expect(logRequests[1]).toMatchObject({ since: expect.any(String), skipAtSince: expect.any(Number), tail: 'all' });
  const lineCount = async () => Number((await page.getByTestId('line-count').textContent())!.replace(/,/g, '').split(' ')[0]);
  const before = await lineCount();
  await expect.poll(lineCount).toBeGreaterThan(before + 10);
  expect(logRequests).toHaveLength(2);
  await expectDownloadToStartLikeDockerLogs(page, env.dockerHost, name);
});

test.describe('when the engine goes away and comes back', () => {
  let dockerd: Dockerd;
  test.beforeAll(async () => {
    dockerd = await startDockerd();
    await ensureTestImage(dockerd.dockerHost);
  });
  test.afterAll(async () => {
    await dockerd?.destroy();
  });

  test('keeps the lines, says so, and resumes without repeating any', async ({ page }) => {
    test.setTimeout(120_000);
    const berth = await startBerth(dockerd.dockerHost);
    try {
      const name = uniqueName('logs-outage');
      await dockerCli(dockerd.dockerHost, [
        'run', '-d', '--label', LABEL, '--name', name, '--restart', 'always', '--stop-timeout', '1',
        TEST_IMAGE, ...TICKER,
      ]);
      await page.goto(berth.url);
      await page.evaluate((hash) => (window.location.hash = hash), `#/logs/${name}`);
      const log = page.getByRole('log');
      await expect(log.getByText('tick 10', { exact: true })).toBeVisible();

      await dockerd.stop();
      await expect(page.locator('[data-phase="engine-lost"]')).toBeVisible();
      const before = await page.getByTestId('line-count').textContent();
      await dockerd.restart();
      // The restart policy runs the container again: its new lines follow the old ones.
      await expect(page.locator('[data-phase="live"]')).toBeVisible({ timeout: 30_000 });
      await expect.poll(async () => page.getByTestId('line-count').textContent(), { timeout: 30_000 }).not.toBe(before);

      await expectDownloadToStartLikeDockerLogs(page, dockerd.dockerHost, name);
    } finally {
      await berth.stop();
    }
  });
});
