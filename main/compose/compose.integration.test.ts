import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ComposeRunEvent } from '../../common/contract/compose';
import { ApiError } from '../../common/errors';
import { dockerCli } from '../../testing/docker-cli';
import { freePort } from '../../testing/test-engine';
import { EngineConnection } from '../engine/connection';
import { findComposeCli } from './compose-cli';
import { contentHash, readComposeFile, saveComposeFile } from './compose-files';
import { ComposeService } from './compose-service';

const { dockerHost, image } = inject('testEngine');
const docker = (args: string[]) => dockerCli(dockerHost, args);
const PROJECT = `berthcompose${process.pid}`;

let dir: string;
let dataDir: string;
let engine: EngineConnection;
let service: ComposeService;
let port: number;
let composeFile: string;

function composeYaml(greeting: string, hostPort: number): string {
  return `services:
  web:
    build: ./web
    labels: [berth.test=compose]
    stop_grace_period: 1s
    ports:
      - "127.0.0.1:${hostPort}:80"
    environment:
      GREETING: ${greeting}
    networks: [front]
    volumes:
      - data:/data
  worker:
    image: ${image}
    labels: [berth.test=compose]
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
    networks: [front]
networks:
  front:
    labels: [berth.test=compose]
volumes:
  data:
    labels: [berth.test=compose]
`;
}

async function run(project: string, action: Parameters<ComposeService['run']>[1]): Promise<ComposeRunEvent[]> {
  const events: ComposeRunEvent[] = [];
  await service.run(project, action, (event) => events.push(event), new AbortController().signal);
  return events;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (err: unknown) => err);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function answer(url: string, expected: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    last = await get(url).then((response) => response.body.trim(), (err: Error) => err.message);
    if (last === expected) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return last;
}

async function projectObjects(project: string) {
  const filter = `label=com.docker.compose.project=${project}`;
  const lines = async (args: string[]) => (await docker(args)).split('\n').filter(Boolean).sort();
  return {
    containers: await lines(['ps', '-a', '--filter', filter, '--format', '{{.Names}}']),
    networks: await lines(['network', 'ls', '--filter', filter, '--format', '{{.Name}}']),
    volumes: await lines(['volume', 'ls', '--filter', filter, '--format', '{{.Name}}']),
  };
}

beforeAll(async () => {
  if (!(await findComposeCli())) throw new Error('These tests need a Compose CLI: sudo apt-get install docker-compose');
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-compose-'));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'berth-compose-data-'));
  await mkdir(path.join(dir, PROJECT, 'web'), { recursive: true });
  await writeFile(
    path.join(dir, PROJECT, 'web', 'Dockerfile'),
    `FROM ${image}\nLABEL berth.test=compose\nCMD ["sh", "-c", "mkdir -p /www && echo \\"$GREETING\\" > /www/index.html && exec httpd -f -p 80 -h /www"]\n`,
  );
  port = await freePort();
  composeFile = path.join(dir, PROJECT, 'compose.yaml');
  await writeFile(composeFile, composeYaml('hello', port));
  engine = new EngineConnection(dockerHost);
  service = new ComposeService({ engine, dataDir, proxyUrl: () => undefined });
});

afterAll(async () => {
  for (const project of [PROJECT, `${PROJECT}busy`]) {
    const ids = await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]).catch(() => '');
    if (ids) await docker(['rm', '-f', ...ids.split('\n')]).catch(() => undefined);
    for (const kind of ['network', 'volume']) {
      const names = await docker([kind, 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`]).catch(() => '');
      if (names) await docker([kind, 'rm', ...names.split('\n')]).catch(() => undefined);
    }
  }
  await docker(['rmi', '-f', `${PROJECT}_web`, `${PROJECT}-web`]).catch(() => undefined);
  engine?.stop();
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('a Compose project from its file', () => {
  it('opens the folder, validates, comes up and answers on its port', async () => {
    const project = await service.open({ path: path.join(dir, PROJECT), extraFiles: [], profiles: [] });
    expect(project).toMatchObject({ name: PROJECT, workingDir: path.join(dir, PROJECT), files: [composeFile], source: 'opened' });
    expect(project.services.map((entry) => [entry.name, entry.state])).toEqual([
      ['web', 'absent'],
      ['worker', 'absent'],
    ]);

    const validation = await service.validate(PROJECT, composeFile, await readFile(composeFile, 'utf8'));
    expect(validation.diagnostics).toEqual([]);
    expect(validation.configCommand).toContain('config -q');

    const events = await run(PROJECT, { kind: 'up', build: false, removeOrphans: false });
    expect(events[0]).toMatchObject({ kind: 'command' });
    expect((events[0] as { commandLine: string }).commandLine).toMatch(new RegExp(`-p ${PROJECT} --project-directory .* -f ${composeFile} up -d$`));
    expect(events.at(-1)).toMatchObject({ kind: 'done' });
    expect(events.some((event) => event.kind === 'line')).toBe(true);
    expect(await answer(`http://127.0.0.1:${port}/`, 'hello')).toBe('hello');

    const listed = (await service.list()).find((entry) => entry.name === PROJECT)!;
    expect(listed.source).toBe('both');
    const web = listed.services.find((entry) => entry.name === 'web')!;
    expect(web).toMatchObject({ state: 'running', running: 1, desired: 1 });
    expect(web.ports).toEqual([{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' }]);
  }, 120_000);

  it('scales the worker to 3 and back to 1 without touching web', async () => {
    const webBefore = await docker(['ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--filter', 'label=com.docker.compose.service=web']);
    await run(PROJECT, { kind: 'scale', service: 'worker', replicas: 3 });
    let worker = (await service.list()).find((entry) => entry.name === PROJECT)!.services.find((entry) => entry.name === 'worker')!;
    expect(worker).toMatchObject({ running: 3, desired: 3, state: 'running' });
    await run(PROJECT, { kind: 'scale', service: 'worker', replicas: 1 });
    worker = (await service.list()).find((entry) => entry.name === PROJECT)!.services.find((entry) => entry.name === 'worker')!;
    expect(worker).toMatchObject({ running: 1, desired: 1 });
    expect(await docker(['ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--filter', 'label=com.docker.compose.service=web'])).toBe(webBefore);
  }, 120_000);

  it('saves an edited env value and recreates only that service', async () => {
    const ids = async (svc: string) => docker(['ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--filter', `label=com.docker.compose.service=${svc}`]);
    const [webBefore, workerBefore] = [await ids('web'), await ids('worker')];
    const opened = await readComposeFile(composeFile);
    const saved = await saveComposeFile(composeFile, opened.content.replace('GREETING: hello', 'GREETING: bonjour'), opened);
    expect(saved.hash).toBe(contentHash(composeYaml('bonjour', port)));
    await run(PROJECT, { kind: 'recreate', service: 'web' });
    expect(await answer(`http://127.0.0.1:${port}/`, 'bonjour')).toBe('bonjour');
    expect(await ids('web')).not.toBe(webBefore);
    expect(await ids('worker')).toBe(workerBefore);
  }, 120_000);

  it('refuses to save over a file changed on disk, and leaves it as the other program wrote it', async () => {
    const opened = await readComposeFile(composeFile);
    const external = `${opened.content}# edited elsewhere\n`;
    await writeFile(composeFile, external);
    const error = await failure(saveComposeFile(composeFile, 'services: {}\n', opened));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/changed on disk since it was opened/);
    expect(await readFile(composeFile, 'utf8')).toBe(external);
    await writeFile(composeFile, opened.content);
  });

  it('places bad YAML and an unknown key on their lines, and names a missing file', async () => {
    const text = await readFile(composeFile, 'utf8');
    const before = contentHash(text);
    const broken = await service.validate(PROJECT, composeFile, text.replace('    networks: [front]\n    volumes:', '    networks: [front\n    volumes:'));
    expect(broken.diagnostics).toHaveLength(1);
    expect(broken.diagnostics[0]).toMatchObject({ source: 'yaml', severity: 'error' });
    expect(broken.diagnostics[0]!.line).toBeGreaterThanOrEqual(11);
    expect(broken.configCommand).toBeUndefined();

    const unknown = await service.validate(PROJECT, composeFile, text.replace('    stop_grace_period: 1s', '    stop_grace_period: 1s\n    restart_policy: always'));
    expect(unknown.diagnostics[0]).toMatchObject({ line: 6, column: 5, source: 'schema', message: 'Unknown key "restart_policy" in services.web.' });
    expect(unknown.configCommand).toContain('config -q');

    // Valid for the schema, refused by Compose itself: a volume no section declares.
    const undeclared = await service.validate(PROJECT, composeFile, text.replace('      - data:/data', '      - other:/data'));
    expect(undeclared.diagnostics.length).toBeGreaterThan(0);
    expect(undeclared.diagnostics[0]).toMatchObject({ source: 'compose', severity: 'error' });
    expect(undeclared.diagnostics[0]!.message).toMatch(/other/);
    expect(undeclared.diagnostics[0]!.line).toBeGreaterThan(1);

    const missing = await failure(service.open({ path: path.join(dir, 'nope', 'compose.yaml'), extraFiles: [], profiles: [] }));
    expect(missing).toMatchObject({ code: 'not-found' });
    expect(missing.message).toContain(path.join(dir, 'nope', 'compose.yaml'));
    const empty = await failure(service.open({ path: dir, extraFiles: [], profiles: [] }));
    expect(empty.message).toMatch(/holds no compose file \(looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml\)/);
    expect(contentHash(await readFile(composeFile, 'utf8'))).toBe(before);
  }, 60_000);

  it('reads and writes only files of projects it knows, and keeps one project per name', async () => {
    await service.requireProjectFile(composeFile);
    const stranger = path.join(dir, 'notes.yaml');
    await writeFile(stranger, 'a: 1\n');
    await expect(service.requireProjectFile(stranger)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.requireProjectFile('/etc/passwd')).rejects.toMatchObject({ code: 'forbidden' });
    // Another folder whose name would give the same project name.
    const twin = path.join(dir, 'twin');
    await mkdir(twin);
    await writeFile(path.join(twin, 'compose.yaml'), `services:\n  a:\n    image: ${image}\n`);
    const clash = await failure(service.open({ path: twin, extraFiles: [], profiles: [], name: PROJECT }));
    expect(clash.code).toBe('conflict');
    expect(clash.message).toContain(`already open from ${composeFile}`);
    expect((await service.open({ path: twin, extraFiles: [], profiles: [] })).name).toBe('twin');
    await service.forget('twin');
  });

  it('says which line publishes a host port already in use', async () => {
    const busyPort = await freePort();
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(busyPort, '127.0.0.1', resolve));
    try {
      const busyDir = path.join(dir, `${PROJECT}busy`);
      await mkdir(busyDir);
      const text = `services:\n  app:\n    image: ${image}\n    labels: [berth.test=compose]\n    command: ["httpd", "-f", "-p", "80"]\n    ports:\n      - "127.0.0.1:${busyPort}:80"\n`;
      await writeFile(path.join(busyDir, 'compose.yml'), text);
      await service.open({ path: busyDir, extraFiles: [], profiles: [] });
      const error = await failure(run(`${PROJECT}busy`, { kind: 'up', build: false, removeOrphans: false }));
      expect(error.message).toContain(`Host port ${busyPort} is already in use`);
      expect(error.message).toContain(`compose.yml line 7 publishes it`);
      expect(error.message).toMatch(/docker-compose -p \S+busy .* up -d/);
      expect(await readFile(path.join(busyDir, 'compose.yml'), 'utf8')).toBe(text);
      await run(`${PROJECT}busy`, { kind: 'down', removeVolumes: true, removeImages: 'none' });
    } finally {
      holder.close();
    }
  }, 120_000);

  it('down with volumes and images removes exactly the project\'s objects', async () => {
    const bystander = await docker(['volume', 'create', '--label', 'berth.test=compose', `${PROJECT}-bystander`]);
    try {
      const before = await projectObjects(PROJECT);
      expect(before.volumes).toEqual([`${PROJECT}_data`]);
      expect(before.networks).toEqual([`${PROJECT}_front`]);
      expect(before.containers).toHaveLength(2);
      const preview = await service.downPreview(PROJECT);
      expect(preview).toMatchObject({ containers: before.containers, networks: before.networks, volumes: before.volumes });
      await run(PROJECT, { kind: 'down', removeVolumes: true, removeImages: 'local' });
      expect(await projectObjects(PROJECT)).toEqual({ containers: [], networks: [], volumes: [] });
      expect(await docker(['volume', 'ls', '-q', '--filter', `name=${PROJECT}-bystander`])).toBe(bystander);
      expect(await docker(['image', 'ls', '-q', image])).not.toBe('');
      const built = (await docker(['image', 'ls', '--format', '{{.Repository}}'])).split('\n');
      expect(built.filter((name) => name.startsWith(PROJECT))).toEqual([]);
      const listed = (await service.list()).find((entry) => entry.name === PROJECT)!;
      expect(listed.source).toBe('opened');
      expect(listed.services.every((entry) => entry.state === 'absent')).toBe(true);
    } finally {
      await docker(['volume', 'rm', `${PROJECT}-bystander`]).catch(() => undefined);
    }
  }, 120_000);
});
