import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { dockerCli } from '../testing/docker-cli';
import { ensureTestImage, freePort, startDockerd, startRegistry, TEST_IMAGE, type Dockerd, type Registry } from '../testing/test-engine';
import { expect, startBerth, test, type BerthServer } from './fixtures';

/*
 * A swarm changes its engine for everyone (ingress network, gwbridge), so this spec runs a dockerd of its own.
 * This kernel has no ip_vs, so the ingress routing mesh does not route here; nothing below needs a published port.
 */

const SHOTS = process.env.BERTH_SCREENSHOTS_DIR;
/** Where the README's screenshots go when BERTH_README_SHOTS is set (light theme, 1280x800). */
const README_SHOTS = process.env.BERTH_README_SHOTS ? path.resolve(import.meta.dirname, '../assets/screenshots') : undefined;

let dockerd: Dockerd;
let registry: Registry;
let berth: BerthServer;
let appV1: string;
let appV2: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dockerd = await startDockerd();
  registry = await startRegistry();
  appV1 = `${registry.address}/swarm-e2e:v1`;
  appV2 = `${registry.address}/swarm-e2e:v2`;
  await ensureTestImage(dockerd.dockerHost, TEST_IMAGE);
  await dockerCli(dockerd.dockerHost, ['tag', TEST_IMAGE, appV1]);
  await ensureTestImage(dockerd.dockerHost, appV2);
  await dockerCli(dockerd.dockerHost, ['push', appV1]);
  await dockerCli(dockerd.dockerHost, ['push', appV2]);
  berth = await startBerth(dockerd.dockerHost);
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await berth?.stop();
  await dockerCli(dockerd.dockerHost, ['swarm', 'leave', '--force']).catch(() => undefined);
  await dockerd?.destroy();
  await registry?.stop();
});

async function shoot(page: Page, name: string, readme?: string): Promise<void> {
  if (SHOTS) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
  if (README_SHOTS && readme) {
    await mkdir(README_SHOTS, { recursive: true });
    const file = path.join(README_SHOTS, readme);
    await page.screenshot({ path: file });
    if (SHOTS) await copyFile(file, path.join(SHOTS, readme));
  }
}

test('swarm: initialise, create a service with the form, scale inline, watch a rolling update, remove, leave', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(berth.url);

  // Engine page: inactive, then a single-node swarm on loopback (a port of its own: other test engines may run swarms).
  await page.goto(`${berth.origin}/#/engine`);
  const card = page.getByRole('region', { name: 'Swarm' });
  await expect(card.getByTestId('swarm-state')).toContainText('Inactive');
  await card.getByRole('button', { name: 'Initialise a single-node swarm' }).click();
  const init = page.getByRole('dialog', { name: 'Initialise a single-node swarm' });
  await init.getByLabel('Advertise address').selectOption('127.0.0.1');
  await expect(init).toContainText('Loopback');
  await init.getByLabel('Manager port').fill('not a port');
  await init.getByRole('button', { name: 'Initialise' }).click();
  await expect(init.getByText('The manager port is a number from 1 to 65535. Nothing was changed.')).toBeVisible();
  expect(await dockerCli(dockerd.dockerHost, ['info', '--format', '{{.Swarm.LocalNodeState}}'])).toBe('inactive');
  await init.getByLabel('Manager port').fill(String(await freePort()));
  await init.getByRole('button', { name: 'Initialise' }).click();
  await expect(card.getByTestId('swarm-state')).toContainText('Active · manager');
  await expect(card.getByTestId('swarm-state')).toContainText('127.0.0.1');
  await shoot(page, 'swarm-engine-card');

  // Services page, through the sidebar.
  await page.getByRole('link', { name: 'Swarm services' }).click();
  await expect(page.getByText('No services yet')).toBeVisible();
  await page.getByRole('button', { name: 'Create service' }).click();
  const form = page.getByRole('dialog', { name: 'Create a service' });
  await form.getByLabel('Image').fill(appV1);
  await form.getByLabel('Name', { exact: true }).fill('web');
  await form.getByLabel('Command').fill('sleep 3600');
  // Bad input is refused in words and nothing is created.
  await form.getByLabel('Replicas').fill('-2');
  await form.getByRole('button', { name: 'Create service' }).click();
  await expect(form.getByText('Replicas cannot be negative.').first()).toBeVisible();
  await form.getByLabel('Replicas').fill('three');
  await expect(form.getByText('Replicas must be a whole number, not "three".').first()).toBeVisible();
  expect(await dockerCli(dockerd.dockerHost, ['service', 'ls', '-q'])).toBe('');

  await form.getByLabel('Replicas').fill('3');
  await form.locator('#svc-update-delay').fill('3');
  await form.locator('#svc-update-monitor').fill('2');
  await expect(form.getByTestId('docker-service-command')).toHaveText(
    `docker service create --name web --replicas 3 --update-delay 3s --update-monitor 2s ${appV1} sleep 3600`,
  );
  await shoot(page, 'swarm-create-form');
  await form.getByRole('button', { name: 'Create service' }).click();

  // Details: three tasks, one per slot.
  await expect(page.getByRole('heading', { name: 'web', exact: true })).toBeVisible();
  await expect(page.getByTestId('replicas').first()).toHaveText('3/3', { timeout: 90_000 });
  const tasks = page.getByRole('table', { name: 'Tasks' });
  await expect(tasks.locator('tr[data-task]:not([data-history])')).toHaveCount(3);

  // Inline scale: bad input refused, then 4.
  await page.getByLabel('Replicas', { exact: true }).fill('-1');
  await page.getByRole('button', { name: 'Scale' }).click();
  await expect(page.getByText('Replicas cannot be negative. Nothing was changed.')).toBeVisible();
  await page.getByLabel('Replicas', { exact: true }).fill('4');
  await page.getByRole('button', { name: 'Scale' }).click();
  await expect(page.getByTestId('replicas').first()).toHaveText('4/4', { timeout: 90_000 });

  // Update to the second tag with the same form, prefilled; the rolling-update view follows slot by slot.
  await page.getByRole('button', { name: 'Update…' }).click();
  const edit = page.getByRole('dialog', { name: 'Update service web' });
  await expect(edit.getByLabel('Image')).toHaveValue(appV1);
  await expect(edit.getByLabel('Command')).toHaveValue('sleep 3600');
  await edit.getByLabel('Image').fill(appV2);
  await edit.getByRole('button', { name: 'Update service' }).click();
  const view = page.getByTestId('rolling-update');
  await expect(view).toContainText('Updating', { timeout: 30_000 });
  // Mid-update: some slot already replaced while another still waits (3 s between slots leaves time to see it).
  await expect(view.locator('[data-phase="done"]').first()).toBeVisible({ timeout: 90_000 });
  if ((await view.locator('[data-phase="waiting"], [data-phase="replacing"]').count()) > 0) await shoot(page, 'swarm-rolling-update', 'swarm-rolling-update.png');
  await expect(view).toContainText('Updated', { timeout: 120_000 });
  await expect(view.locator('[data-phase="done"]')).toHaveCount(4);
  await expect(page.getByTestId('update-progress')).toHaveText('4 of 4 slots on the new spec');
  // Replaced tasks stay listed under their slot.
  await expect(tasks.locator('tr[data-history]')).not.toHaveCount(0);

  // Logs tab: the merged view with a chip per task.
  await page.getByRole('link', { name: 'Logs' }).click();
  await expect(page.getByRole('group', { name: 'Tasks' })).toBeVisible();
  await shoot(page, 'swarm-logs');
  await page.getByRole('link', { name: 'Tasks' }).click();

  // Deploy to Swarm from the Compose page: a project's file becomes the stack "shop".
  const stackDir = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-stack-'));
  try {
    await writeFile(
      path.join(stackDir, 'compose.yaml'),
      `services:\n  api:\n    image: ${appV1}\n    command: ["sleep", "3600"]\n    deploy:\n      replicas: 2\n  worker:\n    image: ${appV1}\n    command: ["sleep", "3600"]\n`,
    );
    await page.goto(`${berth.origin}/#/compose`);
    await page.getByLabel('Open a compose file or a folder holding one').fill(stackDir);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'Deploy to Swarm…' }).click();
    const deploy = page.getByRole('dialog', { name: /^Deploy .* to Swarm$/ });
    await deploy.getByLabel('Stack name').fill('bad name');
    await deploy.getByRole('button', { name: 'Deploy' }).click();
    await expect(deploy.getByText('A stack name is letters, digits, "_" and "-", starting with a letter or digit. Nothing was deployed.')).toBeVisible();
    await deploy.getByLabel('Stack name').fill('shop');
    await expect(deploy.getByTestId('stack-deploy-command')).toHaveText(`docker stack deploy -c ${path.join(stackDir, 'compose.yaml')} shop`);
    await deploy.getByRole('button', { name: 'Deploy' }).click();
    await expect(deploy.getByRole('status')).toContainText('Deployed.', { timeout: 60_000 });
    await expect(deploy.getByTestId('stack-deploy-output')).toContainText('Creating service shop_api');
    await deploy.getByRole('button', { name: 'Cancel' }).click();
    // Forget the project (the stack keeps running): other specs share Berth's data folder.
    await page.getByRole('button', { name: 'Forget' }).click();
  } finally {
    await rm(stackDir, { recursive: true, force: true });
  }

  // A service whose constraint no node matches waits as pending, with the reason in words.
  await dockerCli(dockerd.dockerHost, ['service', 'create', '--detach', '--name', 'reports', '--constraint', 'node.labels.gpu==true', appV1, 'sleep', '3600']);
  await page.goto(`${berth.origin}/#/services/service/reports`);
  await expect(page.getByText(/waiting for a node: no suitable node/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('table', { name: 'Tasks' })).toContainText('Waiting: no suitable node');

  // The list, grouped by stack: name, image, replicas, update state; a screenshot for the README.
  await page.getByRole('link', { name: 'Swarm services' }).click();
  const stackShop = page.getByRole('region', { name: 'Stack shop' });
  await expect(stackShop.getByRole('row', { name: /api/ }).getByTestId('replicas')).toHaveText('2/2', { timeout: 60_000 });
  await expect(stackShop.getByRole('row', { name: /worker/ }).getByTestId('replicas')).toHaveText('1/1', { timeout: 60_000 });
  await expect(page.getByRole('table', { name: 'Services' }).getByRole('row', { name: /reports/ }).getByTestId('replicas')).toHaveText('0/1');
  const row = page.getByRole('table', { name: 'Services' }).getByRole('row', { name: /web/ });
  await expect(row).toContainText(appV2);
  await expect(row.getByTestId('replicas')).toHaveText('4/4');
  await expect(row).toContainText('Updated');
  await shoot(page, 'swarm-services', 'swarm-services.png');

  // Remove, confirmed.
  await row.getByRole('link', { name: 'web' }).click();
  await page.getByRole('button', { name: 'Remove…' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove web' });
  await expect(remove).toContainText('4 running tasks are removed');
  await remove.getByRole('button', { name: 'Remove service' }).click();
  await expect(page.getByRole('table', { name: 'Services' }).getByRole('row', { name: /web/ })).toHaveCount(0);
  expect(await dockerCli(dockerd.dockerHost, ['service', 'ls', '--format', '{{.Name}}'])).not.toMatch(/^web$/m);

  // Nodes: this engine, a leader manager, active.
  await page.goto(`${berth.origin}/#/services/nodes`);
  await expect(page.getByRole('table', { name: 'Nodes' })).toContainText('manager (leader)');
  await expect(page.getByRole('combobox', { name: /^Availability of / })).toHaveValue('active');
  await shoot(page, 'swarm-nodes');

  // Secrets: created from text and listed by name; the value is never on the page, in Berth's output or in its API
  // activity (open in a second tab, so it records the call).
  const secretValue = `e2e-secret-${Date.now().toString(36)}-value`;
  const activity = await page.context().newPage();
  await activity.goto(`${berth.origin}/#/activity`);
  // Berth records calls only while someone watches: the page says "live" once its watch is open.
  await expect(activity.locator('body')).toContainText('kept · live');
  await page.goto(`${berth.origin}/#/services/secrets`);
  await page.getByRole('button', { name: 'Create secret' }).click();
  const secretForm = page.getByRole('dialog', { name: 'Create a secret' });
  await secretForm.getByLabel('Name').fill('api-token');
  await secretForm.getByLabel('Value').fill(secretValue);
  await secretForm.getByRole('button', { name: 'Create secret' }).click();
  await expect(page.getByRole('table', { name: 'Secrets' })).toContainText('api-token');
  await shoot(page, 'swarm-secrets');
  await expect(activity.locator('body')).toContainText('/secrets/create');
  // Plain, and as the base64 the engine API carries it (without padding, which a URL would escape).
  const secretBase64 = Buffer.from(secretValue).toString('base64').replace(/=+$/, '');
  for (const text of [await page.content(), await activity.content(), berth.output()]) {
    expect(text).not.toContain(secretValue);
    expect(text).not.toContain(secretBase64);
  }
  await activity.close();
  await page.getByRole('button', { name: 'Remove api-token' }).click();
  await page.getByRole('dialog', { name: 'Remove secret api-token' }).getByRole('button', { name: 'Remove secret' }).click();
  await expect(page.getByText('No secrets')).toBeVisible();

  // Leave: the confirmation says the swarm ends.
  await page.goto(`${berth.origin}/#/engine`);
  await card.getByRole('button', { name: 'Leave…' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave the swarm' });
  await expect(leave).toContainText('only manager: leaving ends the swarm');
  await expect(leave.getByTestId('leave-services')).toContainText('shop_api');
  await expect(leave.getByTestId('leave-services')).toContainText('reports');
  await leave.getByRole('button', { name: 'Leave swarm' }).click();
  // Leaving stops and removes the services' tasks first: seconds per service on a busy machine.
  await expect(leave).toHaveCount(0, { timeout: 120_000 });
  await expect(card.getByTestId('swarm-state')).toContainText('Inactive');
  expect(await dockerCli(dockerd.dockerHost, ['info', '--format', '{{.Swarm.LocalNodeState}}'])).toBe('inactive');
});
