import path from 'node:path';
import { uniqueName } from '../testing/docker-cli';
import { TEST_LABEL } from '../testing/test-engine';
import { expect, test } from './fixtures';

const label = `${TEST_LABEL}=palette`;
const SHOTS = process.env.BERTH_SCREENSHOTS_DIR;

test.afterEach(async ({ env }) => {
  const ids = await env.docker(['ps', '-aq', '--filter', `label=${label}`]);
  if (ids) await env.docker(['rm', '-f', ...ids.split('\n')]);
});

test('the command palette finds a container and stops it, pages open with Ctrl+1…9, / focuses the filter, Alt+← goes back: no mouse', async ({ page, berth, env }) => {
  const name = uniqueName('palette-web');
  // Stops at once on SIGTERM (a bare sleep as PID 1 ignores it and takes the 10 s grace period).
  const id = await env.docker(['run', '-d', '--name', name, '--label', label, env.image, 'sh', '-c', "trap 'exit 0' TERM; sleep 300 & wait"]);
  await page.goto(berth.url);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await page.keyboard.type(name);
  await expect(palette.getByRole('option').first()).toContainText(name);
  await page.keyboard.press('Enter');
  await expect(palette.getByRole('combobox', { name: `Actions for ${name}` })).toBeFocused();
  await expect(palette.getByRole('option', { name: 'Stop' })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS ?? test.info().outputDir, 'palette.png') });
  await page.keyboard.type('stop');
  await expect(palette.getByRole('option', { selected: true })).toHaveText('Stop');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect.poll(() => env.docker(['inspect', '-f', '{{.State.Status}}', id])).toBe('exited');

  // Its logs, through the palette again; the arrows move the selection.
  await page.keyboard.press('Control+k');
  await page.keyboard.type(name);
  await expect(palette.getByRole('option', { selected: true })).toContainText(name);
  await page.keyboard.press('Enter');
  await expect(palette.getByRole('option', { selected: true })).toHaveText(/Open/);
  await page.keyboard.press('ArrowDown');
  await expect(palette.getByRole('option', { selected: true })).toHaveText('Logs');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/containers/${id}/logs$`));

  // Removing asks first; Esc cancels the question, Enter twice removes.
  await page.keyboard.press('Control+k');
  await page.keyboard.type(name);
  await expect(palette.getByRole('option', { selected: true })).toContainText(name);
  await page.keyboard.press('Enter');
  await page.keyboard.type('remove');
  await page.keyboard.press('Enter');
  await expect(palette.getByRole('alert')).toContainText(`Remove ${name}?`);
  await page.keyboard.press('Escape');
  await expect(palette.getByRole('alert')).toBeHidden();
  await expect(palette).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect.poll(() => env.docker(['ps', '-aq', '--filter', `name=^${name}$`])).toBe('');

  // Pages by number (the sidebar's order), the page's filter by /, and back.
  const sidebarLinks = page.getByRole('navigation', { name: 'Main' }).getByRole('list').getByRole('link');
  const second = (await sidebarLinks.nth(1).getAttribute('href'))!;
  await page.keyboard.press('Control+2');
  await expect(page).toHaveURL(new RegExp(`${second}$`));
  await page.keyboard.press(`Control+${(await sidebarLinks.allTextContents()).indexOf('Images') + 1}`);
  await expect(page).toHaveURL(/#\/images$/);
  await expect(page.getByLabel('Search images')).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search images')).toBeFocused();
  await page.getByLabel('Search images').blur();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page).toHaveURL(new RegExp(`${second}$`));
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page).toHaveURL(/#\/images$/);

  // Esc closes the palette from its first step; the shortcuts list is one entry away.
  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('shortcuts');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Keyboard shortcuts' })).toContainText('Open the command palette');
});

test('a dialog confirms with Enter and closes with Esc', async ({ page, berth, env }) => {
  const name = uniqueName('palette-dialog');
  await env.docker(['create', '--name', name, '--label', label, env.image, 'true']);
  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/containers`);
  await page.getByRole('button', { name: `Remove ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Remove "${name}"?` });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: `Remove ${name}` }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect.poll(() => env.docker(['ps', '-aq', '--filter', `name=^${name}$`])).toBe('');
});

test('an unknown address shows a not-found page with a way back', async ({ page, berth }) => {
  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/no-such-page`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByText('#/no-such-page')).toBeVisible();
  await page.getByRole('link', { name: 'Open the dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
});

test('the palette acts on volumes and images too: browse a volume, remove it, untag one tag of an image, without the mouse', async ({ page, berth, env }) => {
  const volume = uniqueName('palette-vol');
  const tag = `${uniqueName('palette-img')}:extra`;
  await env.docker(['volume', 'create', '--label', label, volume]);
  await env.docker(['tag', env.image, tag]);
  try {
    await page.goto(berth.url);
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    const palette = page.getByRole('dialog', { name: 'Command palette' });

    await page.keyboard.press('Control+k');
    await page.keyboard.type(volume);
    await expect(palette.getByRole('option', { selected: true })).toContainText(volume);
    await page.keyboard.press('Enter');
    await expect(palette.getByRole('combobox', { name: `Actions for ${volume}` })).toBeFocused();
    await expect(palette.getByRole('option', { selected: true })).toHaveText('Browse files');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/volumes/${volume}/files$`));

    await page.keyboard.press('Control+k');
    await page.keyboard.type(volume);
    await expect(palette.getByRole('option', { selected: true })).toContainText(volume);
    await page.keyboard.press('Enter');
    await page.keyboard.type('remove');
    await page.keyboard.press('Enter');
    await expect(palette.getByRole('alert')).toContainText(`Remove the volume ${volume}`);
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect.poll(() => env.docker(['volume', 'ls', '-q', '--filter', `name=^${volume}$`])).toBe('');

    // An image with two tags: Remove takes this tag only.
    await page.keyboard.press('Control+k');
    await page.keyboard.type(tag);
    await expect(palette.getByRole('option', { selected: true })).toContainText(tag);
    await page.keyboard.press('Enter');
    await page.keyboard.type('remove');
    await expect(palette.getByRole('option', { selected: true })).toHaveText('Remove this tag…');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect.poll(() => env.docker(['images', '-q', tag])).toBe('');
    expect(await env.docker(['images', '-q', env.image])).not.toBe('');
  } finally {
    await env.docker(['volume', 'rm', '-f', volume]).catch(() => undefined);
    await env.docker(['rmi', tag]).catch(() => undefined);
  }
});
