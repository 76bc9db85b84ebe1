import { expect, test } from './fixtures';

test("a page whose script cannot be fetched says so inside the page, keeps the sidebar, and loads after Reload", async ({ page, berth }) => {
  // As when Chromium aborts a load with ERR_NETWORK_CHANGED (the engine adding an interface) at the wrong moment.
  await page.route(/\/assets\/ImagesPage-[^/]*\.js$/, (route) => route.abort('internetdisconnected'));
  await page.goto(`${berth.url}#/dashboard`);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.getByRole('link', { name: 'Images' }).first().click();
  // Berth reloads once by itself (a failed module import is cached until then); the second failure is shown.
  const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded.' });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // Another page still works.
  await page.getByRole('link', { name: 'Volumes' }).first().click();
  await expect(page.getByRole('heading', { name: 'Volumes' })).toBeVisible();
  await expect(alert).toBeHidden();

  await page.unroute(/\/assets\/ImagesPage-[^/]*\.js$/);
  await page.getByRole('link', { name: 'Images' }).first().click();
  await expect(alert).toBeVisible();
  await alert.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByRole('heading', { name: 'Images' })).toBeVisible();
});
