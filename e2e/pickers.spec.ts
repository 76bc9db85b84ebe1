import { expect, test } from './fixtures';

test('browser mode has no native pickers: path fields stay typed, with no Browse… button', async ({ page, berth }) => {
  await page.goto(`${berth.url}#/images`);
  await page.getByRole('button', { name: 'Build' }).click();
  const dialog = page.getByRole('dialog', { name: 'Build an image' });
  const folder = dialog.getByLabel('Build folder');
  await folder.fill('/srv/app');
  await expect(folder).toHaveValue('/srv/app');
  // Once the host has answered (host.info: browser, no pickers), the field offers no Browse… button.
  await expect(dialog.locator('[data-pickers="none"]')).toHaveCount(1);
  await expect(dialog.getByRole('button', { name: /Browse/ })).toHaveCount(0);
});
