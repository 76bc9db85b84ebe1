import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { uniqueName } from '../testing/docker-cli';
import { freePort } from '../testing/test-engine';
import { expect, test, type TestEnv } from './fixtures';

const LABEL = 'berth.test=e2e-containers';

/** What `docker ps -a` says: name → state. */
async function cliContainers(env: TestEnv): Promise<Record<string, string>> {
  const lines = (await env.docker(['ps', '-a', '--format', '{{.Names}} {{.State}}'])).split('\n').filter(Boolean);
  return Object.fromEntries(lines.map((line) => line.split(' ') as [string, string]));
}

/** What the list shows: name → state. The list is virtualized, so it is read while scrolling through it. */
async function listedContainers(page: Page): Promise<Record<string, string>> {
  const scroller = page.getByTestId('container-scroll');
  if (!(await scroller.count())) return {};
  return scroller.evaluate(async (element) => {
    const seen: Record<string, string> = {};
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    element.scrollTop = 0;
    await frame();
    for (;;) {
      for (const row of element.querySelectorAll('[role=row][data-container-name]')) {
        seen[row.getAttribute('data-container-name')!] = row.getAttribute('data-state')!;
      }
      if (element.scrollTop + element.clientHeight >= element.scrollHeight - 1) break;
      element.scrollTop += element.clientHeight;
      await frame();
    }
    return seen;
  });
}

async function removeLabelled(env: TestEnv): Promise<void> {
  const ids = await env.docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await env.docker(['rm', '-fv', ...ids.split('\n')]);
}

test.afterEach(async ({ env }) => {
  await removeLabelled(env);
  // Containers made through the run dialog carry no test label: they are named e2e-run-*.
  const made = await env.docker(['ps', '-aq', '--filter', 'name=e2e-run-']);
  if (made) await env.docker(['rm', '-fv', ...made.split('\n')]);
});

test('run a container with a port and env var, use its terminal and files, then stop and remove it', async ({ page, env, berth }) => {
  const name = uniqueName('e2e-run');
  const hostPort = await freePort();
  await page.goto(`${berth.url}#/containers`);
  await page.getByRole('button', { name: 'Run a container' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run a container' });
  await dialog.getByLabel('Image').fill(env.image);
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Command').fill('httpd -f -p 80');
  await dialog.getByRole('button', { name: 'Add variable' }).click();
  await dialog.getByLabel('Variable 1 name').fill('GREETING');
  await dialog.getByLabel('Variable 1 value').fill('hello-from-e2e');
  await dialog.getByRole('button', { name: 'Publish a port' }).click();
  await dialog.getByLabel('Port 1 host IP').fill('127.0.0.1');
  await dialog.getByLabel('Port 1 host port').fill(String(hostPort));
  await dialog.getByLabel('Port 1 container port').fill('80');
  await expect(dialog.getByTestId('docker-run-command')).toHaveText(
    `docker run -d --name ${name} -e GREETING=hello-from-e2e -p 127.0.0.1:${hostPort}:80 ${env.image} httpd -f -p 80`,
  );
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();

  // The details page of the new container.
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('overview-state')).toHaveText('running');
  expect(await env.docker(['inspect', '-f', '{{.State.Status}} {{range .Config.Env}}{{.}} {{end}}', name])).toContain('running GREETING=hello-from-e2e');
  await expect(page.getByRole('link', { name: `${hostPort}→80/tcp` })).toHaveAttribute('href', `http://127.0.0.1:${hostPort}`);

  // Terminal: the shell sees the variable.
  await page.getByRole('link', { name: 'Terminal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await page.getByTestId('terminal').click();
  await page.keyboard.type('echo "value:$GREETING"');
  await page.keyboard.press('Enter');
  await expect(page.locator('.xterm-rows')).toContainText('value:hello-from-e2e');

  // Files: upload into /tmp, then download it back.
  await page.getByRole('link', { name: 'Files' }).click();
  await page.getByRole('button', { name: 'tmp', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Folder' })).toContainText('tmp');
  await page.getByLabel('File to upload').setInputFiles({ name: 'greeting.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded through Berth\n') });
  await expect(page.locator('tr[data-file="greeting.txt"]')).toBeVisible();
  expect(await env.docker(['exec', name, 'cat', '/tmp/greeting.txt'])).toBe('uploaded through Berth');
  // Larger than one message can carry: it goes in chunks.
  const big = Buffer.alloc(5 * 1024 * 1024 + 123, 'x');
  await page.getByLabel('File to upload').setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: big });
  await expect(page.locator('tr[data-file="big.bin"]')).toBeVisible();
  expect(await env.docker(['exec', name, 'wc', '-c', '/tmp/big.bin'])).toBe(`${big.length} /tmp/big.bin`);
  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download greeting.txt' }).click();
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toBe('greeting.txt');
  expect(await readFile((await download.path())!, 'utf8')).toBe('uploaded through Berth\n');

  // Stop, then remove through the UI.
  // httpd as PID 1 ignores SIGTERM: stop with a 1 s timeout rather than the default 10 s.
  await page.getByRole('button', { name: 'Stop after…' }).click();
  const stopDialog = page.getByRole('dialog', { name: `Stop "${name}"` });
  await stopDialog.getByLabel(/Seconds to wait/).fill('1');
  await stopDialog.getByRole('button', { name: 'Stop' }).click();
  await expect(page.locator('h1 [data-state]')).toHaveText('exited');
  expect(await env.docker(['inspect', '-f', '{{.State.Status}}', name])).toBe('exited');
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Remove "${name}"?` });
  await expect(confirm).toContainText('writable layer');
  await confirm.getByRole('button', { name: 'Remove' }).click();

  // Back on the list, which matches the engine.
  await expect(page.getByRole('heading', { name: 'Containers' })).toBeVisible();
  await expect.poll(() => env.docker(['ps', '-aq', '--filter', `name=^${name}$`])).toBe('');
  await expect.poll(async () => listedContainers(page)).toEqual(await cliContainers(env));
});

test('a port already in use is caught in the run dialog and nothing typed is lost', async ({ page, env, berth }) => {
  const hostPort = await freePort();
  await env.docker(['run', '-d', '--label', LABEL, '--name', uniqueName('holder'), '-p', `127.0.0.1:${hostPort}:80`, env.image, 'httpd', '-f', '-p', '80']);
  await page.goto(`${berth.url}#/containers`);
  await page.getByRole('button', { name: 'Run a container' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run a container' });
  await dialog.getByLabel('Image').fill(env.image);
  await dialog.getByRole('button', { name: 'Publish a port' }).click();
  await dialog.getByLabel('Port 1 host port').fill(String(hostPort));
  await dialog.getByLabel('Port 1 container port').fill('80');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(`Host port ${hostPort} is already in use`);
  await expect(dialog).toContainText('already publishes port');
  await expect(dialog.getByLabel('Image')).toHaveValue(env.image);
  await expect(dialog.getByLabel('Port 1 host port')).toHaveValue(String(hostPort));

  // Invalid input never reaches the engine.
  await dialog.getByLabel('Port 1 host port').fill('70000');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dialog).toContainText('A port from 1 to 65535');
  await dialog.getByLabel('Image').fill('BusyBox:latest');
  await expect(dialog.getByLabel('Image')).toHaveAccessibleDescription(/repository names must be lowercase/);
  await expect(dialog.getByLabel('Image')).toHaveAttribute('aria-invalid', 'true');
});

test('removing a running container without force explains why, and bulk actions report per container', async ({ page, env, berth }) => {
  const names = [uniqueName('bulk-a'), uniqueName('bulk-b')];
  for (const name of names) await env.docker(['run', '-d', '--label', LABEL, '--name', name, env.image, 'sleep', '3600']);
  await page.goto(`${berth.url}#/containers`);
  await page.getByLabel('Filter containers').fill('bulk-');
  await expect(page.locator('[role=row][data-container-name]')).toHaveCount(2);
  await page.getByLabel('Select all shown containers').check();
  await page.getByRole('toolbar', { name: 'Selected containers' }).getByRole('button', { name: 'Remove…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove 2 containers?' });
  await confirm.getByLabel(/Force/).uncheck();
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('alert')).toContainText('Could not remove 2 of 2 containers');
  await expect(page.getByRole('alert')).toContainText('Stop it first, or remove it with "force"');

  await page.getByRole('toolbar', { name: 'Selected containers' }).getByRole('button', { name: 'Stop' }).click();
  // `sleep` as PID 1 ignores SIGTERM, so stop waits out its 10 s timeout before killing.
  await expect.poll(async () => Object.values(await listedContainers(page)), { timeout: 40_000 }).toEqual(['exited', 'exited']);
  expect(await env.docker(['ps', '-q', '--filter', `label=${LABEL}`])).toBe('');
});

test('a burst of engine events leaves the list identical to docker ps -a', async ({ page, env, berth }) => {
  test.setTimeout(180_000);
  await page.goto(`${berth.url}#/containers`);
  await expect(page.getByRole('heading', { name: 'Containers' })).toBeVisible();
  const names = Array.from({ length: 40 }, (_, i) => `${uniqueName('burst')}-${i}`);
  // About 300 events: create, start (+ network connect) for 40, then stop (kill, die, stop, disconnect) and remove 20.
  for (const name of names) await env.docker(['create', '--label', LABEL, '--name', name, env.image, 'sleep', '3600']);
  await env.docker(['start', ...names]);
  await env.docker(['stop', '-t', '0', ...names.slice(0, 20)]);
  await env.docker(['rm', ...names.slice(0, 10)]);
  await env.docker(['pause', ...names.slice(30, 35)]);
  await expect.poll(async () => listedContainers(page)).toEqual(await cliContainers(env));
});
