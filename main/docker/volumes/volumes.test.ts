import { gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { VolumeDownloadEvent } from '../../../common/contract/volumes';
import { ApiError } from '../../../common/errors';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { toApiError } from '../../api/errors';
import { EngineConnection } from '../../engine/connection';
import { VolumeFileService } from './volume-files';
import { UploadSessions } from '../containers/container-uploads';
import { createVolumeHelper, NO_HELPER_IMAGE_MESSAGE, pickHelperImage, removeStaleHelpers, removeVolumeHelper } from './volume-helper';
import { VolumeImportService } from './volume-import';
import { VolumeService } from './volumes';

const { dockerHost, image } = inject('testEngine');
const LABEL = 'berth.test=volumes';
const docker = (args: string[]) => dockerCli(dockerHost, args);

let engine: EngineConnection;
let volumes: VolumeService;
let files: VolumeFileService;
let imports: VolumeImportService;

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  // Services throw engine errors as they come; the router maps them with toApiError, so the tests do too.
  const error = await promise.then(() => undefined, (err: unknown) => toApiError(err));
  expect(error).toBeInstanceOf(ApiError);
  return error!;
}

/** Runs a download to its end and returns the bytes and the events' file name. */
async function download(volume: string, path: string, format: 'file' | 'tar.gz'): Promise<{ fileName: string; data: Buffer }> {
  const chunks: Buffer[] = [];
  let fileName = '';
  const controller = new AbortController();
  let dispose: (() => Promise<void>) | undefined;
  await new Promise<void>((resolve, reject) => {
    const emit = (event: VolumeDownloadEvent) => {
      if (event.type === 'start') fileName = event.fileName;
      if (event.type === 'chunk') chunks.push(Buffer.from(event.base64, 'base64'));
    };
    files
      .download(volume, path, format, emit, { signal: controller.signal, end: (error) => (error ? reject(error) : resolve()) })
      .then((disposer) => (dispose = disposer), reject);
  });
  await dispose?.();
  return { fileName, data: Buffer.concat(chunks) };
}

async function tarEntries(archive: Buffer): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const extract = tar.extract();
  extract.on('entry', (header, body, next) => {
    const parts: Buffer[] = [];
    body.on('data', (part: unknown) => parts.push(part as Buffer));
    body.on('end', () => {
      entries.set(header.name, header.type === 'file' ? Buffer.concat(parts).toString() : header.type);
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  Readable.from([archive]).pipe(extract);
  await done;
  return entries;
}

async function importArchive(volume: string, create: boolean, archive: Buffer): Promise<number> {
  const { importId } = await imports.begin(volume, create, archive.length);
  for (let offset = 0; offset < archive.length; offset += 1000) {
    await imports.chunk(importId, archive.subarray(offset, offset + 1000).toString('base64'));
  }
  return (await imports.finish(importId)).receivedBytes;
}

const created = { volumes: new Set<string>(), containers: new Set<string>() };

async function makeVolume(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await docker(['volume', 'create', '--label', LABEL, name]);
  created.volumes.add(name);
  return name;
}

async function runWithVolume(volume: string, script: string): Promise<string> {
  const name = uniqueName('vol-writer');
  created.containers.add(name);
  await docker(['run', '--name', name, '--label', LABEL, '-v', `${volume}:/data`, image, 'sh', '-c', script]);
  return name;
}

beforeAll(() => {
  engine = new EngineConnection(dockerHost);
  volumes = new VolumeService(engine);
  files = new VolumeFileService(engine);
  imports = new VolumeImportService(engine);
});

afterAll(async () => {
  await imports.cancelAll();
  if (created.containers.size) await docker(['rm', '-f', ...created.containers]).catch(() => undefined);
  for (const volume of created.volumes) await docker(['volume', 'rm', '-f', volume]).catch(() => undefined);
  const leftovers = await docker(['ps', '-aq', '--filter', 'label=berth.helper=volume']);
  expect(leftovers, 'helper containers are always removed').toBe('');
  engine.stop();
});

describe('VolumeService', () => {
  it('creates a volume with driver options and labels, and refuses a duplicate name', async () => {
    const name = uniqueName('vol-create');
    created.volumes.add(name);
    const volume = await volumes.create({ name, driver: 'local', driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' }, labels: { 'berth.test': 'volumes', team: 'a' } });
    expect(volume).toMatchObject({ name, driver: 'local', labels: { team: 'a' }, usedBy: [] });
    const inspected = (await volumes.inspect(name)) as { Options: Record<string, string> };
    expect(inspected.Options).toMatchObject({ type: 'tmpfs', o: 'size=1m' });
    const error = await rejection(volumes.create({ name, driver: 'local', driverOpts: {}, labels: {} }));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(name);
  });

  it('lists the containers using a volume and refuses to remove it, naming them', async () => {
    const volume = await makeVolume('vol-used');
    const container = await runWithVolume(volume, 'true');
    const listed = (await volumes.list()).find((entry) => entry.name === volume);
    expect(listed?.usedBy.map((user) => user.name)).toEqual([container]);

    const error = await rejection(volumes.remove(volume, false));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(container);
    expect(await docker(['volume', 'ls', '-q', '--filter', `name=${volume}`])).toBe(volume);

    expect(await volumes.remove(volume, true)).toEqual({ removedContainers: [container] });
    expect(await docker(['volume', 'ls', '-q', '--filter', `name=${volume}`])).toBe('');
    expect(await docker(['ps', '-aq', '--filter', `name=${container}`])).toBe('');
  });

  it("removes a volume Berth's own helper is still reading (a file listing in flight), without asking, and no other volume's helper", async () => {
    const volume = await makeVolume('vol-browsed');
    const other = await makeVolume('vol-other');
    const helper = await createVolumeHelper(engine.docker, volume, 'read');
    const otherHelper = await createVolumeHelper(engine.docker, other, 'read');
    try {
      expect(await volumes.remove(volume, false)).toEqual({ removedContainers: [] });
      expect(await docker(['volume', 'ls', '-q', '--filter', `name=^${volume}$`])).toBe('');
      await expect(helper.inspect()).rejects.toMatchObject({ statusCode: 404 });
      expect((await otherHelper.inspect()).Id).toBe(otherHelper.id);
    } finally {
      await removeVolumeHelper(helper);
      await removeVolumeHelper(otherHelper);
    }
  });

  it('reports a missing volume as not found', async () => {
    expect((await rejection(volumes.remove('berth-no-such-volume', false))).code).toBe('not-found');
  });

  it('reports sizes from system df', async () => {
    const volume = await makeVolume('vol-size');
    await runWithVolume(volume, 'dd if=/dev/zero of=/data/blob bs=1024 count=64 2>/dev/null');
    const usage = (await volumes.usage()).find((entry) => entry.name === volume);
    expect(usage?.sizeBytes).toBeGreaterThanOrEqual(64 * 1024);
  });
});

describe('VolumeFileService', () => {
  let volume: string;

  beforeAll(async () => {
    volume = await makeVolume('vol-files');
    await runWithVolume(volume, 'mkdir -p /data/sub/deeper && echo hello > /data/a.txt && printf 12345 > /data/sub/b.txt && printf xyz > /data/sub/deeper/c.txt && ln -s a.txt /data/link');
  });

  it('lists a folder with kinds, sizes (folders summed) and link targets', async () => {
    const listing = await files.browse(volume, '/');
    expect(listing.path).toBe('/');
    expect(listing.entries.map((entry) => [entry.name, entry.kind, entry.sizeBytes])).toEqual([
      ['sub', 'directory', 8],
      ['a.txt', 'file', 6],
      ['link', 'symlink', 0],
    ]);
    expect(listing.entries.find((entry) => entry.name === 'link')?.linkTarget).toBe('a.txt');
    const sub = await files.browse(volume, '/sub/');
    expect(sub.path).toBe('/sub');
    expect(sub.entries.map((entry) => entry.name)).toEqual(['deeper', 'b.txt']);
  });

  it('refuses to list a file or a missing path, and a missing volume', async () => {
    expect((await rejection(files.browse(volume, '/a.txt'))).code).toBe('invalid-input');
    expect((await rejection(files.browse(volume, '/nothing-here'))).code).toBe('not-found');
    expect((await rejection(files.browse('berth-no-such-volume', '/'))).code).toBe('not-found');
  });

  it('uploads a file into a folder of the volume in chunks, as into a container, and refuses a file as the folder', async () => {
    const uploads = new UploadSessions(files);
    const content = Buffer.from('uploaded into a volume\n'.repeat(500));
    const uploadId = await uploads.begin(volume, '/sub', 'up.txt', content.length);
    for (let at = 0; at < content.length; at += 4000) await uploads.append(uploadId, content.subarray(at, at + 4000));
    await uploads.finish(uploadId);
    expect(uploads.active).toBe(0);
    const sub = await files.browse(volume, '/sub');
    expect(sub.entries.find((entry) => entry.name === 'up.txt')).toMatchObject({ kind: 'file', sizeBytes: content.length });
    expect((await rejection(uploads.begin(volume, '/a.txt', 'x.txt', 1))).message).toBe('/a.txt is not a folder.');
    expect((await rejection(uploads.begin(volume, '/nothing-here', 'x.txt', 1))).code).toBe('not-found');
  });

  it('downloads one file as its bytes and a folder as .tar.gz', async () => {
    const file = await download(volume, '/sub/b.txt', 'file');
    expect(file).toEqual({ fileName: 'b.txt', data: Buffer.from('12345') });
    const folder = await download(volume, '/sub', 'tar.gz');
    expect(folder.fileName).toBe(`${volume}-sub.tar.gz`);
    const entries = await tarEntries(gunzipSync(folder.data));
    expect(entries.get('sub/b.txt')).toBe('12345');
    expect(entries.get('sub/deeper/c.txt')).toBe('xyz');
    expect((await rejection(download(volume, '/sub', 'file'))).message).toMatch(/folder/);
  });

  it('exports a volume and imports it into a new volume with the same contents', async () => {
    const exported = await download(volume, '/', 'tar.gz');
    expect(exported.fileName).toBe(`${volume}.tar.gz`);
    const copy = uniqueName('vol-copy');
    created.volumes.add(copy);
    expect(await importArchive(copy, true, exported.data)).toBe(exported.data.length);
    const original = await tarEntries(gunzipSync(exported.data));
    const reExported = await tarEntries(gunzipSync((await download(copy, '/', 'tar.gz')).data));
    expect(reExported).toEqual(original);
    expect(reExported.get('./a.txt')).toBe('hello\n');
  });

  it('imports only into a new or empty volume, and only a tar', async () => {
    const archive = (await download(volume, '/', 'tar.gz')).data;
    expect((await rejection(imports.begin(volume, false, archive.length))).message).toMatch(/not empty/);
    expect((await rejection(imports.begin(volume, true, archive.length))).code).toBe('conflict');

    const empty = await makeVolume('vol-empty');
    await importArchive(empty, false, archive);
    expect((await files.browse(empty, '/')).entries.map((entry) => entry.name)).toEqual(['sub', 'a.txt', 'link']);

    const target = uniqueName('vol-garbage');
    created.volumes.add(target);
    const error = await rejection(importArchive(target, true, Buffer.alloc(20_000, 'not a tar archive ')));
    expect(error.code).toBe('invalid-input');
    expect(await docker(['volume', 'ls', '-q', '--filter', `name=${target}`]), 'a half-imported new volume is removed').toBe('');
  });

  it('keeps nothing from an upload that breaks off', async () => {
    const archive = (await download(volume, '/', 'tar.gz')).data;
    const target = uniqueName('vol-partial');
    created.volumes.add(target);
    const { importId } = await imports.begin(target, true, archive.length);
    await imports.chunk(importId, archive.subarray(0, 100).toString('base64'));
    expect((await rejection(imports.finish(importId))).message).toMatch(/incomplete/);
    expect(await docker(['volume', 'ls', '-q', '--filter', `name=${target}`])).toBe('');
    expect((await rejection(imports.chunk(importId, 'AAAA'))).code).toBe('not-found');
  });

  it('says how to get a helper image when the engine has none', async () => {
    const noImages = { listImages: async () => [] } as unknown as Docker;
    await expect(pickHelperImage(noImages)).rejects.toThrow(NO_HELPER_IMAGE_MESSAGE);
  });
});

describe('helper containers', () => {
  it('removes helpers a crashed Berth left behind, and only old ones', async () => {
    const volume = await makeVolume('vol-stale');
    const helper = await createVolumeHelper(engine.docker, volume, 'read');
    try {
      await removeStaleHelpers(engine.docker);
      expect((await helper.inspect()).Id, 'a fresh helper is in use and stays').toBe(helper.id);
      const sevenHoursLater = Date.parse((await helper.inspect()).Created) / 1000 + 7 * 3600;
      await removeStaleHelpers(engine.docker, sevenHoursLater);
      await expect(helper.inspect()).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await removeVolumeHelper(helper);
    }
  });
});
