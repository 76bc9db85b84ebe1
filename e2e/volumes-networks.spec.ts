import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uniqueName } from '../testing/docker-cli';
import { expect, test, type TestEnv } from './fixtures';

const LABEL = 'berth.test=volumes-networks-e2e';

/** Every file under a volume with its checksum, read by a throwaway container: the ground truth to compare. */
async function volumeChecksums(env: TestEnv, volume: string): Promise<string> {
  return env.docker(['run', '--rm', '--label', LABEL, '-v', `${volume}:/data:ro`, env.image, 'sh', '-c', 'cd /data && find . -type f | sort | xargs md5sum']);
}

async function cleanUp(env: TestEnv): Promise<void> {
  const containers = await env.docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (containers) await env.docker(['rm', '-f', ...containers.split('\n')]);
  const volumes = await env.docker(['volume', 'ls', '-q', '--filter', `label=${LABEL}`]);
  if (volumes) await env.docker(['volume', 'rm', '-f', ...volumes.split('\n')]);
  const networks = await env.docker(['network', 'ls', '-q', '--filter', `label=${LABEL}`]);
  if (networks) await env.docker(['network', 'rm', ...networks.split('\n')]);
}

test.afterEach(async ({ env }) => {
  await cleanUp(env);
});

test('browse a volume, download a file, export it and import it into a new volume', async ({ page, berth, env }) => {
  test.slow(); // many engine round trips (helper containers, a 700 kB export and import) on a shared 2-core machine
  const volume = uniqueName('e2e-vol');
  const copy = uniqueName('e2e-copy');
  const downloads = await mkdtemp(path.join(tmpdir(), 'berth-e2e-'));
  try {
    await env.docker(['volume', 'create', '--label', LABEL, volume]);
    await env.docker(['run', '--rm', '--label', LABEL, '-v', `${volume}:/data`, env.image, 'sh', '-c', 'mkdir -p /data/docs && echo "hello from a container" > /data/docs/hello.txt && dd if=/dev/urandom of=/data/blob.bin bs=1024 count=700 2>/dev/null']);

    await page.goto(berth.url);
    await page.goto(`${berth.origin}/#/volumes`);
    await page.getByRole('link', { name: volume }).click();
    const files = page.getByRole('table', { name: 'Files' });
    await expect(files.getByRole('row', { name: /blob\.bin/ })).toContainText('717 kB');
    await files.getByRole('link', { name: 'docs', exact: true }).click();
    await expect(page.getByRole('navigation', { name: 'Folder' })).toContainText('docs');

    const fileDownload = page.waitForEvent('download');
    await files.getByRole('button', { name: 'Download hello.txt' }).click();
    const file = await fileDownload;
    expect(file.suggestedFilename()).toBe('hello.txt');
    const filePath = path.join(downloads, 'hello.txt');
    await file.saveAs(filePath);
    expect(await readFile(filePath, 'utf8')).toBe('hello from a container\n');

    const exportDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export .tar.gz' }).click();
    const exported = await exportDownload;
    expect(exported.suggestedFilename()).toBe(`${volume}.tar.gz`);
    const archivePath = path.join(downloads, exported.suggestedFilename());
    await exported.saveAs(archivePath);

    await page.goto(`${berth.origin}/#/volumes`);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import into a volume' });
    await dialog.getByLabel('Archive').setInputFiles(archivePath);
    await dialog.getByLabel('New volume name').fill(copy);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Imported into volume ${copy}.` })).toBeVisible();
    await expect(page.getByRole('link', { name: copy })).toBeVisible();

    expect(await volumeChecksums(env, copy)).toBe(await volumeChecksums(env, volume));
    expect(await volumeChecksums(env, copy)).toContain('./docs/hello.txt');

    // Importing again into the now non-empty copy is refused, and nothing is overwritten.
    await page.getByRole('button', { name: 'Import…' }).click();
    await dialog.getByLabel('Archive').setInputFiles(archivePath);
    await dialog.getByLabel('an existing, empty volume').check();
    await dialog.getByLabel('Existing volume').selectOption(copy);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect(dialog.getByRole('alert')).toContainText('is not empty');
  } finally {
    await rm(downloads, { recursive: true, force: true });
    await env.docker(['volume', 'rm', '-f', copy]).catch(() => undefined);
  }
});

test('refuses to delete a volume in use, naming the container, and forces only when ticked', async ({ page, berth, env }) => {
  const volume = uniqueName('e2e-used');
  const container = uniqueName('e2e-user');
  await env.docker(['volume', 'create', '--label', LABEL, volume]);
  await env.docker(['create', '--name', container, '--label', LABEL, '-v', `${volume}:/data`, env.image, 'true']);

  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/volumes`);
  await page.getByRole('button', { name: `Delete ${volume}` }).click();
  const dialog = page.getByRole('dialog', { name: `Delete volume ${volume}?` });
  await expect(dialog).toContainText(container);
  await dialog.getByRole('button', { name: 'Delete volume' }).click();
  await expect(dialog.getByRole('alert')).toContainText('in use');
  await dialog.getByLabel(/Also remove that container/).check();
  await dialog.getByRole('button', { name: 'Delete volume and containers' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Deleted volume ${volume}.` })).toBeVisible();
  expect(await env.docker(['volume', 'ls', '-q', '--filter', `name=${volume}`])).toBe('');
  expect(await env.docker(['ps', '-aq', '--filter', `name=${container}`])).toBe('');
});

test('create a network, connect two containers and see both with their addresses', async ({ page, berth, env }) => {
  test.slow(); // two containers, a network and five UI round trips on a shared 2-core machine
  const network = uniqueName('e2e-net');
  const first = uniqueName('e2e-a');
  const second = uniqueName('e2e-b');
  for (const name of [first, second]) await env.docker(['run', '-d', '--name', name, '--label', LABEL, env.image, 'sleep', '300']);

  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/networks`);
  await expect(page.getByRole('button', { name: 'Delete bridge' })).toBeDisabled();
  await page.getByRole('button', { name: 'Create network' }).click();
  const create = page.getByRole('dialog', { name: 'Create network' });
  await create.getByLabel('Name').fill(network);
  await create.getByLabel(/^Subnet/).fill('10.123.0.0/33');
  await expect(create).toContainText('is not a CIDR subnet');
  await create.getByLabel(/^Subnet/).fill('10.123.0.0/24');
  await create.getByLabel(/^Gateway/).fill('10.124.0.1');
  await create.getByRole('button', { name: 'Create' }).click();
  // Said once, at the field (not again below the form).
  await expect(create.getByText(/not inside 10\.123\.0\.0\/24/)).toHaveCount(1);
  await create.getByLabel(/^Gateway/).fill('10.123.0.1');
  await create.getByLabel('Labels').fill(LABEL);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Created network ${network}.` })).toBeVisible();

  await page.getByRole('link', { name: network }).click();
  for (const [container, address] of [[first, '10.123.0.50'], [second, '']] as const) {
    await page.getByRole('button', { name: 'Connect container…' }).click();
    const connect = page.getByRole('dialog', { name: `Connect a container to ${network}` });
    await connect.getByLabel('Container').selectOption({ label: `${container} (running)` });
    if (address) await connect.getByLabel(/Static IPv4/).fill(address);
    await connect.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Connected ${container}.` })).toBeVisible();
  }

  const endpoints = page.getByRole('table', { name: 'Connected containers' });
  await expect(endpoints.getByRole('row', { name: new RegExp(first) })).toContainText('10.123.0.50');
  await expect(endpoints.getByRole('row', { name: new RegExp(second) })).toContainText(/10\.123\.0\.\d+/);
  await expect(endpoints.getByRole('row', { name: new RegExp(second) })).toContainText(/02:42:/);

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const remove = page.getByRole('dialog', { name: `Delete network ${network}?` });
  await remove.getByRole('button', { name: 'Delete network' }).click();
  await expect(remove.getByRole('alert')).toContainText(first);
  await expect(remove.getByRole('alert')).toContainText(second);
  await remove.getByRole('button', { name: 'Cancel' }).click();

  await endpoints.getByRole('button', { name: `Disconnect ${first}` }).click();
  await expect(endpoints.getByRole('row', { name: new RegExp(first) })).toHaveCount(0);
});

test('prune previews exactly what it then deletes', async ({ page, berth, env }) => {
  const unused = [uniqueName('e2e-prune-a'), uniqueName('e2e-prune-b')];
  const used = uniqueName('e2e-prune-used');
  for (const name of [...unused, used]) await env.docker(['volume', 'create', '--label', LABEL, name]);
  await env.docker(['create', '--label', LABEL, '-v', `${used}:/data`, env.image, 'true']);

  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/volumes`);
  await page.getByRole('button', { name: 'Prune unused…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove unused volumes' });
  const previewList = dialog.getByRole('list', { name: 'unused volumes to remove' });
  await expect(previewList).toBeVisible();
  const previewed = (await previewList.getByRole('listitem').locator('span.font-medium').allTextContents()).sort();
  expect(previewed).toEqual(expect.arrayContaining(unused));
  expect(previewed).not.toContain(used);

  await dialog.getByRole('button', { name: /^Delete/ }).click();
  const removedList = dialog.getByRole('list', { name: 'Removed unused volumes' });
  await expect(removedList).toBeVisible();
  const removed = (await removedList.getByRole('listitem').locator('span.font-medium').allTextContents()).sort();
  expect(removed).toEqual(previewed);

  const remaining = (await env.docker(['volume', 'ls', '-q'])).split('\n');
  for (const name of previewed) expect(remaining).not.toContain(name);
  expect(remaining).toContain(used);
});

test('disk usage drills down, and the clean-up wizard deletes exactly what each step listed', async ({ page, berth, env }) => {
  const stopped = uniqueName('e2e-wizard-stopped');
  const network = uniqueName('e2e-wizard-net');
  await env.docker(['run', '--name', stopped, '--label', LABEL, env.image, 'true']);
  await env.docker(['network', 'create', '--label', LABEL, network]);

  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/disk`);
  await expect(page.getByLabel('Disk usage chart')).toBeVisible();
  await page.getByRole('button', { name: /^Containers/ }).click();
  await expect(page.getByRole('table', { name: 'Containers by size' })).toContainText(stopped);

  await page.getByRole('button', { name: 'Clean up…' }).click();
  const step = page.getByRole('dialog');
  const listNames = (name: string) => step.getByRole('list', { name }).getByRole('listitem').locator('span.font-medium').allTextContents();

  await expect(step).toHaveAccessibleName(/step 1 of 5: stopped containers/);
  await expect(step.getByRole('list', { name: 'stopped containers to remove' })).toBeVisible();
  const previewedContainers = (await listNames('stopped containers to remove')).sort();
  expect(previewedContainers).toContain(stopped);
  await step.getByRole('button', { name: /^Delete/ }).click();
  await expect(step.getByRole('list', { name: 'Removed stopped containers' })).toBeVisible();
  expect((await listNames('Removed stopped containers')).sort()).toEqual(previewedContainers);
  await step.getByRole('button', { name: 'Next step' }).click();

  await expect(step).toHaveAccessibleName(/step 2 of 5: unused networks/);
  await expect(step.getByRole('list', { name: 'unused networks to remove' })).toBeVisible();
  const previewedNetworks = (await listNames('unused networks to remove')).sort();
  expect(previewedNetworks).toContain(network);
  expect(previewedNetworks).not.toContain('bridge');
  await step.getByRole('button', { name: /^Delete/ }).click();
  await expect(step.getByRole('list', { name: 'Removed unused networks' })).toBeVisible();
  expect((await listNames('Removed unused networks')).sort()).toEqual(previewedNetworks);
  await step.getByRole('button', { name: 'Next step' }).click();

  for (const [index, noun] of [[3, 'unused images'], [4, 'unused volumes']] as const) {
    await expect(step).toHaveAccessibleName(new RegExp(`step ${index} of 5: ${noun}`));
    await expect(step.getByRole('status').or(step.getByRole('list', { name: `${noun} to remove` }))).toBeVisible();
    const skip = step.getByRole('button', { name: 'Skip this step' });
    if (await skip.isVisible()) await skip.click();
    else await step.getByRole('button', { name: 'Next step' }).click();
  }
  await expect(step).toHaveAccessibleName(/step 5 of 5: build cache/);
  await expect(step.getByRole('status').or(step.getByRole('list', { name: 'build cache records to remove' }))).toBeVisible();
  const skipLast = step.getByRole('button', { name: 'Skip this step' });
  if (await skipLast.isVisible()) await skipLast.click();
  else await step.getByRole('button', { name: 'Finish' }).click();

  const summary = page.getByRole('dialog', { name: 'Clean-up finished' });
  await expect(summary.getByRole('list', { name: 'Clean-up summary' })).toContainText(`stopped containers: ${previewedContainers.length} removed`);
  await summary.getByRole('button', { name: 'Close' }).click();

  expect(await env.docker(['ps', '-aq', '--filter', `name=${stopped}`])).toBe('');
  expect(await env.docker(['network', 'ls', '-q', '--filter', `name=${network}`])).toBe('');
});

test('events page streams live events, filters them and pauses without losing any', async ({ page, berth, env }) => {
  const first = uniqueName('e2e-events-a');
  const second = uniqueName('e2e-events-b');
  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/events`);
  await expect(page.getByText('Waiting for the engine')).toBeVisible();

  await env.docker(['run', '--name', first, '--label', LABEL, env.image, 'true']);
  const events = page.getByRole('table', { name: 'Engine events' });
  await expect(events.getByRole('row', { name: new RegExp(`start ${first}`) })).toBeVisible();

  await page.getByLabel('Event type').selectOption('container');
  await page.getByLabel('Action').fill('die');
  await page.getByLabel('Name or id').fill(first);
  await expect(events.getByRole('row')).toHaveCount(2); // header + the one "die"
  await expect(events).toContainText('exitCode=0');

  await page.getByLabel('Action').fill('');
  await page.getByLabel('Name or id').fill('');
  await page.getByRole('button', { name: 'Pause' }).click();
  await env.docker(['run', '--name', second, '--label', LABEL, env.image, 'true']);
  await expect(page.getByText(/paused, [1-9]\d* new/)).toBeVisible();
  await expect(events).not.toContainText(second);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(events.getByRole('row', { name: new RegExp(`start ${second}`) })).toBeVisible();
});
