import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { uniqueName } from '../testing/docker-cli';
import { TEST_LABEL } from '../testing/test-engine';
import { expect, startBerth, test, type BerthServer } from './fixtures';

const run = promisify(execFile);
const label = `${TEST_LABEL}=proxy-engine-e2e`;
/** Debian's docker 20.10 and a current one: both must work through Berth's context. */
const CLIS = ['/usr/bin/docker', '/usr/local/bin/docker'].filter((cli) => existsSync(cli));

/**
 * Berth's engine socket on the Engine page, with a private data dir and a private DOCKER_CONFIG that holds a
 * context of the user's own ("mine") as the current one: the page's buttons change only `currentContext`.
 */
test.describe("Berth's engine socket and the berth docker context (browser mode)", () => {
  let root: string;
  let configDir: string;
  let berth: BerthServer | undefined;
  const original = { auths: { '127.0.0.1:5999': { auth: 'dXNlcjpwYXNz' } }, psFormat: 'table {{.Names}}\\t{{.Status}}', currentContext: 'mine' };

  const docker = async (args: string[], cli = 'docker') => (await run(cli, args, { env: { PATH: process.env.PATH, DOCKER_CONFIG: configDir } })).stdout.trim();
  const readConfig = async () => JSON.parse(await readFile(path.join(configDir, 'config.json'), 'utf8')) as Record<string, unknown>;

  test.beforeEach(async ({ env }) => {
    root = await mkdtemp('/tmp/bpe-');
    configDir = path.join(root, 'docker-config');
    await mkdir(configDir);
    await docker(['context', 'create', 'mine', '--docker', `host=${env.dockerHost}`]);
    await writeFile(path.join(configDir, 'config.json'), JSON.stringify(original, null, 2));
    berth = await startBerth(env.dockerHost, [], { ...process.env, BERTH_DATA_DIR: path.join(root, 'data'), DOCKER_CONFIG: configDir, DOCKER_CONTEXT: undefined, DOCKER_HOST: undefined });
  });

  test.afterEach(async ({ env }) => {
    await berth?.stop();
    berth = undefined;
    const ids = await env.docker(['ps', '-aq', '--filter', `label=${label}`]);
    if (ids) await env.docker(['rm', '-f', ...ids.split('\n')]);
    await rm(root, { recursive: true, force: true });
  });

  test('shows the socket, the docker CLI works through it, and the counter follows', async ({ page, env }) => {
    const socket = `unix://${path.join(root, 'data', 'run', 'docker.sock')}`;
    await page.goto(`${berth!.url}#/engine`);
    const card = page.getByRole('region', { name: 'Engine socket' });
    await expect(card.getByTestId('proxy-state')).toHaveText('listening');
    await expect(card.getByTestId('proxy-address')).toHaveText(socket);
    await expect(card.getByTestId('proxy-docker-host-line')).toHaveText(`export DOCKER_HOST=${socket}`);
    await expect(card.getByTestId('proxy-context-line')).toHaveText('docker --context berth ps');
    await expect(card.getByTestId('proxy-context')).toContainText("the CLI's current context is mine");
    await expect(card.getByRole('link', { name: /API activity/ })).toHaveAttribute('href', '#/activity');

    const name = uniqueName('e2e-through-berth');
    await env.docker(['create', '--name', name, '--label', label, env.image, 'true']);
    const direct = await env.docker(['ps', '-a', '--filter', `label=${label}`, '--format', '{{.ID}} {{.Names}} {{.Image}}']);
    expect(direct).toContain(name);
    for (const cli of CLIS) {
      expect(await docker(['--context', 'berth', 'ps', '-a', '--filter', `label=${label}`, '--format', '{{.ID}} {{.Names}} {{.Image}}'], cli)).toBe(direct);
    }
    await expect(card.getByTestId('proxy-requests')).not.toHaveText('0');

    // The copy buttons put exactly the shown line on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await card.getByRole('button', { name: `Copy export DOCKER_HOST=${socket}` }).click();
    await expect(card.getByRole('button', { name: `Copy export DOCKER_HOST=${socket}` })).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`export DOCKER_HOST=${socket}`);
  });

  test('"Use Berth for my docker CLI" makes berth current keeping every other key; "Put back mine" restores the file', async ({ page, env }) => {
    await page.goto(`${berth!.url}#/engine`);
    const card = page.getByRole('region', { name: 'Engine socket' });
    await expect(card.getByTestId('proxy-state')).toHaveText('listening');
    await card.getByRole('button', { name: 'Use Berth for my docker CLI' }).click();
    await expect(card.getByTestId('proxy-context')).toHaveText("berth, the docker CLI's current context");
    expect(await readConfig()).toEqual({ ...original, currentContext: 'berth' });

    // Plain `docker` now goes through Berth: the request counter moves.
    const before = Number((await card.getByTestId('proxy-requests').textContent())!.replace(/\D/g, ''));
    const name = uniqueName('e2e-plain-docker');
    await docker(['create', '--name', name, '--label', label, env.image, 'true']);
    expect(await env.docker(['ps', '-a', '--filter', `name=${name}`, '--format', '{{.Names}}'])).toBe(name);
    await expect.poll(async () => Number((await card.getByTestId('proxy-requests').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(before);

    await card.getByRole('button', { name: 'Put back mine' }).click();
    await expect(card.getByRole('button', { name: 'Use Berth for my docker CLI' })).toBeVisible();
    expect(await readConfig()).toEqual(original);
  });

  test('the switch stops and starts the socket, and the choice is kept', async ({ page }) => {
    await page.goto(`${berth!.url}#/engine`);
    const card = page.getByRole('region', { name: 'Engine socket' });
    const toggle = card.getByRole('switch', { name: 'Serve the engine on this socket' });
    await expect(card.getByTestId('proxy-state')).toHaveText('listening');
    await toggle.uncheck();
    await expect(card.getByTestId('proxy-state')).toHaveText('stopped');
    await expect(card.getByRole('button', { name: 'Use Berth for my docker CLI' })).toBeDisabled();
    await expect(docker(['--context', 'berth', 'ps'])).rejects.toThrow(/Cannot connect/);
    expect(JSON.parse(await readFile(path.join(root, 'data', 'settings.json'), 'utf8')).proxyEnabled).toBe(false);

    await page.reload();
    await expect(card.getByTestId('proxy-state')).toHaveText('stopped');
    await expect(toggle).not.toBeChecked();
    await toggle.check();
    await expect(card.getByTestId('proxy-state')).toHaveText('listening');
    expect(await docker(['--context', 'berth', 'version', '--format', '{{.Server.APIVersion}}'])).toMatch(/^1\.\d+$/);
  });
});
