import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../testing/test-engine';
import { expect, test, type TestEnv } from './fixtures';

const SHOTS = process.env.BERTH_SCREENSHOTS_DIR;
const PROJECT = `e2ecompose${process.pid}`;

let dir: string;

async function removeProject(env: TestEnv): Promise<void> {
  const filter = `label=com.docker.compose.project=${PROJECT}`;
  const ids = await env.docker(['ps', '-aq', '--filter', filter]);
  if (ids) await env.docker(['rm', '-fv', ...ids.split('\n')]);
  for (const kind of ['network', 'volume']) {
    const names = await env.docker([kind, 'ls', '-q', '--filter', filter]);
    if (names) await env.docker([kind, 'rm', ...names.split('\n')]).catch(() => undefined);
  }
}

test.afterEach(async ({ env }) => {
  await removeProject(env);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function shoot(page: import('@playwright/test').Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('compose: open a file, edit with a diagnostic, fix, save, up, down', async ({ page, env, berth }) => {
  const port = await freePort();
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-compose-'));
  const projectDir = path.join(dir, PROJECT);
  await mkdir(projectDir);
  const file = path.join(projectDir, 'docker-compose.yml');
  await writeFile(
    file,
    `services:
  web:
    image: ${env.image}
    labels: [berth.test=e2e-compose]
    command: ["sh", "-c", "echo web ready; exec httpd -f -p 80 -h /etc"]
    stop_grace_period: 1s
    ports:
      - "127.0.0.1:${port}:80"
  worker:
    image: ${env.image}
    labels: [berth.test=e2e-compose]
    command: ["sh", "-c", "echo worker ready; trap 'exit 0' TERM; while true; do sleep 1; done"]
    volumes:
      - data:/data
volumes:
  data:
    labels: [berth.test=e2e-compose]
`,
  );

  await page.goto(`${berth.url}#/compose`);
  await expect(page.getByRole('link', { name: 'Compose' })).toHaveAttribute('aria-current', 'page');
  // A folder: Berth finds docker-compose.yml in it.
  await page.getByLabel('Open a compose file or a folder holding one').fill(projectDir);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`#/compose/${PROJECT}$`));
  await expect(page.getByRole('heading', { name: PROJECT })).toBeVisible();
  const editor = page.getByTestId('compose-editor').locator('.cm-content');
  await expect(editor).toContainText('worker:');
  await expect(page.getByTestId('compose-validation')).toHaveText('valid');

  // An unknown top-level key: the schema's error, underlined on its line.
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('bogus: 1');
  await expect(page.getByTestId('compose-validation')).toHaveText('1 error, 0 warnings');
  const problems = page.getByRole('list', { name: 'Problems' });
  await expect(problems).toContainText('18:1');
  await expect(problems).toContainText('Unknown key "bogus" in the file.');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);
  await shoot(page, 'compose-diagnostic');

  // Fix it with a valid extension key, then save.
  for (let i = 0; i < 'bogus: 1'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('x-berth: edited in e2e');
  await expect(page.getByTestId('compose-validation')).toHaveText('valid');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('saved', { exact: true })).toBeVisible();
  expect(await readFile(file, 'utf8')).toMatch(/\nx-berth: edited in e2e$/);

  // Another program changes the file: the editor offers to reload, and does.
  await writeFile(file, `${await readFile(file, 'utf8')}\n# changed outside Berth\n`);
  const prompt = page.getByRole('alert').filter({ hasText: 'This file changed on disk since you opened it' });
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Reload from disk' }).click();
  await expect(prompt).toHaveCount(0);
  await expect(editor).toContainText('# changed outside Berth');
  await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();

  // Up: the command line shown, output streamed, the services running, the port answering.
  await page.getByRole('button', { name: 'Up', exact: true }).click();
  await expect(page.getByTestId('compose-run-state')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('compose-command')).toContainText(`-p ${PROJECT} --project-directory ${projectDir} -f ${file} up -d`);
  await expect(page.getByTestId('compose-output')).not.toBeEmpty();
  const web = page.locator('tr[data-service="web"]');
  await expect(web.getByTestId('service-state')).toHaveAttribute('data-state', 'running');
  await expect(web.getByTestId('service-replicas')).toHaveText('1/1');
  await expect(web.getByRole('link', { name: `${port}→80/tcp` })).toBeVisible();
  await expect(page.locator('tr[data-service="worker"]').getByTestId('service-state')).toHaveAttribute('data-state', 'running');
  const services = page.getByRole('region', { name: 'Services' });
  await expect(services.getByRole('link', { name: `${PROJECT}_default` })).toHaveAttribute('href', `#/networks/${PROJECT}_default`);
  await expect(services.getByRole('link', { name: `${PROJECT}_data` })).toHaveAttribute('href', `#/volumes/${PROJECT}_data`);
  const response = await fetch(`http://127.0.0.1:${port}/hostname`);
  expect(response.status).toBe(200);
  await expect(page.getByRole('link', { name: 'Merged logs' })).toHaveAttribute('href', `#/logs/project/${PROJECT}`);
  await page.getByRole('heading', { name: PROJECT }).scrollIntoViewIfNeeded();
  await shoot(page, 'compose');

  // The project's merged logs hold both services' lines.
  await page.getByRole('link', { name: 'Merged logs' }).click();
  await expect(page.getByRole('heading', { name: `Logs · Compose project ${PROJECT}` })).toBeVisible();
  await expect(page.getByText('web ready')).toBeVisible();
  await expect(page.getByText('worker ready')).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: PROJECT })).toBeVisible();

  // The project's group row on the Containers page leads to the same two places.
  await page.goto(`${berth.url}#/containers`);
  const group = page.getByRole('row', { name: `Compose project ${PROJECT}` });
  await expect(group.getByRole('link', { name: 'Logs' })).toHaveAttribute('href', `#/logs/project/${PROJECT}`);
  await group.getByRole('link', { name: 'Compose' }).click();
  await expect(page.getByRole('heading', { name: PROJECT })).toBeVisible();

  // Down, removing volumes: the dialog names what goes.
  await page.getByRole('button', { name: 'Down…' }).click();
  const dialog = page.getByRole('dialog', { name: `Down: ${PROJECT}` });
  await dialog.getByLabel('Also delete its volumes').check();
  const preview = dialog.getByTestId('down-preview');
  // Compose v1 names them project_service_1, v2 project-service-1.
  await expect(preview).toContainText(new RegExp(`${PROJECT}[_-]web[_-]1`));
  await expect(preview).toContainText(new RegExp(`${PROJECT}[_-]worker[_-]1`));
  await expect(preview).toContainText(`${PROJECT}_default`);
  await expect(preview).toContainText(`${PROJECT}_data`);
  await dialog.getByRole('button', { name: 'Down', exact: true }).click();
  await expect(page.getByTestId('compose-run-state')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('compose-command')).toContainText('down --volumes');
  await expect(web.getByTestId('service-state')).toHaveAttribute('data-state', 'absent');
  const filter = `label=com.docker.compose.project=${PROJECT}`;
  expect(await env.docker(['ps', '-aq', '--filter', filter])).toBe('');
  expect(await env.docker(['volume', 'ls', '-q', '--filter', filter])).toBe('');
  expect(await env.docker(['network', 'ls', '-q', '--filter', filter])).toBe('');

  await page.getByRole('button', { name: 'Forget' }).click();
  await expect(page.getByRole('list', { name: 'Compose projects' }).getByText(PROJECT)).toHaveCount(0);
});
