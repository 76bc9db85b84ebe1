import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Download, Page } from '@playwright/test';
import type { Har } from '../renderer/src/lib/har';
import { uniqueName } from '../testing/docker-cli';
import { startRegistry } from '../testing/test-engine';
import { expect, startBerth, test, type BerthServer, type TestEnv } from './fixtures';

const run = promisify(execFile);
const LABEL = 'berth.test=e2e-activity';

interface ActivityBerth {
  server: BerthServer;
  /** Berth's own engine socket, `unix:///tmp/ba-…/run/docker.sock`. */
  socket: string;
  dataDir: string;
  /** The docker CLI through Berth's socket. */
  docker(args: string[], options?: { config?: string; allowFailure?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

/** Berth with a short data dir of its own (a unix socket path must stay under ~107 bytes). */
async function startActivityBerth(env: TestEnv): Promise<ActivityBerth> {
  const dataDir = await mkdtemp('/tmp/ba-');
  const server = await startBerth(env.dockerHost, [], { ...process.env, BERTH_DATA_DIR: dataDir });
  const socket = `unix://${dataDir}/run/docker.sock`;
  return {
    server,
    socket,
    dataDir,
    docker: async (args, options = {}) => {
      const config = options.config ? ['--config', options.config] : [];
      try {
        return (await run('docker', [...config, '-H', socket, ...args])).stdout.trim();
      } catch (error) {
        if (options.allowFailure) return String((error as { stderr?: string }).stderr ?? error);
        throw error;
      }
    },
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function openActivity(page: Page, berth: ActivityBerth): Promise<void> {
  await page.goto(berth.server.url);
  await page.getByRole('link', { name: 'API activity' }).click();
  await expect(page.getByRole('heading', { name: 'API activity' })).toBeVisible();
}

/** The line the page offers for sending a first call: through the berth context when it exists, else this socket. */
const sendHint = (page: Page, berth: ActivityBerth) =>
  page.getByText(new RegExp(`^docker (--context berth|-H ${berth.socket.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}) ps$`)).first();

const callRows = (page: Page) => page.locator('[role="row"][data-call-id]');
const rowFor = (page: Page, text: string) => callRows(page).filter({ hasText: text });

async function harOf(download: Promise<Download>): Promise<Har> {
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^berth-activity-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.har$/);
  return JSON.parse(await readFile((await file.path())!, 'utf8')) as Har;
}

/** The HAR 1.2 fields every entry must have (the unit test checks the builder in depth). */
function expectHarShape(har: Har): void {
  expect(har.log.version).toBe('1.2');
  expect(har.log.creator.name).toBe('Berth');
  for (const entry of har.log.entries) {
    expect(Object.keys(entry)).toEqual(expect.arrayContaining(['startedDateTime', 'time', 'request', 'response', 'cache', 'timings']));
    expect(Number.isNaN(Date.parse(entry.startedDateTime))).toBe(false);
    expect(entry.request.url).toMatch(/^http:\/\/docker\//);
    expect(Object.keys(entry.request)).toEqual(expect.arrayContaining(['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize']));
    expect(Object.keys(entry.response)).toEqual(expect.arrayContaining(['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize']));
    expect(Object.keys(entry.timings)).toEqual(expect.arrayContaining(['send', 'wait', 'receive']));
  }
}

test.afterAll(async ({ env }) => {
  const ids = await env.docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await env.docker(['rm', '-f', ...ids.split('\n')]);
});

test('docker CLI calls through Berth’s socket appear live with method, path, status and size; Berth’s own are marked; filters, pause, details and HAR export', async ({ page, context, env }) => {
  const berth = await startActivityBerth(env);
  try {
    await openActivity(page, berth);
    // Before any program called: how to send a call, with this Berth's socket (the empty state, or a hint above
    // Berth's own calls when the app already made some).
    const hint = sendHint(page, berth);
    await expect(hint).toBeVisible();

    await berth.docker(['ps', '-a']);
    await expect(hint).toHaveCount(0);
    const ps = rowFor(page, '/containers/json').last();
    await expect(ps).toContainText('GET');
    await expect(ps).toContainText('v1.');
    await expect(ps).toContainText('?all=1');
    await expect(ps.locator('[data-status-class]')).toHaveText('200');
    await expect(ps).toContainText(/docker \d/);
    await expect(ps).toContainText(/\d+ B/);

    await berth.docker(['run', '--rm', '--label', LABEL, env.image, 'echo', 'hi']);
    await expect(rowFor(page, '/containers/create').locator('[data-status-class]')).toHaveText('201');
    const attach = rowFor(page, '/attach');
    await expect(attach.locator('[data-status-class]')).toHaveText('101');
    await expect(attach).toContainText('upgrade');
    // The attach stream ends with the container: its duration is final (no running marker).
    await expect(attach.getByTitle('Still open')).toHaveCount(0);

    expect(await berth.docker(['inspect', 'nope'], { allowFailure: true })).toContain('No such object');
    const missing = rowFor(page, '/containers/nope/json');
    await expect(missing.locator('[data-status-class]')).toHaveText('404');
    await expect(missing.locator('[data-status-class]')).toHaveAttribute('data-status-class', '4xx');

    // Berth's own calls: another tab browsing containers makes the app call the engine while this page watches.
    const other = await context.newPage();
    await other.goto(berth.server.url);
    await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers' }).click();
    const own = page.locator('[role="row"][data-origin="berth"]');
    await expect(own.first()).toBeVisible();
    await expect(own.first()).toContainText('Berth');
    await other.close();

    // Filters narrow the rows: status class, path text, method, Berth's own hidden.
    await page.getByLabel('Status').selectOption('4xx');
    await expect(callRows(page).first()).toBeVisible();
    for (const status of await callRows(page).locator('[data-status-class]').all()) await expect(status).toHaveAttribute('data-status-class', '4xx');
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Path').fill('/containers/create');
    await expect(callRows(page)).toHaveCount(1);
    await page.getByLabel('Path').fill('');
    await page.getByLabel('Method').selectOption('POST');
    await expect(callRows(page).filter({ hasNotText: 'POST' })).toHaveCount(0);
    await page.getByLabel('Method').selectOption('');
    await page.getByLabel('Berth\'s own calls').uncheck();
    await expect(own).toHaveCount(0);
    await expect(rowFor(page, '/containers/nope/json')).toBeVisible();
    await page.getByLabel('Berth\'s own calls').check();

    // Pause holds new calls back (and counts them) until resume; nothing is lost.
    await page.getByRole('button', { name: 'Pause' }).click();
    const marker = uniqueName('paused');
    await berth.docker(['ps', '-a', '--filter', `label=${marker}`]);
    await expect(page.getByRole('button', { name: /^Resume \(\d+ new\)$/ })).toBeVisible();
    await expect(page.getByTestId('paused-note')).toContainText(/[1-9]\d* new calls? held back/);
    await expect(rowFor(page, marker)).toHaveCount(0);
    await page.getByRole('button', { name: /^Resume/ }).click();
    await expect(rowFor(page, marker)).toHaveCount(1);

    // The detail pane: both heads.
    await rowFor(page, marker).click();
    const details = page.getByRole('complementary', { name: 'Call details' });
    await expect(details).toContainText(`/containers/json?all=1&filters=`);
    await expect(details.getByRole('region', { name: 'Request headers' })).toContainText('User-Agent');
    await expect(details.getByRole('region', { name: 'Response headers' })).toContainText('Api-Version');
    await details.getByRole('button', { name: 'Close details' }).click();
    await expect(details).toHaveCount(0);

    // HAR of the filtered rows, then of everything.
    await page.getByLabel('Path').fill('nope');
    let har = await harOf(Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as HAR' }).click()]).then(([d]) => d));
    expectHarShape(har);
    expect(har.log.entries.length).toBeGreaterThan(0);
    for (const entry of har.log.entries) expect(entry.request.url).toContain('nope');
    expect(har.log.entries.find((entry) => entry.request.url.match(/^http:\/\/docker\/v1\.\d+\/containers\/nope\/json$/))?.response.status).toBe(404);
    await page.getByLabel('Path').fill('');
    har = await harOf(Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as HAR' }).click()]).then(([d]) => d));
    expectHarShape(har);
    const create = har.log.entries.find((entry) => entry.request.url.endsWith('/containers/create'));
    expect(create?.request.method).toBe('POST');
    expect(create?.response.status).toBe(201);
    expect(create?._berth.bytesIn).toBeGreaterThan(0);
    expect(har.log.entries.some((entry) => entry._berth.origin === 'berth')).toBe(true);
    expect(har.log.entries.some((entry) => entry._berth.upgrade === 'upgrade' && entry.response.status === 101)).toBe(true);

    // Clear empties the page.
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(page.getByTestId('activity-summary')).toContainText(/^\d+ calls?/);
    await berth.docker(['version']);
    await expect(rowFor(page, '/version')).toHaveCount(1);
    await expect(rowFor(page, '/containers/create')).toHaveCount(0);
  } finally {
    await berth.stop();
  }
});

/** Substrings any base64 (or base64url) text containing `secret` must contain, whatever its alignment. */
function base64Cores(secret: string): string[] {
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.from('x'.repeat(shift) + secret).toString('base64');
    const core = encoded.slice(Math.ceil((shift * 4) / 3) + 1, encoded.length - 4);
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

test('after docker login and push through Berth’s socket, no secret is on the page, in the HAR or in what proxy.activity sent', async ({ page, env }) => {
  const user = 'e2e-activity';
  const password = `pw-${uniqueName('secret')}-Zq9`;
  const scratch = await mkdtemp('/tmp/ba-sec-');
  const htpasswd = path.join(scratch, 'htpasswd');
  await writeFile(htpasswd, (await run('htpasswd', ['-Bbn', user, password])).stdout);
  const registry = await startRegistry({ htpasswdFile: htpasswd });
  const ref = `${registry.address}/${uniqueName('activity')}:1`;
  const berth = await startActivityBerth(env);
  // Everything the page received over its WebSocket: the proxy.activity batches included.
  const frames: string[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => frames.push(String(frame.payload))));
  try {
    await env.docker(['tag', env.image, ref]);
    await openActivity(page, berth);
    await expect(sendHint(page, berth)).toBeVisible();
    const config = path.join(scratch, 'cli');
    await berth.docker(['login', '-u', user, '-p', password, registry.address], { config });
    await berth.docker(['push', ref], { config });
    const push = rowFor(page, '/push');
    await expect(push.locator('[data-status-class]')).toHaveText('200');
    await expect(rowFor(page, '/auth').locator('[data-status-class]')).toHaveText('200');

    // The push carried X-Registry-Auth: the page shows it redacted.
    await push.click();
    const requestHeaders = page.getByRole('complementary', { name: 'Call details' }).getByRole('region', { name: 'Request headers' });
    await expect(requestHeaders).toContainText('X-Registry-Auth');
    await expect(requestHeaders).toContainText('[redacted]');

    const har = await harOf(Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as HAR' }).click()]).then(([d]) => d));
    const harText = JSON.stringify(har);
    const pushEntry = har.log.entries.find((entry) => entry.request.url.includes('/push'));
    expect(pushEntry?.request.headers.find((header) => header.name.toLowerCase() === 'x-registry-auth')?.value).toBe('[redacted]');

    const secrets = [password, Buffer.from(`${user}:${password}`).toString('base64'), ...base64Cores(password)];
    // The detector finds the password inside an X-Registry-Auth value as the CLI encodes it (so the checks below can fail).
    const registryAuth = Buffer.from(JSON.stringify({ username: user, password, serveraddress: registry.address })).toString('base64url');
    expect(base64Cores(password).some((core) => registryAuth.includes(core))).toBe(true);
    const pageText = (await page.locator('body').innerText()) + (await page.content());
    const wire = frames.join('\n');
    expect(wire).toContain('/push');
    for (const secret of secrets) {
      expect(pageText, `the page shows ${secret}`).not.toContain(secret);
      expect(harText, `the HAR holds ${secret}`).not.toContain(secret);
      expect(wire, `proxy.activity sent ${secret}`).not.toContain(secret);
    }
  } finally {
    await berth.stop();
    await env.docker(['rmi', ref]).catch(() => undefined);
    await registry.stop();
    await rm(scratch, { recursive: true, force: true });
  }
});
