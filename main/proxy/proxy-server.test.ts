import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { lstatSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiCall } from '../../common/contract/proxy';
import { dockerCli, uniqueName } from '../../testing/docker-cli';
import { ensureTestImage, startDockerd, startRegistry, TEST_LABEL, type Dockerd, type Registry } from '../../testing/test-engine';
import { ActivityLog } from './activity-log';
import { EngineProxy } from './proxy-server';

const run = promisify(execFile);

interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs the docker CLI with its own config folder (so `docker login` never touches the user's), optionally feeding stdin. */
function docker(host: string, args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn('docker', ['-H', host, ...args], { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? -1 });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Ids, times and sizes that differ between two otherwise identical runs. */
function normalise(text: string): string {
  return text
    .replace(/\b[0-9a-f]{64}\b/g, '<id>')
    .replace(/\b[0-9a-f]{12}\b/g, '<id>')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)/g, '<time>')
    .replace(/(About )?(an?|\d+) (seconds?|minutes?|hours?) ago/g, '<ago>')
    .replace(/Up (Less than a second|About a minute|\d+ seconds?|\d+ minutes?)/g, 'Up <t>');
}

describe('EngineProxy with real clients', () => {
  const { dockerHost, image, registry: plainRegistry } = inject('testEngine');
  let dir: string;
  let socketPath: string;
  let viaProxy: string;
  let proxy: EngineProxy;
  const activity = new ActivityLog();
  const seen: ApiCall[] = [];
  let stopWatching: () => void;
  let dockerConfig: string;
  const created: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp('/tmp/bpx-');
    socketPath = path.join(dir, 'run', 'docker.sock');
    viaProxy = `unix://${socketPath}`;
    dockerConfig = path.join(dir, 'docker-config');
    await mkdir(dockerConfig);
    stopWatching = activity.subscribe((batch) => seen.push(...batch.calls));
    proxy = new EngineProxy({ address: socketPath, target: () => ({ url: dockerHost }), activity });
    await proxy.listen();
  });

  afterAll(async () => {
    stopWatching();
    await proxy.close();
    if (created.length) await dockerCli(dockerHost, ['rm', '-f', ...created]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  const both = async (args: string[], input?: string) => {
    const env = { DOCKER_CONFIG: dockerConfig };
    const [direct, through] = await Promise.all([docker(dockerHost, args, { input, env }), docker(viaProxy, args, { input, env })]);
    return { direct, through };
  };

  it('listens on a private socket: folder 0700, socket 0600', () => {
    expect(lstatSync(socketPath).isSocket()).toBe(true);
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(socketPath)).mode & 0o777).toBe(0o700);
  });

  it('answers version, info, ps and images as the engine does', async () => {
    for (const args of [
      ['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}} {{.Server.Os}}'],
      ['info', '--format', '{{.ID}} {{.Driver}} {{.NCPU}} {{.MemTotal}} {{.Images}}'],
      ['ps', '-a', '--no-trunc', '--filter', `label=${TEST_LABEL}=nobody`],
      ['image', 'ls', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}', image],
    ]) {
      const { direct, through } = await both(args);
      expect(through.code, through.stderr).toBe(0);
      // Relative times ("2 seconds ago") can tick between the two runs.
      expect(normalise(through.stdout)).toBe(normalise(direct.stdout));
    }
  });

  it('runs containers: run --rm, run -i with stdin, exec -i with a half-closed stdin, exec -t under a pty', async () => {
    const echo = await both(['run', '--rm', '--label', TEST_LABEL, image, 'echo', 'hi']);
    expect(echo.through).toEqual(echo.direct);
    expect(echo.through.stdout).toBe('hi\n');

    const piped = await both(['run', '-i', '--rm', '--label', TEST_LABEL, image, 'cat'], 'from stdin\n');
    expect(piped.through).toEqual(piped.direct);
    expect(piped.through.stdout).toBe('from stdin\n');

    const name = uniqueName('bpx-exec');
    created.push(name);
    await docker(viaProxy, ['run', '-d', '--name', name, '--label', TEST_LABEL, image, 'sleep', '300']);
    const exec = await both(['exec', '-i', name, 'cat'], 'hi\n');
    expect(exec.through).toEqual({ stdout: 'hi\n', stderr: '', code: 0 });
    expect(exec.direct).toEqual(exec.through);

    const big = Buffer.alloc(3 * 1024 * 1024, 'x');
    const bigExec = await docker(viaProxy, ['exec', '-i', name, 'wc', '-c'], { input: big });
    expect(bigExec.stdout.trim()).toBe(String(big.length));

    const tty = await run('script', ['-qec', `docker -H ${viaProxy} exec -t ${name} sh -c 'echo tty-ok; tty'`, '/dev/null'], { timeout: 30_000 });
    expect(tty.stdout).toContain('tty-ok');
    expect(tty.stdout).toMatch(/\/dev\/pts\/\d+/);
  });

  it('attaches to a running container, and follows logs until the container ends', async () => {
    const name = uniqueName('bpx-attach');
    created.push(name);
    await docker(viaProxy, ['run', '-d', '--name', name, '--label', TEST_LABEL, image, 'sh', '-c', 'sleep 2; for i in 1 2 3; do echo line $i; sleep 0.2; done']);
    const [attached, followed] = await Promise.all([docker(viaProxy, ['attach', name]), docker(viaProxy, ['logs', '-f', name])]);
    expect(attached).toMatchObject({ code: 0, stdout: 'line 1\nline 2\nline 3\n' });
    expect(followed).toMatchObject({ code: 0, stdout: 'line 1\nline 2\nline 3\n' });
    const direct = await docker(dockerHost, ['logs', name]);
    expect(direct.stdout).toBe(followed.stdout);
  });

  it('copies files both ways, builds a context with the classic builder, and saves and loads an image', async () => {
    const name = uniqueName('bpx-cp');
    created.push(name);
    await docker(viaProxy, ['run', '-d', '--name', name, '--label', TEST_LABEL, image, 'sleep', '300']);
    const local = path.join(dir, 'copy-in.txt');
    await writeFile(local, 'copied in\n'.repeat(1000));
    expect((await docker(viaProxy, ['cp', local, `${name}:/tmp/in.txt`])).code).toBe(0);
    expect((await docker(viaProxy, ['exec', name, 'md5sum', '/tmp/in.txt'])).stdout.split(' ')[0]).toBe(
      (await run('md5sum', [local])).stdout.split(' ')[0],
    );
    const back = path.join(dir, 'copy-out.txt');
    expect((await docker(viaProxy, ['cp', `${name}:/tmp/in.txt`, back])).code).toBe(0);
    expect(await readFile(back, 'utf8')).toBe(await readFile(local, 'utf8'));

    const context = path.join(dir, 'build');
    await mkdir(context);
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${image}\nCOPY hello.txt /hello.txt\nLABEL ${TEST_LABEL}=build\nCMD ["cat", "/hello.txt"]\n`);
    await writeFile(path.join(context, 'hello.txt'), 'built through Berth\n');
    const tag = `berth-test/proxy-build:${process.pid}`;
    const build = await docker(viaProxy, ['build', '-q', '-t', tag, context], { env: { DOCKER_BUILDKIT: '0' } });
    expect(build.code, build.stderr).toBe(0);
    expect((await docker(viaProxy, ['run', '--rm', '--label', TEST_LABEL, tag])).stdout).toBe('built through Berth\n');

    const tar = path.join(dir, 'image.tar');
    expect((await docker(viaProxy, ['save', '-o', tar, tag])).code).toBe(0);
    const directTar = path.join(dir, 'image-direct.tar');
    await docker(dockerHost, ['save', '-o', directTar, tag]);
    expect(statSync(tar).size).toBe(statSync(directTar).size);
    await docker(dockerHost, ['rmi', tag]);
    const load = await docker(viaProxy, ['load', '-i', tar]);
    expect(load.stdout).toContain(tag);
    await docker(dockerHost, ['rmi', tag]);
  });

  it('streams events within a window, and stats once', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const name = uniqueName('bpx-events');
    await docker(viaProxy, ['run', '--rm', '--name', name, '--label', TEST_LABEL, image, 'true']);
    const until = Math.floor(Date.now() / 1000) + 1;
    const filter = ['--filter', `container=${name}`, '--format', '{{.Type}} {{.Action}}'];
    const events = await both(['events', '--since', String(since), '--until', String(until), ...filter]);
    expect(events.through.code).toBe(0);
    expect(events.through.stdout).toBe(events.direct.stdout);
    expect(events.through.stdout).toContain('container start');

    const stats = uniqueName('bpx-stats');
    created.push(stats);
    await docker(viaProxy, ['run', '-d', '--name', stats, '--label', TEST_LABEL, image, 'sleep', '300']);
    const once = await both(['stats', '--no-stream', '--format', '{{.Name}}', stats]);
    expect(once.through).toEqual(once.direct);
    expect(once.through.stdout.trim()).toBe(stats);
  });

  it('logs in, pushes and pulls against a registry with auth; the credentials reach the engine and never the activity log', async () => {
    const htpasswd = path.join(dir, 'htpasswd');
    const password = `pw-${Math.random().toString(36).slice(2)}`;
    await writeFile(htpasswd, (await run('htpasswd', ['-Bbn', 'pusher', password])).stdout);
    const registry: Registry = await startRegistry({ htpasswdFile: htpasswd });
    try {
      const env = { DOCKER_CONFIG: dockerConfig };
      const login = await docker(viaProxy, ['login', '-u', 'pusher', '--password-stdin', registry.address], { input: password, env });
      expect(login.code, login.stderr).toBe(0);
      const tag = `${registry.address}/berth-test/pushed:${process.pid}`;
      await docker(viaProxy, ['tag', image, tag]);
      const push = await docker(viaProxy, ['push', tag], { env });
      expect(push.code, push.stderr).toBe(0);
      await docker(viaProxy, ['rmi', tag]);
      const pull = await docker(viaProxy, ['pull', tag], { env });
      expect(pull.code, pull.stderr).toBe(0);
      await docker(viaProxy, ['rmi', tag]);
      const noAuth = await docker(viaProxy, ['pull', tag], { env: { DOCKER_CONFIG: path.join(dir, 'empty-config') } });
      expect(noAuth.code).not.toBe(0);

      await new Promise((resolve) => setTimeout(resolve, 300));
      const recorded = JSON.stringify(activity.history()) + JSON.stringify(seen);
      const auth = Buffer.from(`pusher:${password}`).toString('base64');
      const registryAuth = Buffer.from(JSON.stringify({ username: 'pusher', password })).toString('base64').slice(0, 20);
      expect(recorded).not.toContain(password);
      expect(recorded).not.toContain(auth);
      expect(recorded).not.toContain(registryAuth);
      const pushCall = activity.history().find((call) => call.method === 'POST' && call.path.startsWith('/images/') && call.path.includes('/push'));
      expect(pushCall?.requestHeaders).toContainEqual(['X-Registry-Auth', '[redacted]']);
    } finally {
      await registry.stop();
    }
  });

  it('records calls with versions, statuses, sizes and upgrades', async () => {
    await docker(viaProxy, ['inspect', 'berth-no-such-container']);
    await docker(viaProxy, ['run', '--rm', '--label', TEST_LABEL, image, 'true']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const calls = activity.history();
    const missing = calls.find((call) => call.path === '/containers/berth-no-such-container/json');
    expect(missing).toMatchObject({ method: 'GET', status: 404, state: 'done', origin: 'client' });
    expect(missing!.apiVersion).toMatch(/^1\.\d+$/);
    expect(missing!.bytesOut).toBeGreaterThan(0);
    expect(missing!.userAgent).toMatch(/^Docker-Client\//);
    const attach = calls.findLast((call) => call.path.includes('/attach'));
    expect(attach).toMatchObject({ status: 101, upgrade: 'upgrade', state: 'done' });
    expect(attach!.durationMs).toBeGreaterThanOrEqual(0);
    const ping = calls.find((call) => call.method === 'HEAD' && call.path === '/_ping');
    expect(ping).toMatchObject({ status: 200, state: 'done' });
  });

  it('runs a two-service docker-compose (v1) project up and down', async () => {
    const project = path.join(dir, 'compose');
    await mkdir(project);
    const name = `bpx${process.pid}`;
    await writeFile(
      path.join(project, 'docker-compose.yml'),
      `version: "2.4"\nservices:\n  web:\n    image: ${image}\n    command: ["busybox", "httpd", "-f", "-p", "80"]\n    labels: ["${TEST_LABEL}=compose"]\n` +
        `  worker:\n    image: ${image}\n    command: ["sleep", "300"]\n    depends_on: [web]\n    labels: ["${TEST_LABEL}=compose"]\n`,
    );
    const env = { ...process.env, DOCKER_HOST: viaProxy, COMPOSE_PROJECT_NAME: name };
    await run('docker-compose', ['up', '-d'], { cwd: project, env, timeout: 120_000 });
    const running = await dockerCli(dockerHost, ['ps', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Label "com.docker.compose.service"}}']);
    expect(running.split('\n').sort()).toEqual(['web', 'worker']);
    const ps = await run('docker-compose', ['ps', '--services', '--filter', 'status=running'], { cwd: project, env });
    expect(ps.stdout.trim().split('\n').sort()).toEqual(['web', 'worker']);
    await run('docker-compose', ['down', '-t', '1'], { cwd: project, env, timeout: 120_000 });
    expect(await dockerCli(dockerHost, ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${name}`])).toBe('');
  }, 180_000);

  it('answers 1,000 mixed dockerode calls over 20 parallel connections', async () => {
    const client = new Docker({ socketPath });
    let answered = 0;
    const kinds = [
      () => client.ping(),
      () => client.listContainers({ all: true }),
      () => client.listImages(),
      () => client.version(),
      () => client.getImage(image).inspect(),
      () => client.getContainer('berth-no-such-container').inspect().catch((err: { statusCode?: number }) => expect(err.statusCode).toBe(404)),
    ];
    await Promise.all(
      Array.from({ length: 20 }, async (_unused, lane) => {
        for (let index = 0; index < 50; index++) {
          await kinds[(lane + index) % kinds.length]!();
          answered++;
        }
      }),
    );
    expect(answered).toBe(1000);
  }, 120_000);
});

describe('EngineProxy when the engine is away', () => {
  const { image } = inject('testEngine');
  let dir: string;
  let engine: Dockerd;

  beforeAll(async () => {
    dir = await mkdtemp('/tmp/bpy-');
    engine = await startDockerd();
    await ensureTestImage(engine.dockerHost, image);
  }, 120_000);

  afterAll(async () => {
    await engine?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('ends a running logs -f with an error when the engine dies, stays up, and works again once the engine is back', async () => {
    const socketPath = path.join(dir, 'a', 'docker.sock');
    const proxy = new EngineProxy({ address: socketPath, target: () => ({ url: engine.dockerHost }), activity: new ActivityLog() });
    await proxy.listen();
    const viaProxy = `unix://${socketPath}`;
    try {
      const name = uniqueName('bpy-follow');
      await docker(viaProxy, ['run', '-d', '--name', name, '--label', TEST_LABEL, image, 'sh', '-c', 'while true; do echo tick; sleep 0.2; done']);
      const following = docker(viaProxy, ['logs', '-f', name], { timeoutMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      engine.process.kill('SIGKILL');
      const ended = await following;
      expect(ended.stdout).toContain('tick');
      expect(ended.code).not.toBe(0);
      expect(ended.code).not.toBe(137);

      const down = await docker(viaProxy, ['ps']);
      expect(down.code).not.toBe(0);
      expect(down.stderr).toContain(`Berth: the engine at ${engine.dockerHost} is not reachable`);
      expect(proxy.listening).toBe(true);

      await engine.restart();
      const back = await docker(viaProxy, ['ps', '-a', '--format', '{{.Names}}']);
      expect(back.code, back.stderr).toBe(0);
      expect(back.stdout).toContain(name);
      await dockerCli(engine.dockerHost, ['rm', '-f', name]);
    } finally {
      await proxy.close();
    }
  }, 180_000);

  it('sends new connections to the engine that is active when they arrive, while an open one finishes where it is', async () => {
    const { dockerHost: other } = inject('testEngine');
    let active = engine.dockerHost;
    const socketPath = path.join(dir, 'd', 'docker.sock');
    const proxy = new EngineProxy({ address: socketPath, target: () => ({ url: active }), activity: new ActivityLog() });
    await proxy.listen();
    const viaProxy = `unix://${socketPath}`;
    const name = uniqueName('bpy-switch');
    try {
      await docker(viaProxy, ['run', '-d', '--name', name, '--label', TEST_LABEL, image, 'sh', '-c', 'sleep 2; echo before; sleep 2; echo after']);
      const following = docker(viaProxy, ['logs', '-f', name]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      active = other;
      const dataRoot = async (host: string) => (await docker(host, ['info', '--format', '{{.DockerRootDir}}'])).stdout.trim();
      expect(await dataRoot(viaProxy)).toBe(await dataRoot(other));
      expect(await dataRoot(viaProxy)).not.toBe(await dataRoot(engine.dockerHost));
      expect(await following).toMatchObject({ code: 0, stdout: 'before\nafter\n' });
    } finally {
      await dockerCli(engine.dockerHost, ['rm', '-f', name]).catch(() => undefined);
      await proxy.close();
    }
  });

  it('says why when there is no engine at all, over HEAD and GET', async () => {
    const socketPath = path.join(dir, 'b', 'docker.sock');
    const proxy = new EngineProxy({ address: socketPath, target: () => undefined, whyNoEngine: () => 'No container engine answered.', activity: new ActivityLog() });
    await proxy.listen();
    try {
      const result = await docker(`unix://${socketPath}`, ['ps']);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('Berth: No container engine answered.');
      const raw = await new Promise<string>((resolve) => {
        const socket = net.connect({ path: socketPath });
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.end('HEAD /_ping HTTP/1.1\r\nHost: docker\r\n\r\n');
      });
      expect(raw).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n/);
      expect(raw.endsWith('\r\n\r\n')).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('replaces a stale socket file, but never one that answers', async () => {
    const socketPath = path.join(dir, 'c', 'docker.sock');
    await mkdir(path.dirname(socketPath), { recursive: true, mode: 0o700 });
    // A socket file whose server is gone: what a crashed run leaves behind.
    const crashed = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    await new Promise((resolve) => crashed.on('exit', resolve));
    expect(lstatSync(socketPath).isSocket()).toBe(true);

    const first = new EngineProxy({ address: socketPath, target: () => ({ url: engine.dockerHost }), activity: new ActivityLog() });
    await first.listen();
    const second = new EngineProxy({ address: socketPath, target: () => ({ url: engine.dockerHost }), activity: new ActivityLog() });
    await expect(second.listen()).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already answers') });
    expect((await docker(`unix://${socketPath}`, ['version', '--format', '{{.Server.Version}}'])).code).toBe(0);
    await first.close();
    expect(() => lstatSync(socketPath)).toThrow();
  });

  it('keeps a long socket path under the kernel limit or says so', async () => {
    const long = path.join(os.tmpdir(), 'x'.repeat(120), 'docker.sock');
    const proxy = new EngineProxy({ address: long, target: () => undefined, activity: new ActivityLog() });
    await expect(proxy.listen()).rejects.toThrow(/could not listen|too long/i);
    await rm(path.join(os.tmpdir(), 'x'.repeat(120)), { recursive: true, force: true });
  });
});

describe('EngineProxy socket folder', () => {
  it('refuses a folder other users can enter, instead of changing its rights', async () => {
    const shared = await mkdtemp('/tmp/bpz-');
    await import('node:fs/promises').then((fs) => fs.chmod(shared, 0o755));
    const proxy = new EngineProxy({ address: path.join(shared, 'docker.sock'), target: () => undefined, activity: new ActivityLog() });
    await expect(proxy.listen()).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('private folder') });
    expect(statSync(shared).mode & 0o777).toBe(0o755);
    await rm(shared, { recursive: true, force: true });
  });
});
