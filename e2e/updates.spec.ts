import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { uniqueName } from '../testing/docker-cli';
import { freePort } from '../testing/test-engine';
import { expect, test, type TestEnv } from './fixtures';

const LABEL = 'berth.test=e2e-updates';
const SHOTS = process.env.BERTH_SCREENSHOTS_DIR;

test.afterEach(async ({ env }) => {
  const ids = await env.docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await env.docker(['rm', '-fv', ...ids.split('\n')]);
});

async function shoot(page: import('@playwright/test').Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('edit a container: prefilled dialog, change env and port, see the changes, recreate', async ({ page, env, berth }) => {
  const name = uniqueName('e2e-edit');
  const [oldPort, newPort] = [await freePort(), await freePort()];
  await env.docker(['run', '-d', '--label', LABEL, '--name', name, '--stop-timeout', '1', '-e', 'GREETING=hello', '-p', `127.0.0.1:${oldPort}:80`, '--restart', 'unless-stopped', env.image, 'httpd', '-f', '-p', '80']);
  const oldId = await env.docker(['inspect', '-f', '{{.Id}}', name]);
  await page.goto(`${berth.url}#/containers/${oldId}`);
  await page.getByRole('button', { name: 'Edit…' }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
  await expect(dialog.getByLabel('Variable 1 value')).toHaveValue('hello');
  await expect(dialog.getByLabel('Port 1 host port')).toHaveValue(String(oldPort));
  await expect(dialog.getByLabel('Restart policy')).toHaveValue('unless-stopped');
  await expect(dialog.getByLabel('Command')).toHaveValue('httpd -f -p 80');
  await expect(dialog.getByTestId('edit-changes')).toContainText('No changes yet');
  await dialog.getByLabel('Variable 1 value').fill('changed');
  await dialog.getByLabel('Port 1 host port').fill(String(newPort));
  const changes = dialog.getByTestId('edit-changes');
  await expect(changes).toContainText('Environment: GREETING=hello → GREETING=changed');
  await expect(changes).toContainText(`Port: − 127.0.0.1:${oldPort} → 80/tcp`);
  await expect(changes).toContainText(`Port: + 127.0.0.1:${newPort} → 80/tcp`);
  await expect(dialog.getByTestId('docker-run-command')).toContainText(`-e GREETING=changed -p 127.0.0.1:${newPort}:80`);
  await shoot(page, 'edit-dialog');
  await changes.scrollIntoViewIfNeeded();
  await shoot(page, 'edit-dialog-changes');
  await dialog.getByRole('button', { name: 'Recreate' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  const newId = await env.docker(['inspect', '-f', '{{.Id}}', name]);
  expect(newId).not.toBe(oldId);
  await expect(page).toHaveURL(new RegExp(`#/containers/${newId}`));
  expect(await env.docker(['inspect', '-f', '{{range .Config.Env}}{{println .}}{{end}}', name])).toContain('GREETING=changed');
  expect(await env.docker(['inspect', '-f', '{{.HostConfig.RestartPolicy.Name}} {{.State.Running}}', name])).toBe('unless-stopped true');
  expect(await env.docker(['ps', '-aq', '--filter', `id=${oldId}`])).toBe('');
});

async function pushVersion(env: TestEnv, dir: string, ref: string, version: string): Promise<void> {
  const context = path.join(dir, version);
  await mkdir(context, { recursive: true });
  await writeFile(path.join(context, 'Dockerfile'), `FROM ${env.image}\nRUN echo ${version} > /version\n`);
  await env.docker(['build', '-q', '-t', ref, context]);
  await env.docker(['push', ref]);
}

/** Pushes v2 under `ref` (built as `<repo>:next`) while the engine's own tag stays on `localId`, as after someone else's push. */
async function pushNewerVersion(env: TestEnv, dir: string, repo: string, ref: string, localId: string): Promise<void> {
  await pushVersion(env, dir, `${repo}:next`, 'v2');
  await env.docker(['tag', `${repo}:next`, ref]);
  await env.docker(['push', ref]);
  await env.docker(['tag', localId, ref]);
}

test('an image with a newer version under its tag shows the badge; Update moves the container to it', async ({ page, env, berth }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-upd-'));
  const repo = `${env.registry}/${uniqueName('e2e-upd')}`;
  const ref = `${repo}:stable`;
  try {
    await pushVersion(env, dir, ref, 'v1');
    const v1 = await env.docker(['inspect', '-f', '{{.Id}}', ref]);
    const name = uniqueName('e2e-upd-c');
    await env.docker(['run', '-d', '--label', LABEL, '--name', name, '--stop-timeout', '1', ref, 'sleep', '3600']);
    const digest = (await env.docker(['inspect', '-f', '{{index .RepoDigests 0}}', ref])).split('@')[1]!;
    const pinned = uniqueName('e2e-pinned');
    await env.docker(['run', '-d', '--label', LABEL, '--name', pinned, `${repo}@${digest}`, 'sleep', '3600']);
    await pushNewerVersion(env, dir, repo, ref, v1);

    await page.goto(`${berth.url}#/images`);
    await page.getByRole('button', { name: 'Check for updates' }).click();
    const row = page.getByRole('row').filter({ hasText: ref });
    await expect(row.getByTestId('update-badge')).toBeVisible({ timeout: 20_000 });
    await expect(row.getByTestId('update-badge')).toContainText('Update available');
    await shoot(page, 'update-badge-images');

    await page.goto(`${berth.url}#/containers`);
    await expect(page.locator(`[data-container-name="${name}"]`).getByTestId('update-badge')).toHaveText('Update');
    await expect(page.locator(`[data-container-name="${pinned}"]`)).toBeVisible();
    await expect(page.locator(`[data-container-name="${pinned}"]`).getByTestId('update-badge')).toHaveCount(0);
    await shoot(page, 'update-badge-containers');

    await page.goto(`${berth.url}#/images`);
    await page.getByRole('row').filter({ hasText: ref }).getByRole('button', { name: /Update 1 container/ }).click();
    const dialog = page.getByRole('dialog', { name: `Update ${ref}` });
    await dialog.getByRole('button', { name: 'Pull and recreate' }).click();
    await expect(dialog.getByTestId('update-summary')).toContainText('1 updated, 0 skipped.', { timeout: 30_000 });
    await expect(dialog.getByTestId('update-summary')).toContainText(`${name}: updated`);
    await shoot(page, 'update-summary');
    expect(await env.docker(['exec', name, 'cat', '/version'])).toBe('v2');
  } finally {
    const images = (await env.docker(['images', '-q', '--no-trunc', repo]).catch(() => '')).split('\n').filter(Boolean);
    await env.docker(['rmi', '-f', ref, `${repo}:next`, ...new Set(images)]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

test('an update leaves a Compose project to Compose, and the summary pulls and ups it on the Compose page', async ({ page, env, berth }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-updc-'));
  const repo = `${env.registry}/${uniqueName('e2e-updc')}`;
  const ref = `${repo}:stable`;
  const project = `berthe2eupd${process.pid}`;
  const compose = (args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile('docker-compose', ['-p', project, '-f', path.join(dir, 'compose.yaml'), ...args], { env: { ...process.env, DOCKER_HOST: env.dockerHost } }, (err, _out, stderr) => (err ? reject(new Error(stderr)) : resolve()));
    });
  try {
    await pushVersion(env, dir, ref, 'v1');
    await writeFile(path.join(dir, 'compose.yaml'), `services:\n  app:\n    image: ${ref}\n    labels: [${LABEL}]\n    command: ["sleep", "3600"]\n    stop_grace_period: 1s\n`);
    await compose(['up', '-d']);
    const v1 = await env.docker(['inspect', '-f', '{{.Id}}', ref]);
    await pushNewerVersion(env, dir, repo, ref, v1);

    await page.goto(`${berth.url}#/images`);
    await page.getByRole('button', { name: 'Check for updates' }).click();
    await page.getByRole('row').filter({ hasText: ref }).getByRole('button', { name: /Update 1 container/ }).click({ timeout: 20_000 });
    const dialog = page.getByRole('dialog', { name: `Update ${ref}` });
    await dialog.getByRole('button', { name: 'Pull and recreate' }).click();
    await expect(dialog.getByTestId('update-summary')).toContainText('0 updated, 1 skipped.', { timeout: 30_000 });
    await expect(dialog.getByTestId('update-summary')).toContainText(`Compose project "${project}" manages it`);
    await dialog.getByRole('link', { name: `Pull and up “${project}” on the Compose page` }).click();
    await expect(page).toHaveURL(new RegExp(`#/compose/${project}$`));
    await expect(page.getByText(/ up -d$/)).toBeVisible({ timeout: 30_000 });
    await expect.poll(async () => env.docker(['exec', `${project}_app_1`, 'cat', '/version']).catch(() => ''), { timeout: 30_000 }).toBe('v2');
  } finally {
    await compose(['down']).catch(() => undefined);
    const images = (await env.docker(['images', '-q', '--no-trunc', repo]).catch(() => '')).split('\n').filter(Boolean);
    await env.docker(['rmi', '-f', ref, `${repo}:next`, ...new Set(images)]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

test('Edit on a container that Compose manages says so and offers its compose file instead', async ({ page, env, berth }) => {
  const name = uniqueName('e2e-managed');
  await env.docker(['run', '-d', '--label', LABEL, '--label', 'com.docker.compose.project=berthmanaged', '--label', 'com.docker.compose.service=web', '--name', name, env.image, 'sleep', '3600']);
  const id = await env.docker(['inspect', '-f', '{{.Id}}', name]);
  await page.goto(`${berth.url}#/containers/${id}`);
  await page.getByRole('button', { name: 'Edit…' }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
  await expect(dialog.getByTestId('recreate-refusal')).toContainText('Compose project "berthmanaged" manages this container');
  await dialog.getByRole('link', { name: 'Open the compose file of "berthmanaged"' }).click();
  await expect(page).toHaveURL(/#\/compose\/berthmanaged$/);
  await expect(dialog).toBeHidden();
});
