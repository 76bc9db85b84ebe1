import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { uniqueName } from '../testing/docker-cli';
import { startHubReplay, type HubReplay } from '../testing/hub-replay';
import { startRegistry } from '../testing/test-engine';
import { expect, startBerth, test, type BerthServer, type TestEnv } from './fixtures';

const run = promisify(execFile);
const LABEL = 'berth.test=images-e2e';

let hub: HubReplay;
let dataDir: string;
const createdImages: string[] = [];

/** Berth with its own data dir (registries, credentials) and Docker Hub's API pointed at `hubUrl`. */
function startIsolatedBerth(env: TestEnv, hubUrl: string): Promise<BerthServer> {
  return startBerth(env.dockerHost, [], { ...process.env, BERTH_DATA_DIR: dataDir, BERTH_DOCKER_HUB_URL: hubUrl });
}

/** Builds an image with a layer of its own (no cache), so pulling it back after a delete really downloads something. */
async function buildUniqueImage(env: TestEnv, ref: string, kilobytes = 600): Promise<void> {
  const context = await mkdtemp(path.join(tmpdir(), 'berth-e2e-ctx-'));
  try {
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${env.image}\nRUN dd if=/dev/urandom of=/blob bs=1024 count=${kilobytes} 2>/dev/null\n`);
    await env.docker(['build', '-q', '--no-cache', '--label', LABEL, '-t', ref, context]);
    createdImages.push(ref);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

async function pushUniqueImage(env: TestEnv, ref: string, kilobytes = 600): Promise<void> {
  await buildUniqueImage(env, ref, kilobytes);
  await env.docker(['push', ref]);
}

async function addTestRegistry(page: Page, address: string, credentials?: { username: string; password: string }): Promise<void> {
  await page.getByRole('button', { name: 'Add registry' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a registry' });
  await dialog.getByLabel('Address').fill(address);
  await dialog.getByText('Insecure (plain HTTP)').click();
  if (credentials) {
    await dialog.getByLabel('User name').fill(credentials.username);
    await dialog.getByLabel('Password or token').fill(credentials.password);
  }
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog).toBeHidden();
}

async function pullInDialog(page: Page, reference?: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Pull an image' });
  if (reference !== undefined) await dialog.getByLabel('Image', { exact: true }).fill(reference);
  await dialog.getByRole('button', { name: /^(Pull|Try again)$/ }).click();
  await expect(dialog.getByRole('status')).toHaveText('Pull complete', { timeout: 30_000 });
  await expect(dialog.getByRole('progressbar', { name: 'Pull progress' })).toHaveAttribute('aria-valuenow', '100');
  await expect(dialog.getByRole('list', { name: 'Layers' }).getByRole('progressbar').first()).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
}

test.beforeAll(async () => {
  hub = await startHubReplay();
});

test.beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'berth-e2e-data-'));
});

test.afterEach(async ({ env }) => {
  const containers = await env.docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (containers) await env.docker(['rm', '-f', ...containers.split('\n')]);
  for (const ref of createdImages.splice(0)) await env.docker(['rmi', '-f', ref]).catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
});

test.afterAll(async () => {
  await hub?.close();
});

test('one search box across Docker Hub (replayed from a local server in Hub’s documented format) and a private registry, then pull a tag with progress', async ({ page, env }) => {
  const namespace = uniqueName('shop');
  const web = `${env.registry}/${namespace}/shop-web`;
  await pushUniqueImage(env, `${web}:1.0`);
  await pushUniqueImage(env, `${web}:2.0`);
  await pushUniqueImage(env, `${env.registry}/${namespace}/shop-api:1.0`, 10);
  await env.docker(['rmi', `${web}:2.0`]);

  const berth = await startIsolatedBerth(env, hub.url);
  try {
    await page.goto(berth.url);
    await page.goto(`${berth.origin}/#/registry`);
    await addTestRegistry(page, env.registry);

    await page.getByLabel('Search all registries').fill(`${namespace}/shop`);
    const privateGroup = page.getByRole('region', { name: `Results from ${env.registry}` });
    await expect(privateGroup.getByRole('link')).toHaveText([`${env.registry}/${namespace}/shop-api`, `${env.registry}/${namespace}/shop-web`]);
    const hubGroup = page.getByRole('region', { name: 'Results from Docker Hub' });
    await expect(hubGroup.getByRole('link', { name: `${namespace}/shop`, exact: true })).toBeVisible();
    await expect(hubGroup.getByText('Official', { exact: true })).toBeVisible();
    await expect(hubGroup.getByTitle('Stars').first()).toHaveText('★ 20K');

    await privateGroup.getByRole('link', { name: `${env.registry}/${namespace}/shop-web` }).click();
    const tags = page.getByRole('table', { name: 'Tags' });
    await expect(tags.getByRole('row')).toHaveCount(3);
    await expect(tags.getByRole('row', { name: /^2\.0/ })).toContainText(/\d+(\.\d)? (kB|MB)/);
    await tags.getByRole('button', { name: 'Pull 2.0' }).click();
    await expect(page.getByRole('dialog', { name: 'Pull an image' }).getByLabel('Image', { exact: true })).toHaveValue(`${web}:2.0`);
    await pullInDialog(page);

    await page.goto(`${berth.origin}/#/images`);
    await expect(page.getByRole('table', { name: 'Images' })).toContainText(`${web}:2.0`);
  } finally {
    await berth.stop();
  }
});

test('Docker Hub unreachable: a clear note in Hub’s section while the private registry stays searchable', async ({ page, env }) => {
  const namespace = uniqueName('offline');
  await pushUniqueImage(env, `${env.registry}/${namespace}/tool:1`, 10);
  const berth = await startIsolatedBerth(env, 'http://127.0.0.1:9');
  try {
    await page.goto(berth.url);
    await page.goto(`${berth.origin}/#/registry`);
    await addTestRegistry(page, env.registry);
    await page.getByLabel('Search all registries').fill(`${namespace}/tool`);
    await expect(page.getByRole('region', { name: 'Results from Docker Hub' }).getByRole('alert')).toContainText('Docker Hub cannot be searched right now');
    await expect(page.getByRole('region', { name: `Results from ${env.registry}` }).getByRole('link')).toHaveText([`${env.registry}/${namespace}/tool`]);
  } finally {
    await berth.stop();
  }
});

test('delete a local image and pull it back by reference, then tag it anew and push it with per-layer progress', async ({ page, env }) => {
  const repository = `${env.registry}/${uniqueName('roundtrip')}`;
  await pushUniqueImage(env, `${repository}:1`);
  const berth = await startIsolatedBerth(env, hub.url);
  try {
    await page.goto(berth.url);
    await page.goto(`${berth.origin}/#/images`);
    const table = page.getByRole('table', { name: 'Images' });
    await page.getByLabel('Search images').fill(repository);
    await page.getByRole('button', { name: `Remove ${repository}:1` }).click();
    await page.getByRole('dialog', { name: `Remove ${repository}:1?` }).getByRole('button', { name: 'Remove' }).click();
    await expect(table).toBeHidden();

    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    const pull = page.getByRole('dialog', { name: 'Pull an image' });
    await pull.getByLabel('Image', { exact: true }).fill('Not A Reference');
    await pull.getByRole('button', { name: 'Pull' }).click();
    await expect(pull.getByText('repository names must be lowercase')).toBeVisible();
    await pull.getByLabel('Image', { exact: true }).fill(`${repository}:missing`);
    await pull.getByRole('button', { name: 'Pull' }).click();
    await expect(pull.getByRole('alert')).toContainText('The pull failed: The registry has no such tag');
    await pullInDialog(page, `${repository}:1`);
    await expect(table).toContainText(`${repository}:1`);

    await page.getByRole('button', { name: `Tag ${repository}:1` }).click();
    const tagDialog = page.getByRole('dialog', { name: 'Tag image' });
    await tagDialog.getByLabel('Tag', { exact: true }).fill('2');
    await tagDialog.getByRole('button', { name: 'Add tag' }).click();
    createdImages.push(`${repository}:2`);
    await expect(table).toContainText(`${repository}:2`);

    await page.getByRole('button', { name: `Push ${repository}:1` }).click();
    const push = page.getByRole('dialog', { name: 'Push an image' });
    await push.getByLabel('Tag to push').selectOption(`${repository}:2`);
    await push.getByRole('button', { name: 'Push' }).click();
    await expect(push.getByRole('status')).toHaveText('Push complete', { timeout: 30_000 });
    await expect(push.getByRole('list', { name: 'Layers' }).getByRole('listitem').first()).toBeVisible();
    await expect(push.getByText(/^sha256:[0-9a-f]{64}$/)).toBeVisible();
    await push.getByRole('button', { name: 'Close' }).click();
    const { stdout } = await run('curl', ['-s', `http://${env.registry}/v2/${repository.slice(env.registry.length + 1)}/tags/list`]);
    expect(JSON.parse(stdout).tags.sort()).toEqual(['1', '2']);
  } finally {
    await berth.stop();
  }
});

test('log in to a registry that requires htpasswd auth (checked before saving) and pull from it', async ({ page, env }) => {
  const htpasswd = path.join(dataDir, '..', `${path.basename(dataDir)}.htpasswd`);
  await writeFile(htpasswd, (await run('htpasswd', ['-Bbn', 'e2e-user', 'e2e-pass'])).stdout);
  const secured = await startRegistry({ htpasswdFile: htpasswd });
  const ref = `${secured.address}/${uniqueName('secret')}:1`;
  const berth = await startIsolatedBerth(env, hub.url);
  try {
    await buildUniqueImage(env, ref, 300);
    // Pushed with the CLI's own login, kept in a throwaway config dir.
    const config = await mkdtemp(path.join(tmpdir(), 'berth-e2e-cli-'));
    await run('docker', ['--config', config, '-H', env.dockerHost, 'login', '-u', 'e2e-user', '-p', 'e2e-pass', secured.address]);
    await run('docker', ['--config', config, '-H', env.dockerHost, 'push', ref]);
    await rm(config, { recursive: true, force: true });
    await env.docker(['rmi', ref]);

    await page.goto(berth.url);
    await page.goto(`${berth.origin}/#/registry`);
    await addTestRegistry(page, secured.address);
    const registries = page.getByRole('list', { name: 'Registries' });
    await registries.getByRole('button', { name: `Log in to ${secured.address}` }).click();
    const login = page.getByRole('dialog', { name: `Log in to ${secured.address}` });
    await login.getByLabel('User name').fill('e2e-user');
    await login.getByLabel('Password or token').fill('wrong');
    await login.getByRole('button', { name: 'Log in' }).click();
    await expect(login.getByRole('alert')).toContainText('refused the user name or password');
    await login.getByLabel('Password or token').fill('e2e-pass');
    await login.getByRole('button', { name: 'Log in' }).click();
    await expect(registries).toContainText('as e2e-user');
    await expect(page.locator('body')).not.toContainText('e2e-pass');

    await page.getByLabel('Search all registries').fill('secret');
    const group = page.getByRole('region', { name: `Results from ${secured.address}` });
    await group.getByRole('button', { name: `Pull ${ref.slice(0, -2)}` }).click();
    await pullInDialog(page, ref);

    await registries.getByRole('button', { name: `Log out of ${secured.address}` }).click();
    await expect(registries.getByRole('button', { name: `Log in to ${secured.address}` })).toBeVisible();
    await expect(group.getByRole('alert')).toContainText('requires you to log in');
  } finally {
    await berth.stop();
    await secured.stop();
    await rm(htpasswd, { force: true });
  }
});

test('build a folder through the UI (.dockerignore honoured) and run the result', async ({ page, env, berth }) => {
  const context = await mkdtemp(path.join(tmpdir(), 'berth-e2e-build-'));
  const tag = `berth-e2e/${uniqueName('built')}:1`;
  createdImages.push(tag);
  try {
    await mkdir(path.join(context, 'private'));
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${env.image}\nARG GREETING\nCOPY . /app/\nRUN echo "$GREETING" > /app/greeting\n`);
    await writeFile(path.join(context, 'added.txt'), 'added by the build\n');
    await writeFile(path.join(context, 'private', 'token'), 'never sent');
    await writeFile(path.join(context, '.dockerignore'), 'private\n');

    await page.goto(berth.url);
    await page.goto(`${berth.origin}/#/images`);
    await page.getByRole('button', { name: 'Build' }).click();
    const dialog = page.getByRole('dialog', { name: 'Build an image' });
    await dialog.getByLabel('Build folder').fill(context);
    await dialog.getByLabel('Tag', { exact: true }).fill(tag);
    await dialog.getByLabel(/Build arguments/).fill('GREETING=hello from the build');
    await dialog.getByRole('button', { name: 'Build' }).click();
    await expect(dialog.getByLabel('Build output')).toContainText('Step 1/4');
    await expect(dialog.getByRole('status')).toContainText(`Built ${tag}`, { timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('table', { name: 'Images' })).toContainText(tag);

    await page.getByRole('button', { name: `Run ${tag}` }).click();
    await expect(page.getByRole('dialog').getByLabel('Image', { exact: true })).toHaveValue(tag);
    await page.keyboard.press('Escape');

    const output = await env.docker(['run', '--rm', '--label', LABEL, tag, 'sh', '-c', 'cat /app/added.txt /app/greeting; ls -A /app']);
    expect(output.split('\n')).toEqual(['added by the build', 'hello from the build', '.dockerignore', 'Dockerfile', 'added.txt', 'greeting']);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
});

test('remove refuses while a container uses the image; prune previews exactly what it deletes', async ({ page, env, berth }) => {
  const used = `berth-e2e/${uniqueName('used')}:1`;
  // An image of its own: containers other tests make from the shared image would be named in the refusal too.
  await buildUniqueImage(env, used, 1);
  const container = uniqueName('user');
  await env.docker(['create', '--label', LABEL, '--name', container, used]);

  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/images`);
  await page.getByLabel('Search images').fill(used);
  await page.getByRole('button', { name: `Remove ${used}` }).click();
  const remove = page.getByRole('dialog', { name: `Remove ${used}?` });
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect(remove.getByRole('alert')).toContainText(`is used by container ${container}`);
  await remove.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('table', { name: 'Images' })).toContainText(used);

  await page.getByRole('button', { name: 'Prune' }).click();
  const prune = page.getByRole('dialog', { name: 'Prune images' });
  await prune.getByText('All images no container uses').click();
  // Either a list of what goes or a note that nothing would (the disabled submit button says so too: not that one).
  const preview = prune.getByRole('list', { name: 'Images to delete' }).or(prune.locator('p', { hasText: /^Nothing to delete/ }));
  await expect(preview).toBeVisible();
  await expect(prune).not.toContainText(used);
  await prune.getByRole('button', { name: 'Cancel' }).click();
});

test('save an image to a .tar through the browser and load it back by upload, with progress', async ({ page, env, berth }) => {
  const ref = `berth-e2e/${uniqueName('saved')}:1`;
  await buildUniqueImage(env, ref, 300);
  const file = path.join(dataDir, 'saved.tar');
  const notAnArchive = path.join(dataDir, 'notes.txt');
  await writeFile(notAnArchive, 'not a tar\n');

  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/images`);
  await page.getByLabel('Search images').fill(ref);
  await page.getByRole('button', { name: `Save ${ref}` }).click();
  const save = page.getByRole('dialog', { name: `Save ${ref}` });
  // Browser mode: the archive is a download, streamed by the server from the engine.
  const downloading = page.waitForEvent('download');
  await save.getByRole('button', { name: 'Download .tar' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('saved-' + ref.split('saved-')[1]!.replace(':', '_') + '.tar');
  await download.saveAs(file);
  await save.getByRole('button', { name: 'Close' }).click();
  const { stdout: listing } = await run('tar', ['-tf', file]);
  expect(listing).toContain('manifest.json');

  await env.docker(['rmi', ref]);
  await expect(page.getByRole('table', { name: 'Images' })).toBeHidden();
  await page.getByRole('button', { name: 'Load' }).click();
  const load = page.getByRole('dialog', { name: 'Load images from a .tar' });
  await load.getByLabel('File').setInputFiles(notAnArchive);
  await load.getByRole('button', { name: 'Load' }).click();
  await expect(load.getByRole('alert')).toContainText('The load failed');
  await load.getByLabel('File').setInputFiles(file);
  await load.getByRole('button', { name: 'Load' }).click();
  await expect(load.getByRole('status')).toContainText(ref);
  await load.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('table', { name: 'Images' })).toContainText(ref);
});
