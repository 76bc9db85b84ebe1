/**
 * Secrets stay secret: after a registry login and a push (htpasswd registry), a Compose up whose env file holds a
 * token, and a Swarm secret, none of the three values appears in the activity log, Berth's log output, the files
 * Berth wrote (settings, credentials, the docker context), the traffic between the renderer and the main process
 * (every frame, as IPC or the WebSocket carries it), or the HAR export built from the activity. Values are also
 * looked for inside anything base64-encoded (X-Registry-Auth, docker's `auths`), not just as plain text.
 *
 * A private dockerd: `swarm init` must not touch the engine other tests share.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiActivityBatch, ApiCall } from '../common/contract/proxy';
import { buildHar } from '../renderer/src/lib/har';
import { dockerCli } from '../testing/docker-cli';
import { startPrivateBackend, type PrivateBackend } from '../testing/private-backend';
import type { RouterClient } from '../testing/router-client';
import { startRegistry, TEST_IMAGE, type Dockerd, type Registry } from '../testing/test-engine';
import type { Backend } from './backend';

const run = promisify(execFile);
const LABEL = 'berth.test=secrets';
const secrets = {
  registryPassword: `pw-${randomBytes(12).toString('hex')}`,
  composeToken: `tok-${randomBytes(12).toString('hex')}`,
  swarmSecret: `swarm-${randomBytes(12).toString('hex')}`,
  runEnv: `env-${randomBytes(12).toString('hex')}`,
};

let work: string;
let dataDir: string;
let dockerConfig: string;
let engine: PrivateBackend;
let dockerd: Dockerd;
let registry: Registry;
let backend: Backend;
let client: RouterClient;
const logLines: string[] = [];

/** All files under `dir`, as text (binary files included: a secret in plain bytes still shows). */
async function filesUnder(dir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    found[file] = (await readFile(file).catch(() => Buffer.alloc(0))).toString('latin1');
  }
  return found;
}

/** The text and whatever base64/base64url runs in it decode to. */
function withDecoded(text: string): string {
  const decoded = (text.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []).map((run) => Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
  return [text, ...decoded].join('\n');
}

function leaks(where: string, text: string): string[] {
  const haystack = withDecoded(text);
  return Object.entries(secrets)
    .filter(([, value]) => haystack.includes(value))
    .map(([name]) => `${name} in ${where}`);
}

beforeAll(async () => {
  work = await mkdtemp('/tmp/bsec-');
  dataDir = path.join(work, 'data');
  dockerConfig = path.join(work, 'docker-config');
  const htpasswd = path.join(work, 'htpasswd');
  await writeFile(htpasswd, (await run('htpasswd', ['-Bbn', 'pusher', secrets.registryPassword])).stdout);
  registry = await startRegistry({ htpasswdFile: htpasswd });
  engine = await startPrivateBackend({
    dataDir,
    env: { ...process.env, DOCKER_CONFIG: dockerConfig },
    log: (message, error) => logLines.push(`${message} ${error instanceof Error ? `${error.message}\n${error.stack}` : JSON.stringify(error) ?? ''}`),
  });
  ({ dockerd, backend, client } = engine);
}, 180_000);

afterAll(async () => {
  await engine?.stop();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
}, 120_000);

describe('secrets never leave where they belong', () => {
  it('a login, a push, a Compose env file and a Swarm secret leave no trace in logs, activity, files, traffic or HAR', async () => {
    // Compose and the CLI reach the engine through Berth's socket, whose calls the activity log records.
    await expect.poll(() => backend.proxy.status.state, { timeout: 20_000 }).toBe('listening');
    const activity = client.subscribe('proxy.activity', {});

    // Registry login and push.
    const added = await client.call<{ id: string }>('registries.add', { name: 'Secured', url: `http://${registry.address}`, insecure: true });
    const loggedIn = await client.call<{ username?: string }>('registries.login', { id: added.id, username: 'pusher', password: secrets.registryPassword });
    expect(loggedIn.username).toBe('pusher');
    const reference = `${registry.address}/secret-test:1`;
    await dockerCli(dockerd.dockerHost, ['tag', TEST_IMAGE, reference]);
    const pushed = await client.subscribe('images.push', { reference }).ended;
    expect(pushed.error).toBeUndefined();
    // A pull through the docker CLI via Berth's socket carries X-Registry-Auth, which the activity log must redact.
    await dockerCli(dockerd.dockerHost, ['rmi', reference]);
    const pulled = await client.subscribe('images.pull', { reference }).ended;
    expect(pulled.error).toBeUndefined();

    // Compose up with an env file holding a token, run by Compose through Berth's socket.
    const project = path.join(work, 'project');
    await mkdir(project);
    await writeFile(path.join(project, 'secrets.env'), `SECRET_TOKEN=${secrets.composeToken}\n`);
    await writeFile(
      path.join(project, 'compose.yaml'),
      `services:\n  app:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "600"]\n    labels: [${LABEL}]\n    environment:\n      TOKEN: \${SECRET_TOKEN}\n`,
    );
    await client.call('compose.open', { path: project, envFile: path.join(project, 'secrets.env'), name: 'secretsproject' });
    const up = await client.subscribe('compose.run', { project: 'secretsproject', action: { kind: 'up' } }).ended;
    expect(up.error, JSON.stringify(up.events).slice(-1500)).toBeUndefined();
    // The container really got the token (so there was something to leak).
    expect(await dockerCli(dockerd.dockerHost, ['exec', 'secretsproject_app_1', 'sh', '-c', 'echo $TOKEN']).catch(() =>
      dockerCli(dockerd.dockerHost, ['exec', 'secretsproject-app-1', 'sh', '-c', 'echo $TOKEN']),
    )).toBe(secrets.composeToken);
    await client.call('compose.list', {});

    // A container Berth creates itself with a secret in its environment (dockerode put the whole spec in the URL).
    await client.call('containers.run', { image: TEST_IMAGE, name: 'berth-secret-env', cmd: ['sleep', '600'], env: [{ key: 'API_KEY', value: secrets.runEnv }], labels: { 'berth.test': 'secrets' } });

    // A Swarm secret on this engine.
    await client.call('swarm.init', { advertiseAddress: '127.0.0.1' });
    await client.call('swarm.secrets.create', { name: 'berth-test-secret', dataBase64: Buffer.from(secrets.swarmSecret).toString('base64'), labels: {} });
    expect(await client.call<{ name: string }[]>('swarm.secrets.list', {})).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'berth-test-secret' })]));

    // The activity stream delivers in batches: wait until it has the last call made above.
    const gather = () => {
      const calls = new Map<number, ApiCall>();
      for (const batch of activity.events as ApiActivityBatch[]) {
        if (batch.reset) calls.clear();
        for (const call of batch.calls) calls.set(call.id, call);
      }
      return calls;
    };
    // Compose's calls (through Berth's socket) and Berth's own calls (the secret) are both recorded.
    await expect.poll(() => [...gather().values()].some((call) => call.path.includes('/secrets/create')), { timeout: 15_000 }).toBe(true);
    const calls = gather();
    expect([...calls.values()].some((call) => call.path.includes('/containers/create') && call.origin === 'client')).toBe(true);
    expect([...calls.values()].some((call) => call.path.includes('/containers/create') && call.origin === 'berth')).toBe(true);
    const har = buildHar([...calls.values()], { creatorVersion: 'test' });
    activity.close();

    // Every frame except the two requests whose purpose is to carry a secret into the main process.
    const carriers = new Set(['registries.login', 'swarm.secrets.create', 'containers.run']);
    const traffic = client.frames.filter((frame) => {
      const message = JSON.parse(frame) as { t: string; method?: string };
      return !(message.t === 'call' && message.method && carriers.has(message.method));
    });
    expect(traffic.length).toBeGreaterThan(20);

    const files = { ...(await filesUnder(dataDir)), ...(await filesUnder(dockerConfig)) };
    expect(Object.keys(files).some((file) => file.endsWith('.json'))).toBe(true);
    const found = [
      ...leaks('the activity log', JSON.stringify([...calls.values()])),
      ...leaks('the HAR export', JSON.stringify(har)),
      ...leaks("Berth's log", logLines.join('\n')),
      ...leaks('the renderer traffic', traffic.join('\n')),
      ...Object.entries(files).flatMap(([file, text]) => leaks(file, text)),
    ];
    expect(found).toEqual([]);

    // The check can fail: the secrets are found where they are meant to be.
    expect(leaks('the login request', client.frames.join('\n'))).toEqual(expect.arrayContaining([expect.stringContaining('registryPassword')]));
    expect(leaks('the secret request', client.frames.join('\n'))).toEqual(expect.arrayContaining([expect.stringContaining('swarmSecret'), expect.stringContaining('runEnv')]));
    expect(leaks('the env file', await readFile(path.join(project, 'secrets.env'), 'utf8'))).toEqual(['composeToken in the env file']);

    await client.subscribe('compose.run', { project: 'secretsproject', action: { kind: 'down', removeImages: 'none' } }).ended;
    await dockerCli(dockerd.dockerHost, ['rm', '-f', 'berth-secret-env']);
  }, 240_000);
});
