import path from 'node:path';
import { uniqueName } from '../testing/docker-cli';
import { TEST_LABEL } from '../testing/test-engine';
import { expect, test } from './fixtures';

const SHOTS = process.env.BERTH_SCREENSHOTS_DIR;
const label = `${TEST_LABEL}=notifications`;

test.afterEach(async ({ env }) => {
  const ids = await env.docker(['ps', '-aq', '--filter', `label=${label}`]);
  if (ids) await env.docker(['rm', '-f', ...ids.split('\n')]);
});

test('a crash loop is one toast that counts up and opens the container; a container the user stops gives none', async ({ page, berth, env }) => {
  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/containers`);
  await expect(page.getByRole('heading', { name: 'Containers' })).toBeVisible();
  const toasts = page.getByRole('list', { name: 'Notifications' }).locator('li');

  // Stopped by the user, exiting non-zero on SIGTERM as many servers do: the engine's kill and stop come before its
  // die, so it is no crash.
  const stopped = uniqueName('notify-stopped');
  await env.docker(['run', '-d', '--name', stopped, '--label', label, env.image, 'sh', '-c', "trap 'exit 143' TERM; sleep 300 & wait"]);
  await env.docker(['stop', stopped]);

  // Then a crash loop: the first run and three restarts, each exiting with 2.
  const crashing = uniqueName('notify-crash');
  const id = await env.docker(['run', '-d', '--name', crashing, '--label', label, '--restart', 'on-failure:3', env.image, 'sh', '-c', 'sleep 0.3; exit 2']);
  const toast = toasts.filter({ hasText: crashing });
  await expect(toast).toHaveCount(1);
  await expect(toast).toContainText(`${crashing} exited with code 2 (4 times)`, { timeout: 30_000 });
  await expect(toasts).toHaveCount(1);
  // Events arrive in order, so by the crash's toast the stop had been judged: nothing about it.
  await expect(toasts.filter({ hasText: stopped })).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS ?? test.info().outputDir, 'notification.png') });

  await toast.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`#/containers/${id}$`));
  await expect(toasts).toHaveCount(0);
});

test('a finished pull gives a toast, pressed with the keyboard from the pull dialog', async ({ page, berth, env }) => {
  const reference = `${env.registry}/${uniqueName('notify-pull')}:1`;
  await env.docker(['tag', env.image, reference]);
  await env.docker(['push', reference]);
  await env.docker(['rmi', reference]);
  await page.goto(berth.url);
  await page.goto(`${berth.origin}/#/images`);
  await page.getByRole('button', { name: 'Pull', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull an image' });
  await dialog.getByLabel('Image', { exact: true }).fill(reference);
  await page.keyboard.press('Enter');
  const toast = page.getByRole('list', { name: 'Notifications' }).locator('li').filter({ hasText: `Pulled ${reference}` });
  await expect(toast).toBeVisible({ timeout: 30_000 });
  await expect(toast).toContainText('The pull finished.');
  await env.docker(['rmi', reference]);
});
