import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

test.describe('lists that stay true', () => {
  test('status lines tick, the header counts what the filter shows, and a stopped container shows its configured ports as not active', async ({ page, env, berth }) => {
    const running = await runSleeper(env);
    const stopped = uniqueName('e2e-ux-stopped');
    await env.docker(['create', '--label', LABEL, '--name', stopped, '-p', '127.0.0.1:18093:80', env.image, 'httpd', '-f', '-p', '80']);
    await page.goto(`${berth.url}#/containers`);
    const status = page.getByRole('row').filter({ hasText: running }).getByTestId('container-status');
    await expect(status).toHaveText(/^Up /);
    const first = await status.textContent();
    await expect(status).not.toHaveText(first!);

    await expect(page.getByRole('row').filter({ hasText: stopped })).toContainText('18093→80/tcp (not active)');

    await page.getByLabel('Filter containers').fill(running);
    await expect(page.getByText(/^1 of \d+ containers, \d+ running$/)).toBeVisible();
  });

  test('CPU and memory columns sort by live samples across the whole list', async ({ page, env, berth }) => {
    const small = await runSleeper(env);
    // 24 MiB written to its /dev/shm (memory the cgroup counts, written at once): more than any sleeper uses.
    const big = uniqueName('e2e-ux-big');
    await env.docker(['run', '-d', '--label', LABEL, '--name', big, env.image, 'sh', '-c', 'dd if=/dev/zero of=/dev/shm/fill bs=1048576 count=24 2>/dev/null; sleep 3600']);
    await page.goto(`${berth.url}#/containers`);
    await page.getByRole('button', { name: 'Memory' }).click();
    await expect(page.getByRole('columnheader', { name: 'Memory' })).toHaveAttribute('aria-sort', 'descending');
    const rows = page.getByTestId('container-scroll').getByRole('row');
    await expect(rows.first()).toHaveAttribute('data-container-name', big, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Memory' }).click();
    await expect(page.getByRole('columnheader', { name: 'Memory' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(rows.filter({ hasText: small })).toBeVisible();
    await expect(page.getByRole('button', { name: 'CPU' })).toBeVisible();
  });

  test('the Events page keeps recent events when the user leaves it and comes back', async ({ page, env, berth }) => {
    await page.goto(`${berth.url}#/events`);
    await expect(page.getByText(/Waiting for the engine|of the last/).first()).toBeVisible();
    const name = await runSleeper(env);
    const events = page.getByRole('table', { name: 'Engine events' });
    await expect(events.getByRole('row', { name: new RegExp(`start ${name}`) })).toBeVisible();
    await page.getByRole('link', { name: 'Containers' }).first().click();
    await expect(page.getByRole('heading', { name: 'Containers' })).toBeVisible();
    await page.getByRole('link', { name: 'Events' }).first().click();
    await expect(events.getByRole('row', { name: new RegExp(`start ${name}`) })).toBeVisible();
  });
});

test.describe('pages that fit the window', () => {
  test('at 1000×700 the containers list fits without sideways scrolling, the sidebar shows icons, and the ⋮ menu and a row click open the container', async ({ page, env, berth }) => {
    await page.setViewportSize({ width: 1000, height: 700 });
    const hostPort = 18094;
    const name = uniqueName('e2e-ux-web');
    await env.docker(['run', '-d', '--label', LABEL, '--name', name, '-p', `127.0.0.1:${hostPort}:80`, env.image, 'httpd', '-f', '-p', '80']);
    await page.goto(`${berth.url}#/containers`);
    const table = page.getByRole('table', { name: 'Containers' });
    await expect(table.getByRole('row').filter({ hasText: name })).toBeVisible();
    // One scroller, and nothing wider than the pane.
    expect(await table.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await expect(table.getByRole('columnheader', { name: 'IP address' })).toBeHidden();
    await expect(table.getByRole('button', { name: `Edit ${name}` })).toBeHidden();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect((await nav.boundingBox())!.width).toBeLessThan(80);
    await expect(nav.getByRole('link', { name: 'Containers' })).toBeVisible();

    await table.getByRole('button', { name: `More actions for ${name}` }).click();
    const menu = page.getByRole('menu', { name: `More actions for ${name}` });
    for (const item of ['Logs', 'Terminal', `Open 127.0.0.1:${hostPort} in the browser`, 'Inspect', 'Copy id', 'Edit…', 'Remove…']) {
      await expect(menu.getByRole('menuitem', { name: item })).toBeVisible();
    }
    await menu.getByRole('menuitem', { name: 'Inspect' }).click();
    await expect(page).toHaveURL(/#\/containers\/[0-9a-f]{64}\/inspect$/);

    await page.goBack();
    await table.getByRole('row').filter({ hasText: name }).getByTestId('container-status').click();
    await expect(page).toHaveURL(/#\/containers\/[0-9a-f]{64}$/);
  });
});

test.describe('dialogs that respect the keyboard', () => {
  test('the run dialog starts in its first field, checks a field as the user leaves it, and shows a taken name at the Name field', async ({ page, env, berth }) => {
    const taken = await runSleeper(env);
    await page.goto(`${berth.url}#/containers`);
    await page.getByRole('button', { name: 'Run a container' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run a container' });
    const image = dialog.getByLabel('Image', { exact: true });
    await expect(image).toBeFocused();
    await page.keyboard.type(env.image);

    const cpus = dialog.getByLabel('CPUs');
    await cpus.fill('lots');
    await expect(cpus).toHaveAttribute('aria-invalid', 'false');
    await cpus.blur();
    await expect(cpus).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(dialog.getByText(/^Fix the fields marked in red first/)).toBeVisible();
    await cpus.fill('0.5');
    await expect(cpus).toHaveAttribute('aria-invalid', 'false');
    await expect(dialog.getByText(/^Fix the fields marked in red first/)).toHaveCount(0);

    const name = dialog.getByLabel('Name', { exact: true });
    await name.fill(taken);
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.locator('#run-name-error')).toHaveText(`The name "${taken}" is already in use by another container. Pick another name, or rename or remove that container first.`);
    await name.fill(`${taken}-x`);
    await expect(dialog.locator('#run-name-error')).toHaveCount(0);
  });

  test('removing an image with several tags removes the named tag by default; a pull of a present image says up to date and ends with one Close', async ({ page, env, berth }) => {
    const repository = `${env.registry}/${uniqueName('e2e-ux-tags')}`;
    await env.docker(['tag', env.image, `${repository}:1`]);
    await env.docker(['tag', env.image, `${repository}:2`]);
    await env.docker(['push', `${repository}:1`]);
    try {
      await page.goto(`${berth.url}#/images`);
      await page.getByLabel('Search images').fill(repository);
      await page.getByRole('button', { name: 'Pull', exact: true }).click();
      const pull = page.getByRole('dialog', { name: 'Pull an image' });
      await pull.getByLabel('Image', { exact: true }).fill(`${repository}:1`);
      await pull.getByRole('button', { name: 'Pull', exact: true }).click();
      await expect(pull.getByRole('status')).toHaveText('Already up to date: nothing was downloaded', { timeout: 30_000 });
      await expect(pull.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
      await pull.getByRole('button', { name: 'Close' }).click();

      const rowName = (await page.getByRole('table', { name: 'Images' }).getByRole('row').nth(1).locator('li').first().textContent())!;
      await page.getByRole('button', { name: `Remove ${rowName}`, exact: true }).click();
      const remove = page.getByRole('dialog', { name: `Remove ${rowName}?` });
      await expect(remove.getByRole('radio', { name: `Only the tag ${rowName}` })).toBeChecked();
      await expect(remove.getByRole('radio', { name: 'The whole image, with every tag' })).not.toBeChecked();
      await remove.getByRole('button', { name: 'Cancel' }).click();
    } finally {
      await env.docker(['rmi', `${repository}:1`, `${repository}:2`]).catch(() => undefined);
    }
  });

  test('the build dialog remembers its mode and text for the session', async ({ page, berth }) => {
    await page.goto(`${berth.url}#/images`);
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Build an image' });
    await dialog.getByText('A pasted Dockerfile').click();
    await dialog.getByRole('textbox', { name: 'Dockerfile' }).fill('FROM scratch\n');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await expect(dialog.getByRole('radio', { name: 'A pasted Dockerfile' })).toBeChecked();
    await expect(dialog.getByRole('textbox', { name: 'Dockerfile' })).toHaveValue('FROM scratch\n');
  });
});

test.describe('consistency', () => {
  test('image Inspect is the same searchable tree as a container’s: matches counted, Enter goes to the next, “No matches” said', async ({ page, env, berth }) => {
    await page.goto(`${berth.url}#/images`);
    await page.getByLabel('Search images').fill(env.image);
    await page.getByRole('button', { name: `Inspect ${env.image}` }).click();
    const dialog = page.getByRole('dialog', { name: `Inspect ${env.image}` });
    const search = dialog.getByRole('searchbox', { name: 'Search the inspect data' });
    await search.fill('PATH');
    const matches = dialog.getByTestId('inspect-matches');
    await expect(matches).toHaveText(/^1 of \d+$/);
    const total = Number((await matches.textContent())!.split(' of ')[1]);
    if (total > 1) {
      await search.press('Enter');
      await expect(matches).toHaveText(`2 of ${total}`);
      await expect(dialog).toBeVisible();
    }
    await expect(dialog.locator('mark[data-current]')).toBeInViewport();
    await search.fill('no-such-key-anywhere');
    await expect(matches).toHaveText('No matches');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  });

  test('logs: Ctrl+F focuses the viewer’s search, toggles say pressed, an invalid regex keeps the bar on one row', async ({ page, env, berth }) => {
    const name = uniqueName('e2e-ux-logs');
    await env.docker(['run', '-d', '--label', LABEL, '--name', name, env.image, 'sh', '-c', 'echo first line; sleep 3600']);
    await page.goto(`${berth.url}#/containers`);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('link', { name: 'Logs' }).click();
    await expect(page.getByRole('log').getByText('first line')).toBeVisible();
    await page.getByRole('log').click();
    await page.keyboard.press('Control+f');
    const search = page.getByLabel('Search logs');
    await expect(search).toBeFocused();

    const regex = page.getByRole('button', { name: '.*', exact: true });
    await expect(regex).toHaveAttribute('aria-pressed', 'false');
    await regex.click();
    await expect(regex).toHaveAttribute('aria-pressed', 'true');
    const bar = search.locator('..');
    const height = (await bar.boundingBox())!.height;
    await search.fill('line (');
    await expect(page.getByTestId('match-counter')).toContainText('Not a valid regular expression');
    expect((await bar.boundingBox())!.height).toBe(height);
    await expect(page.getByRole('link', { name: 'Open in full window ↗' })).toHaveAttribute('target', '_blank');
  });
});

test('disk clean-up lists each item with a checkbox, all ticked, and deletes only what stays ticked', async ({ page, env, berth }) => {
  const keep = uniqueName('e2e-ux-keep');
  const drop = uniqueName('e2e-ux-drop');
  for (const name of [keep, drop]) await env.docker(['create', '--label', LABEL, '--name', name, env.image, 'true']);
  await page.goto(`${berth.url}#/disk`);
  await expect(page.getByText(/reclaimable by removing every unused image \(not only dangling ones\)/)).toBeVisible();
  await page.getByRole('button', { name: 'Clean up…' }).click();
  const step = page.getByRole('dialog', { name: /^Clean up, step 1 of \d: stopped containers$/ });
  const boxes = step.getByRole('checkbox', { name: /^Delete / });
  await expect(step.getByRole('checkbox', { name: `Delete ${keep}` })).toBeChecked();
  // Leave everything else on this shared engine alone: untick all, then tick the one to delete.
  for (const box of await boxes.all()) await box.uncheck();
  await expect(step.getByRole('button', { name: 'Next step' })).toBeVisible();
  await step.getByRole('checkbox', { name: `Delete ${drop}` }).check();
  await step.getByRole('button', { name: /^Delete (it|1)$/ }).click();
  await expect(step.getByRole('status')).toHaveText('Removed 1 stopped container.');
  const left = await env.docker(['ps', '-a', '--format', '{{.Names}}', '--filter', `label=${LABEL}`]);
  expect(left.split('\n')).toEqual([keep]);
});

test('container files: modes read as in ls -l, /proc says why it cannot be listed, a text file opens in a viewer, old notes go with the folder', async ({ page, env, berth }) => {
  const name = await runSleeper(env);
  await page.goto(`${berth.url}#/containers`);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('link', { name: 'Files' }).click();
  const files = page.getByRole('table', { name: 'Files' });
  await expect(files.locator('tr[data-file="etc"]')).toContainText('drwxr-xr-x');
  await page.getByRole('button', { name: 'proc', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('/proc is in a filesystem the kernel makes up as it is read');
  await expect(page.getByText('The engine answered 404')).toHaveCount(0);

  await page.getByRole('button', { name: 'etc', exact: true }).click();
  await page.getByRole('button', { name: 'View passwd' }).click();
  const viewer = page.getByRole('dialog', { name: '/etc/passwd' });
  await expect(viewer.getByLabel('Contents of /etc/passwd')).toContainText('root:');
  await viewer.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Download passwd' }).click();
  await expect(page.getByRole('status')).toHaveText('Downloaded passwd.');
  await page.getByRole('button', { name: '/', exact: true }).click();
  await expect(files.locator('tr[data-file="etc"]')).toBeVisible();
  await expect(page.getByText('Downloaded passwd.')).toHaveCount(0);
});

test('a volume’s files take an upload like a container’s, and show modes the same way', async ({ page, env, berth }) => {
  const volume = uniqueName('e2e-ux-vol');
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-e2e-up-'));
  try {
    await env.docker(['volume', 'create', '--label', LABEL, volume]);
    await env.docker(['run', '--rm', '--label', LABEL, '-v', `${volume}:/data`, env.image, 'mkdir', '-p', '/data/docs']);
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, 'uploaded from the browser\n');
    await page.goto(`${berth.url}#/volumes`);
    await page.getByRole('link', { name: volume }).click();
    const files = page.getByRole('table', { name: 'Files' });
    await expect(files.getByRole('row', { name: /docs/ })).toContainText('drwxr-xr-x');
    await files.getByRole('link', { name: 'docs', exact: true }).click();
    await page.getByLabel('File to upload').setInputFiles(file);
    await expect(page.getByRole('status').filter({ hasText: 'Uploaded notes.txt to /docs.' })).toBeVisible();
    await expect(files.getByRole('row', { name: /notes\.txt/ })).toContainText('-rw-r--r--');
    expect(await env.docker(['run', '--rm', '--label', LABEL, '-v', `${volume}:/data`, env.image, 'cat', '/data/docs/notes.txt'])).toBe('uploaded from the browser');
  } finally {
    await env.docker(['volume', 'rm', '-f', volume]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});
