import { uniqueName } from '../testing/docker-cli';
import { expect, test, type TestEnv } from './fixtures';

/** Issue 20's leftovers: one file browser for containers and volumes, lists that fit for volumes and networks, image rows that open. */
const LABEL = 'berth.test=e2e-ux-leftovers';

test.afterEach(async ({ env }) => {
  const ids = await env.docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await env.docker(['rm', '-fv', ...ids.split('\n')]);
  const networks = await env.docker(['network', 'ls', '-q', '--filter', `label=${LABEL}`]);
  if (networks) await env.docker(['network', 'rm', ...networks.split('\n')]);
  const volumes = await env.docker(['volume', 'ls', '-q', '--filter', `label=${LABEL}`]);
  if (volumes) await env.docker(['volume', 'rm', '-f', ...volumes.split('\n')]);
});

/** Screenshots to look at, light and dark, under test-results/ux-leftovers/. */
async function shoot(page: import('@playwright/test').Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/ux-leftovers/${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function volumeWithFiles(env: TestEnv): Promise<string> {
  const volume = uniqueName('e2e-left-vol');
  await env.docker(['volume', 'create', '--label', LABEL, volume]);
  await env.docker(['run', '--rm', '--label', LABEL, '-v', `${volume}:/data`, env.image, 'sh', '-c', 'mkdir -p /data/docs && echo "hello from a volume" > /data/docs/hello.txt']);
  return volume;
}

/** The controls of the file browser on screen, in order: the same for a container and a volume when one component draws both. */
async function browserControls(page: import('@playwright/test').Page): Promise<string[]> {
  const row = page.getByRole('table', { name: 'Files' }).locator('tr[data-file="hello.txt"]');
  await expect(row).toBeVisible();
  return [
    ...(await page.getByRole('button', { name: /^(Refresh|Download folder.*|Upload a file here)$/ }).allTextContents()),
    ...(await row.getByRole('button').allTextContents()),
  ].map((text) => text.replace(/\.tar(\.gz)?|\(tar(\.gz)?\)/, '(archive)'));
}

test('one file browser: a volume’s files look and act like a container’s (same controls, a text viewer, a folder download, the mode as ls -l)', async ({ page, env, berth }) => {
  const volume = await volumeWithFiles(env);
  const container = uniqueName('e2e-left-files');
  await env.docker(['run', '-d', '--label', LABEL, '--name', container, env.image, 'sh', '-c', 'mkdir -p /docs && echo "hello from a container" > /docs/hello.txt && exec sleep 3600']);

  await page.goto(`${berth.url}#/volumes`);
  await page.getByRole('link', { name: volume }).click();
  const files = page.getByRole('table', { name: 'Files' });
  await files.getByRole('link', { name: 'docs', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Folder' })).toContainText('docs');
  const volumeControls = await browserControls(page);
  await expect(files.locator('tr[data-file="hello.txt"]')).toContainText('-rw-r--r--');
  await page.getByRole('button', { name: 'View hello.txt' }).click();
  const viewer = page.getByRole('dialog', { name: '/docs/hello.txt' });
  await expect(viewer.getByLabel('Contents of /docs/hello.txt')).toHaveText('hello from a volume\n');
  await shoot(page, 'volume-file-viewer');
  await viewer.getByRole('button', { name: 'Close' }).click();
  const folderDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download folder (tar.gz)' }).click();
  expect((await folderDownload).suggestedFilename()).toMatch(/docs\.tar\.gz$/);
  await expect(page.getByRole('status').filter({ hasText: /^Downloaded .*docs\.tar\.gz\.$/ })).toBeVisible();

  await page.goto(`${berth.url}#/containers`);
  await page.getByRole('link', { name: container, exact: true }).click();
  await page.getByRole('link', { name: 'Files' }).click();
  await files.getByRole('button', { name: 'docs', exact: true }).click();
  const containerControls = await browserControls(page);
  await shoot(page, 'container-files');
  expect(containerControls).toEqual(volumeControls);
  await page.getByRole('button', { name: 'View hello.txt' }).click();
  await expect(page.getByRole('dialog', { name: '/docs/hello.txt' }).getByLabel('Contents of /docs/hello.txt')).toHaveText('hello from a container\n');
});

/** Nothing inside the page's content scrolls sideways: the list fits the pane (one scroller at most, the page's own). */
async function scrollsSideways(page: import('@playwright/test').Page): Promise<string[]> {
  return page.locator('main').evaluate((main) =>
    [main, ...main.querySelectorAll('*')].filter((element) => element.scrollWidth > element.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(element).overflowX)).map((element) => element.outerHTML.slice(0, 80)),
  );
}

test.describe('lists that fit at 1000×700', () => {
  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1000, height: 700 });
  });

  test('volumes: less important columns fold, the ⋮ menu has open, files, export, copy name, inspect and remove, and a row click opens the volume', async ({ page, env, berth }) => {
    const volume = await volumeWithFiles(env);
    await env.docker(['volume', 'create', '--label', LABEL, '--label', 'berth.test.long-label=a-label-long-enough-to-push-a-column-wide', uniqueName('e2e-left-vol2')]);
    await page.goto(`${berth.url}#/volumes`);
    const table = page.getByRole('table', { name: 'Volumes' });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: volume, exact: true }) });
    await expect(row).toBeVisible();
    expect(await scrollsSideways(page)).toEqual([]);
    for (const folded of ['Mountpoint', 'Labels', 'Driver']) await expect(table.getByRole('columnheader', { name: folded })).toBeHidden();
    await expect(table.getByRole('columnheader', { name: 'Used by' })).toBeVisible();
    await expect(row.getByRole('button', { name: `Delete ${volume}` })).toBeHidden();

    await row.getByRole('button', { name: `More actions for ${volume}` }).click();
    const menu = page.getByRole('menu', { name: `More actions for ${volume}` });
    for (const item of ['Open', 'Browse files', 'Export .tar.gz', 'Copy name', 'Inspect', 'Remove…']) await expect(menu.getByRole('menuitem', { name: item, exact: true })).toBeVisible();
    await shoot(page, 'volumes-1000x700-menu');
    await menu.getByRole('menuitem', { name: 'Remove…' }).click();
    const remove = page.getByRole('dialog', { name: `Delete volume ${volume}?` });
    await remove.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(/#\/volumes$/);
    await row.getByRole('button', { name: `More actions for ${volume}` }).click();
    await menu.getByRole('menuitem', { name: 'Inspect' }).click();
    await expect(page).toHaveURL(new RegExp(`#/volumes/${volume}/inspect$`));

    await page.goBack();
    await row.getByText('unused').click();
    await expect(page).toHaveURL(new RegExp(`#/volumes/${volume}/files$`));
    await expect(page.getByRole('table', { name: 'Files' }).locator('tr[data-file="docs"]')).toBeVisible();
  });

  test('networks: less important columns fold, the ⋮ menu has open, inspect, copy id and remove, and a row click opens the network', async ({ page, env, berth }) => {
    const network = uniqueName('e2e-left-net');
    const id = await env.docker(['network', 'create', '--label', LABEL, network]);
    await page.goto(`${berth.url}#/networks`);
    const table = page.getByRole('table', { name: 'Networks' });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: network, exact: true }) });
    await expect(row).toBeVisible();
    expect(await scrollsSideways(page)).toEqual([]);
    for (const folded of ['Scope', 'Driver']) await expect(table.getByRole('columnheader', { name: folded })).toBeHidden();
    await expect(row.getByRole('button', { name: `Delete ${network}` })).toBeHidden();

    await row.getByRole('button', { name: `More actions for ${network}` }).click();
    const menu = page.getByRole('menu', { name: `More actions for ${network}` });
    for (const item of ['Open', 'Inspect', 'Copy id', 'Remove…']) await expect(menu.getByRole('menuitem', { name: item, exact: true })).toBeVisible();
    await shoot(page, 'networks-1000x700-menu');
    await menu.getByRole('menuitem', { name: 'Inspect' }).click();
    await expect(page).toHaveURL(new RegExp(`#/networks/${id}/inspect$`));

    await page.goBack();
    // A system network's menu offers no removal.
    const bridge = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'bridge', exact: true }) });
    await bridge.getByRole('button', { name: 'More actions for bridge' }).click();
    await expect(page.getByRole('menu', { name: 'More actions for bridge' }).getByRole('menuitem', { name: 'Remove…' })).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Escape');

    await row.getByText('none', { exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`#/networks/${id}/containers$`));
    await expect(page.getByRole('heading', { name: network })).toBeVisible();
  });

  test('images: a click on a row opens its Inspect (the searchable tree); a click on one of its controls does only what the control does', async ({ page, env, berth }) => {
    await page.goto(`${berth.url}#/images`);
    const table = page.getByRole('table', { name: 'Images' });
    const row = table.getByRole('row').filter({ has: page.getByText(env.image, { exact: true }) });
    await expect(row).toBeVisible();
    expect(await scrollsSideways(page)).toEqual([]);

    await row.getByRole('button', { name: `Run ${env.image}` }).click();
    await expect(page.getByRole('dialog', { name: 'Run a container' })).toBeVisible();
    await expect(page.getByRole('dialog', { name: /^Inspect / })).toHaveCount(0);
    await page.getByRole('dialog', { name: 'Run a container' }).getByRole('button', { name: 'Cancel' }).click();

    await row.getByRole('cell').nth(2).click();
    const inspect = page.getByRole('dialog', { name: `Inspect ${env.image}` });
    await expect(inspect).toBeVisible();
    await inspect.getByRole('searchbox').fill('Architecture');
    await expect(inspect.getByTestId('inspect-matches')).toHaveText(/^1 of [1-9]/);
    await shoot(page, 'image-row-inspect');
  });
});
