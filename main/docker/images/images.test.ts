import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BuildEvent, TransferEvent } from '../../../common/contract/images';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { startRegistry, type Registry } from '../../../testing/test-engine';
import { EngineConnection } from '../../engine/connection';
import { ImageService } from './images';

const run = promisify(execFile);
const { dockerHost, registry, image } = inject('testEngine');
const label = `berth.test=${uniqueName('images')}`;

async function collect<E>(work: (emit: (event: E) => void, signal: AbortSignal) => Promise<void>): Promise<E[]> {
  const events: E[] = [];
  await work((event) => events.push(event), new AbortController().signal);
  return events;
}

describe('ImageService against the test engine', () => {
  const engine = new EngineConnection(dockerHost);
  const service = new ImageService(engine);
  const created: string[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-images-'));
  });

  afterAll(async () => {
    await dockerCli(dockerHost, ['rm', '-f', ...(await dockerCli(dockerHost, ['ps', '-aq', '--filter', `label=${label}`])).split('\n').filter(Boolean)]).catch(() => undefined);
    for (const ref of created) await dockerCli(dockerHost, ['rmi', '-f', ref]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('pushes a newly tagged image with per-layer progress, deletes it locally and pulls it back', async () => {
    const ref = `${registry}/${uniqueName('push')}:v1`;
    created.push(ref);
    await service.tag(image, ref.slice(0, ref.lastIndexOf(':')), 'v1');
    const pushEvents = await collect<TransferEvent>((emit, signal) => service.push(ref, emit, signal));
    const pushed = pushEvents.at(-1)!;
    expect(pushed).toMatchObject({ kind: 'done', overall: 1 });
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pushed.layers.length).toBeGreaterThan(0);

    await service.remove(ref, false);
    expect((await service.list()).some((entry) => entry.tags.includes(ref))).toBe(false);

    const pullEvents = await collect<TransferEvent>((emit, signal) => service.pull(ref, emit, signal));
    const done = pullEvents.at(-1)!;
    expect(done.kind).toBe('done');
    expect(done.status).toMatch(/Downloaded newer image|Image is up to date/);
    expect(done.layers.every((layer) => layer.fraction === 1)).toBe(true);
    expect((await service.list()).some((entry) => entry.tags.includes(ref))).toBe(true);
  });

  it('cancels a pull when its signal aborts, closing the engine stream', async () => {
    const context = path.join(dir, 'big');
    await mkdir(context, { recursive: true });
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${image}\nRUN dd if=/dev/urandom of=/blob bs=1M count=20 2>/dev/null\n`);
    const ref = `${registry}/${uniqueName('cancel')}:1`;
    created.push(ref);
    await dockerCli(dockerHost, ['build', '-q', '--no-cache', '-t', ref, context]);
    await dockerCli(dockerHost, ['push', ref]);
    await dockerCli(dockerHost, ['rmi', ref]);
    const controller = new AbortController();
    const events: TransferEvent[] = [];
    const pulling = service.pull(
      ref,
      (event) => {
        events.push(event);
        controller.abort();
      },
      controller.signal,
    );
    await expect(pulling).rejects.toThrow('Cancelled.');
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((event) => event.kind === 'done')).toBe(false);
  });

  it('reports an error that arrives inside the pull stream (manifest unknown) as not-found', async () => {
    await expect(collect<TransferEvent>((emit, signal) => service.pull(`${registry}/${uniqueName('nothing')}:nope`, emit, signal))).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('refuses a bad reference before talking to the engine', async () => {
    await expect(collect<TransferEvent>((emit, signal) => service.pull('Bad Name!', emit, signal))).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('pulls from a registry that requires htpasswd auth only with the saved credentials', async () => {
    const htpasswd = path.join(dir, 'htpasswd');
    await writeFile(htpasswd, (await run('htpasswd', ['-Bbn', 'puller', 'pw-123'])).stdout);
    const secured: Registry = await startRegistry({ htpasswdFile: htpasswd });
    try {
      const ref = `${secured.address}/${uniqueName('private')}:1`;
      created.push(ref);
      const withAuth = new ImageService(engine, async (host) => (host === secured.address ? { username: 'puller', password: 'pw-123' } : undefined));
      await withAuth.tag(image, ref.slice(0, ref.lastIndexOf(':')), '1');
      await collect<TransferEvent>((emit, signal) => withAuth.push(ref, emit, signal));
      await withAuth.remove(ref, false);
      await expect(collect<TransferEvent>((emit, signal) => service.pull(ref, emit, signal))).rejects.toMatchObject({ code: 'forbidden' });
      const events = await collect<TransferEvent>((emit, signal) => withAuth.pull(ref, emit, signal));
      expect(events.at(-1)!.kind).toBe('done');
    } finally {
      await secured.stop();
    }
  });

  it('removes one tag, or the whole image with several tags without force when no container uses it', async () => {
    const first = `berth-test/multi-${uniqueName('a')}:1`;
    const second = `berth-test/multi-${uniqueName('b')}:1`;
    created.push(first, second);
    const context = path.join(dir, 'multi');
    await mkdir(context, { recursive: true });
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${image}\nRUN echo multi > /m\n`);
    await dockerCli(dockerHost, ['build', '-q', '--no-cache', '-t', first, '-t', second, context]);
    const untagged = await service.remove(second, false);
    expect(untagged).toMatchObject({ untagged: [second], deleted: [] });
    await dockerCli(dockerHost, ['tag', first, second]);
    const id = (await service.list()).find((entry) => entry.tags.includes(first))!.id;
    const removed = await service.remove(id, false);
    expect(removed.untagged.sort()).toEqual([first, second].sort());
    expect(removed.deleted).toContain(id);
  });

  it('refuses to remove an image a container uses unless forced, naming the container', async () => {
    const ref = `berth-test/in-use-${uniqueName('x')}:1`;
    created.push(ref);
    // An image of its own: other tests' containers use the shared test image at the same time.
    const context = path.join(dir, 'in-use');
    await mkdir(context, { recursive: true });
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${image}\nLABEL berth.test.unique="${ref}"\n`);
    await dockerCli(dockerHost, ['build', '-q', '-t', ref, context]);
    const name = uniqueName('user');
    await dockerCli(dockerHost, ['create', '--label', label, '--name', name, ref]);
    const summary = (await service.list()).find((entry) => entry.tags.includes(ref))!;
    expect(summary.containers).toBeGreaterThanOrEqual(1);
    await expect(service.remove(ref, false)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`used by container ${name}`) });
    expect((await service.list()).some((entry) => entry.tags.includes(ref))).toBe(true);
    const preview = await service.prunePreview('unused');
    expect(preview.images.some((candidate) => candidate.id === summary.id)).toBe(false);
  });

  it('builds a folder honouring .dockerignore and streams the output', async () => {
    const context = path.join(dir, 'ctx');
    await mkdir(path.join(context, 'secret'), { recursive: true });
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${image}\nCOPY . /ctx/\nRUN ls -A /ctx > /listing\n`);
    await writeFile(path.join(context, 'hello.txt'), 'hello\n');
    await writeFile(path.join(context, 'secret', 'key.pem'), 'do not send');
    await writeFile(path.join(context, '.dockerignore'), 'secret\n*.log\n');
    await writeFile(path.join(context, 'debug.log'), 'noise');
    const tag = `berth-test/built-${uniqueName('b')}:1`;
    created.push(tag);
    const events = await collect<BuildEvent>((emit, signal) => service.build({ contextPath: context, tag, buildArgs: {}, noCache: true }, emit, signal));
    expect(events[0]).toMatchObject({ kind: 'context', files: 3 });
    expect(events.some((event) => event.kind === 'step')).toBe(true);
    expect(events.at(-1)).toMatchObject({ kind: 'done', tags: [tag] });
    const listing = await dockerCli(dockerHost, ['run', '--rm', '--label', label, tag, 'cat', '/listing']);
    expect(listing.split('\n').sort()).toEqual(['.dockerignore', 'Dockerfile', 'hello.txt']);
  });

  it('fails a build clearly when a step fails', async () => {
    await expect(
      collect<BuildEvent>((emit, signal) => service.build({ dockerfileContent: `FROM ${image}\nRUN exit 3\n`, buildArgs: {}, noCache: true }, emit, signal)),
    ).rejects.toThrow(/The build failed: .*returned a non-zero code: 3/);
  });

  it('leaves no exited intermediate container behind a failed build, as docker build (--force-rm) does', async () => {
    const marker = uniqueName('failed-step');
    await expect(
      collect<BuildEvent>((emit, signal) => service.build({ dockerfileContent: `FROM ${image}\nRUN echo ${marker} && exit 3\n`, buildArgs: {}, noCache: true }, emit, signal)),
    ).rejects.toThrow(/non-zero code: 3/);
    const commands = await dockerCli(dockerHost, ['ps', '-a', '--no-trunc', '--format', '{{.Command}}']);
    expect(commands).not.toContain(marker);
  });

  it('saves an image to a .tar and loads it back', async () => {
    const ref = `berth-test/saved-${uniqueName('s')}:1`;
    created.push(ref);
    await dockerCli(dockerHost, ['tag', image, ref]);
    const file = path.join(dir, 'saved.tar');
    const saved = await collect((emit, signal) => service.save([ref], file, emit, signal));
    expect(saved.at(-1)).toMatchObject({ kind: 'done', path: file });
    expect((await stat(file)).size).toBeGreaterThan(100_000);
    await expect(collect((emit, signal) => service.save([ref], file, emit, signal))).rejects.toMatchObject({ code: 'conflict' });
    await dockerCli(dockerHost, ['rmi', ref]);
    const loaded = await collect((emit, signal) => service.load(file, emit, signal));
    expect(loaded.at(-1)).toMatchObject({ kind: 'done', loaded: [ref] });
  });
});
