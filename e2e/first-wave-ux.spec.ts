import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uniqueName } from '../testing/docker-cli';
import { expect, startBerth, test, type TestEnv } from './fixtures';

/** Issue 20: the first-wave pages as a demanding new user found them. */
const LABEL = 'berth.test=e2e-first-wave-ux';

async function runSleeper(env: TestEnv, extra: string[] = []): Promise<string> {
  const name = uniqueName('e2e-ux');
  await env.docker(['run', '-d', '--label', LABEL, '--name', name, ...extra, env.image, 'sleep', '3600']);
  return name;
}

test.afterEach(async ({ env }) => {
  const ids = await env.docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await env.docker(['rm', '-fv', ...ids.split('\n')]);
  const networks = await env.docker(['network', 'ls', '-q', '--filter', `label=${LABEL}`]);
  if (networks) await env.docker(['network', 'rm', ...networks.split('\n')]);
});

test.describe('engine errors become sentences', () => {
  test('an engine that cannot be reached: one clean sentence, a way to the Engine page, no claim of a last known state, actions disabled', async ({ page }) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'berth-e2e-missing-'));
    const berth = await startBerth(`unix://${path.join(dir, 'missing.sock')}`);
    try {
      await page.goto(`${berth.url}#/containers`);
      const banner = page.getByTestId('engine-banner');
      await expect(banner).toContainText('There is no socket at that path (ENOENT).');
      await expect(banner).not.toContainText('last known');
      await expect(banner).not.toContainText('(The');
      await expect(banner).not.toContainText('.).');
      await expect(page.getByText('Nothing to show: the engine cannot be reached.')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Run a container' })).toBeDisabled();
      await banner.getByRole('link', { name: 'Open the Engine page' }).click();
      await expect(page.getByRole('heading', { name: 'Engine', exact: true })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Open the Engine page' })).toHaveCount(0);
    } finally {
      await berth.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('resources on a container without limits: CPU and memory apply together, shown back in the unit typed', async ({ page, env, berth }) => {
    const name = await runSleeper(env);
    await page.goto(`${berth.url}#/containers`);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('button', { name: 'Resources' }).click();
    const dialog = page.getByRole('dialog', { name: `Resources of "${name}"` });
    await dialog.getByLabel('CPUs').fill('0.05');
    await dialog.getByLabel('Memory limit').fill('8m');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('0.05 CPUs, 8 MiB memory')).toBeVisible();
    expect(await env.docker(['inspect', '-f', '{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}', name])).toBe(`50000000 ${8 * 1024 * 1024}`);
  });

  test('rename to a taken name: the holder by name, said once, gone when the name changes', async ({ page, env, berth }) => {
    const taken = await runSleeper(env);
    const name = await runSleeper(env);
    await page.goto(`${berth.url}#/containers`);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('button', { name: 'Rename' }).click();
    const dialog = page.getByRole('dialog', { name: `Rename "${name}"` });
    await dialog.getByLabel('New name').fill(taken);
    await dialog.getByRole('button', { name: 'Rename' }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toHaveText(`The name "${taken}" is already in use by another container. Pick another name, or rename or remove that container first.`);
    await expect(alert).toHaveCount(1);
    await expect(page.getByText(/[0-9a-f]{64}/)).toHaveCount(0);
    await dialog.getByLabel('New name').fill(`${taken}-2`);
    await expect(alert).toHaveCount(0);
  });

  test('a subnet that overlaps: names the network holding the range, once, and clears when the subnet changes', async ({ page, env, berth }) => {
    const holder = uniqueName('e2e-ux-net');
    await env.docker(['network', 'create', '--label', LABEL, '--subnet', '10.241.0.0/16', holder]);
    await page.goto(`${berth.url}#/networks`);
    await page.getByRole('button', { name: 'Create network' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create network' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(uniqueName('e2e-ux-net'));
    await dialog.getByRole('textbox', { name: /^Subnet/ }).fill('10.241.3.0/24');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByText(`overlaps 10.241.0.0/16, which network "${holder}" uses`)).toHaveCount(1);
    await dialog.getByRole('textbox', { name: /^Subnet/ }).fill('10.242.3.0/24');
    await expect(dialog.getByText('overlaps')).toHaveCount(0);
  });

  test('a registry that answers plain HTTP: said in words, with an offer to tick Insecure', async ({ page, env }) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'berth-e2e-data-'));
    const berth = await startBerth(env.dockerHost, [], { ...process.env, BERTH_DATA_DIR: dataDir });
    try {
      await page.goto(`${berth.url}#/registry`);
      await page.getByRole('button', { name: 'Add registry' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a registry' });
      await dialog.getByLabel('Address').fill(env.registry);
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(dialog.getByRole('alert')).toContainText(`${env.registry} answered in plain HTTP, not HTTPS.`);
      await expect(dialog.getByText(/ERR_SSL/)).toHaveCount(0);
      await dialog.getByRole('button', { name: 'Tick Insecure and add it' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByText(`Added ${env.registry}.`)).toBeVisible();
    } finally {
      await berth.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
