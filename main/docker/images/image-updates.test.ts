import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { UpdateEvent } from '../../../common/contract/updates';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { freePort, startRegistry } from '../../../testing/test-engine';
import { ComposeService } from '../../compose/compose-service';
import { EngineConnection } from '../../engine/connection';
import { createRegistryService } from '../../registry/registry-context';
import { decideStatus, ImageUpdates } from './image-updates';
import { ImageService } from './images';

const { dockerHost, registry, image } = inject('testEngine');
const LABEL = 'berth.test=image-updates';
const COMPOSE_PROJECT = `berthupdates${process.pid}`;
const docker = (args: string[]) => dockerCli(dockerHost, args);

let dir: string;
let engine: EngineConnection;
let updates: ImageUpdates;
const refs: string[] = [];
const volumes: string[] = [];

/** Builds an image whose /version holds `version` and pushes it under `ref`. */
async function pushVersion(ref: string, version: string): Promise<void> {
  const context = path.join(dir, `ctx-${version}-${Math.random().toString(36).slice(2)}`);
  await mkdir(context, { recursive: true });
  await writeFile(path.join(context, 'Dockerfile'), `FROM ${image}\nRUN echo ${version} > /version\n`);
  await docker(['build', '-q', '-t', ref, context]);
  await docker(['push', ref]);
  refs.push(ref);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-updates-'));
  engine = new EngineConnection(dockerHost);
  const registries = createRegistryService(path.join(dir, 'data'));
  const images = new ImageService(engine, (host) => registries.credentialsFor(host));
  updates = new ImageUpdates(
    engine,
    (host, repository, tag, signal) => registries.currentDigest(host, repository, tag, signal),
    (reference, emit, signal) => images.pull(reference, emit, signal),
    path.join(dir, 'data'),
  );
});

afterAll(async () => {
  updates.dispose();
  const composeIds = await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${COMPOSE_PROJECT}`]);
  if (composeIds) await docker(['rm', '-fv', ...composeIds.split('\n')]);
  await docker(['network', 'rm', `${COMPOSE_PROJECT}_default`]).catch(() => undefined);
  const ids = await docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await docker(['rm', '-fv', ...ids.split('\n')]);
  for (const volume of volumes) await docker(['volume', 'rm', volume]).catch(() => undefined);
  for (const ref of refs) await docker(['rmi', '-f', ref]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
  engine.stop();
});

describe('decideStatus', () => {
  it('never calls a pinned digest or an image id updatable, and a registry error is not "up to date"', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(decideStatus({ reference: `127.0.0.1:5000/app@${digest}`, repoDigests: [`127.0.0.1:5000/app@${digest}`] }).status).toBe('pinned');
    expect(decideStatus({ reference: 'sha256:' + 'b'.repeat(64), repoDigests: [] }).status).toBe('local');
    expect(decideStatus({ reference: 'app:1', repoDigests: [] }).status).toBe('local');
    expect(decideStatus({ reference: 'nginx', repoDigests: [`nginx@${digest}`], remote: { error: 'Cannot reach registry-1.docker.io' } })).toMatchObject({ status: 'error', message: /^Could not check/ });
    expect(decideStatus({ reference: 'nginx', repoDigests: [`nginx@${digest}`], remote: { digest } }).status).toBe('up-to-date');
    expect(decideStatus({ reference: 'nginx:latest', repoDigests: [`nginx@${digest}`], remote: { digest: `sha256:${'c'.repeat(64)}` } }).status).toBe('update-available');
  });
});

describe('ImageUpdates against the loopback registry', () => {
  it('finds v2 pushed under the same tag, updates the container to it and keeps its settings and data', async () => {
    const ref = `${registry}/${uniqueName('upd')}:stable`;
    await pushVersion(ref, 'v1');
    const volume = uniqueName('updvol');
    volumes.push(volume);
    const port = await freePort();
    const name = uniqueName('updc');
    await docker(['run', '-d', '--label', LABEL, '--name', name, '-e', 'MODE=prod', '-p', `127.0.0.1:${port}:80`, '-v', `${volume}:/data`, '--restart', 'always', ref, 'httpd', '-f', '-p', '80']);
    await docker(['exec', name, 'sh', '-c', 'echo kept > /data/file']);
    // A digest-pinned container of the same image.
    const digest = (await docker(['inspect', '-f', '{{index .RepoDigests 0}}', ref])).split('@')[1]!;
    const pinnedRef = `${ref.slice(0, ref.lastIndexOf(':'))}@${digest}`;
    await docker(['run', '-d', '--label', LABEL, '--name', uniqueName('pinned'), pinnedRef, 'sleep', '3600']);

    const first = await updates.check();
    expect(first.images.find((i) => i.reference === ref)).toMatchObject({ status: 'up-to-date' });
    expect(first.images.find((i) => i.reference === pinnedRef)).toMatchObject({ status: 'pinned' });

    // v2 under the same tag: a check says so (the local tag still points at v1).
    const v1Id = await docker(['inspect', '-f', '{{.Id}}', ref]);
    await pushVersion(`${ref}-build`, 'v2');
    await docker(['tag', `${ref}-build`, ref]);
    await docker(['push', ref]);
    await docker(['tag', v1Id, ref]);
    const second = await updates.check();
    const entry = second.images.find((i) => i.reference === ref)!;
    expect(entry.status).toBe('update-available');
    expect(entry.remoteDigest).not.toBe(entry.localDigest);
    expect(entry.containers.map((c) => c.name)).toEqual([name]);
    expect(entry.localCreated).toBeGreaterThan(0);
    expect(second.images.find((i) => i.reference === pinnedRef)!.status).toBe('pinned');

    const events: UpdateEvent[] = [];
    await updates.apply(ref, undefined, (event) => events.push(event), new AbortController().signal);
    expect(events.some((e) => e.kind === 'pull')).toBe(true);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ kind: 'done', updated: [{ name }], skipped: [] });
    expect(await docker(['exec', name, 'cat', '/version', '/data/file'])).toBe('v2\nkept');
    const after = JSON.parse(await docker(['inspect', name]))[0];
    expect(after.Config.Image).toBe(ref);
    expect(after.Config.Env).toContain('MODE=prod');
    expect(after.HostConfig.RestartPolicy.Name).toBe('always');
    expect(after.HostConfig.PortBindings['80/tcp'][0].HostPort).toBe(String(port));
    expect(updates.status().images.find((i) => i.reference === ref)!.status).toBe('up-to-date');
    // The pinned one was not touched.
    expect(updates.status().images.find((i) => i.reference === pinnedRef)!.status).toBe('pinned');
  });

  it('says "could not check" when the registry is down, not "up to date"', async () => {
    const own = await startRegistry();
    const ref = `${own.address}/${uniqueName('down')}:1`;
    try {
      await pushVersion(ref, 'one');
      await docker(['run', '-d', '--label', LABEL, '--name', uniqueName('downc'), ref, 'sleep', '3600']);
    } finally {
      await own.stop();
    }
    const state = await updates.check();
    expect(state.images.find((i) => i.reference === ref)).toMatchObject({ status: 'error', message: expect.stringMatching(/^Could not check: Cannot reach/) });
  });

  it('leaves a Compose-managed container to Compose, whose "pull and up" then moves it to the new image', async () => {
    const ref = `${registry}/${uniqueName('updcompose')}:stable`;
    await pushVersion(ref, 'c1');
    const projectDir = path.join(dir, COMPOSE_PROJECT);
    await mkdir(projectDir, { recursive: true });
    await writeFile(
      path.join(projectDir, 'compose.yaml'),
      `services:\n  app:\n    image: ${ref}\n    labels: [${LABEL}]\n    command: ["sleep", "3600"]\n    stop_grace_period: 1s\n`,
    );
    const compose = new ComposeService({ engine, dataDir: path.join(dir, 'compose-data'), proxyUrl: () => undefined });
    await compose.open({ path: projectDir, extraFiles: [], profiles: [] });
    const signal = new AbortController().signal;
    await compose.run(COMPOSE_PROJECT, { kind: 'up', build: false, removeOrphans: false }, () => undefined, signal);
    const containerName = await docker(['ps', '--filter', `label=com.docker.compose.project=${COMPOSE_PROJECT}`, '--format', '{{.Names}}']);
    const before = await docker(['inspect', '-f', '{{.Id}}', containerName]);

    await pushVersion(`${ref}-build`, 'c2');
    await docker(['tag', `${ref}-build`, ref]);
    await docker(['push', ref]);
    await docker(['rmi', `${ref}-build`]);

    const events: UpdateEvent[] = [];
    await updates.apply(ref, undefined, (event) => events.push(event), signal);
    const done = events.at(-1)!;
    expect(done).toMatchObject({
      kind: 'done',
      updated: [],
      skipped: [{ name: containerName, compose: { project: COMPOSE_PROJECT, service: 'app' }, reason: expect.stringMatching(/Compose project .* "Pull and up" on the Compose page/) }],
    });
    // Not recreated behind Compose's back.
    expect(await docker(['inspect', '-f', '{{.Id}}', containerName])).toBe(before);

    const output: string[] = [];
    await compose.run(COMPOSE_PROJECT, { kind: 'pullUp' }, (event) => event.kind === 'command' && output.push(event.commandLine), signal);
    expect(output).toHaveLength(2);
    expect(output[0]).toMatch(/ pull$/);
    expect(output[1]).toMatch(/ up -d$/);
    const now = await docker(['ps', '--filter', `label=com.docker.compose.project=${COMPOSE_PROJECT}`, '--format', '{{.Names}}']);
    expect(await docker(['inspect', '-f', '{{.Id}}', now])).not.toBe(before);
    expect(await docker(['exec', now, 'cat', '/version'])).toBe('c2');
  });
});
