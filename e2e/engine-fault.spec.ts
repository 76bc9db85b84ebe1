/**
 * The engine dies while the logs view follows a container (SIGKILL of a dockerd of this spec's own, so other specs'
 * engine is untouched): the view says the connection was lost instead of freezing, and once the engine is back and
 * the container runs again, new lines arrive in the same view without a reload.
 */
import { once } from 'node:events';
import { dockerCli, uniqueName } from '../testing/docker-cli';
import { ensureTestImage, startDockerd, TEST_IMAGE, TEST_LABEL, type Dockerd } from '../testing/test-engine';
import { expect, startBerth, test, type BerthServer } from './fixtures';

/** Prints "run <n> tick <i>", n counting the container's starts (kept in its file system across restarts). */
const RUN_COUNTER = 'n=$(($(cat /runs 2>/dev/null || echo 0)+1)); echo $n > /runs; i=0; while true; do i=$((i+1)); echo "run $n tick $i"; sleep 0.2; done';

let dockerd: Dockerd;
let berth: BerthServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dockerd = await startDockerd();
  await ensureTestImage(dockerd.dockerHost);
  berth = await startBerth(dockerd.dockerHost);
});

test.afterAll(async () => {
  await berth?.stop();
  await dockerd?.destroy();
});

test('the logs view says the engine was lost mid-follow, and follows again once it is back', async ({ page }) => {
  test.setTimeout(180_000);
  const name = uniqueName('fault-logs');
  await dockerCli(dockerd.dockerHost, ['run', '-d', '--label', `${TEST_LABEL}=e2e-fault`, '--name', name, TEST_IMAGE, 'sh', '-c', RUN_COUNTER]);
  await page.goto(berth.url);
  await page.evaluate((hash) => (window.location.hash = hash), `#/logs/${name}`);
  const log = page.getByRole('log');
  await expect(log.getByText('run 1 tick 3', { exact: true })).toBeVisible();
  const phase = page.locator('[data-phase]');
  await expect(phase).toHaveAttribute('data-phase', 'live');

  const exited = once(dockerd.process, 'exit');
  dockerd.process.kill('SIGKILL');
  await exited;
  await expect(phase).toHaveAttribute('data-phase', 'engine-lost');
  await expect(phase).toHaveText('Engine connection lost. The lines loaded stay; new ones follow when the engine is back.');
  await page.screenshot({ path: 'test-results/engine-fault-logs-lost.png' });

  await dockerd.restart();
  // The container died with the engine's containerd; started again, its second run's lines reach the same view.
  await dockerCli(dockerd.dockerHost, ['start', name]);
  await expect(phase).toHaveAttribute('data-phase', 'live', { timeout: 60_000 });
  await expect(log.getByText(/^run 2 tick \d+$/).last()).toBeVisible({ timeout: 30_000 });
  await dockerCli(dockerd.dockerHost, ['rm', '-f', name]);
});
