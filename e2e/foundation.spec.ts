import { dockerCli, uniqueName } from '../testing/docker-cli';
import { ensureTestImage, startDockerd, TEST_LABEL } from '../testing/test-engine';
import { expect, startBerth, test } from './fixtures';

const label = `${TEST_LABEL}=foundation-e2e`;

test.afterAll(async () => {
  const dockerHost = process.env.BERTH_TEST_DOCKER_HOST!;
  const ids = await dockerCli(dockerHost, ['ps', '-aq', '--filter', `label=${label}`]);
  if (ids) await dockerCli(dockerHost, ['rm', '-f', ...ids.split('\n')]);
});

test('the dashboard shows the engine it is connected to', async ({ page, berth, env }) => {
  const version = await env.docker(['version', '--format', '{{.Server.Version}}']);
  const cpus = await env.docker(['info', '--format', '{{.NCPU}}']);
  await page.goto(berth.url);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByLabel('Engine version')).toContainText(version);
  await expect(page.getByLabel('CPUs')).toContainText(cpus);
  await expect(page.getByRole('link', { name: 'Engine connected' })).toBeVisible();
});

test('containers created, stopped and removed with the CLI show up live', async ({ page, berth, env }) => {
  await page.goto(berth.url);
  await page.getByRole('link', { name: 'Containers' }).first().click();
  await expect(page.getByRole('heading', { name: 'Containers' })).toBeVisible();

  const name = uniqueName('e2e-live');
  await env.docker(['run', '-d', '--name', name, '--label', label, env.image, 'sleep', '600']);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.locator('[data-state]')).toHaveText('running');

  await env.docker(['stop', '-t', '0', name]);
  await expect(row.locator('[data-state]')).toHaveText('exited');

  await env.docker(['rm', name]);
  await expect(row).toHaveCount(0);
});

test('engine down shows a banner; engine back is live again without a reload', async ({ page }) => {
  const dockerd = await startDockerd();
  try {
    await ensureTestImage(dockerd.dockerHost);
    const berth = await startBerth(dockerd.dockerHost);
    try {
      await page.goto(berth.url);
      await page.getByRole('link', { name: 'Containers' }).first().click();
      await expect(page.getByText('No containers yet')).toBeVisible();
      await expect(page.getByTestId('engine-banner')).toHaveCount(0);

      await dockerd.stop();
      await expect(page.getByTestId('engine-banner')).toContainText('Engine unavailable');
      await expect(page.getByRole('heading', { name: 'Containers' })).toBeVisible();

      await dockerd.restart();
      await expect(page.getByTestId('engine-banner')).toHaveCount(0, { timeout: 20_000 });
      const name = uniqueName('e2e-after-restart');
      await dockerCli(dockerd.dockerHost, ['create', '--name', name, '--label', label, 'berth-test/busybox:latest', 'true']);
      await expect(page.getByRole('row').filter({ hasText: name })).toBeVisible();
      expect(berth.process.exitCode).toBeNull();
    } finally {
      await berth.stop();
    }
  } finally {
    await dockerd.destroy();
  }
});
