import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { ApiError } from '../../../common/errors';
import { toApiError } from '../../api/errors';
import type { VolumeDownloadEvent, VolumeEntry, VolumeEntryKind, VolumeListing } from '../../../common/contract/volumes';
import { EngineService } from '../engine-service';
import { createVolumeHelper, helperPath, removeVolumeHelper, withVolumeHelper } from './volume-helper';

/** Download chunks: big enough to keep message overhead low, small enough to keep the UI's progress smooth. */
const CHUNK_BYTES = 256 * 1024;

function entryKind(type: tar.Header['type']): VolumeEntryKind {
  if (type === 'file' || type === 'contiguous-file') return 'file';
  if (type === 'directory') return 'directory';
  if (type === 'symlink') return 'symlink';
  return 'other';
}

export function normalizeVolumePath(path: string): string {
  return `/${path.split('/').filter((part) => part && part !== '.').join('/')}`;
}

/** Archive entry names relative to the archived folder, without a leading "./" or trailing "/". */
function relativeParts(name: string): string[] {
  return name.split('/').filter((part) => part && part !== '.');
}

async function archiveOf(helper: Docker.Container, path: string, volumePath: string): Promise<Readable> {
  try {
    return (await helper.getArchive({ path })) as Readable;
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 404) throw new ApiError('not-found', `Nothing at ${volumePath} in this volume.`);
    if (/not a directory/i.test(toApiError(err).message)) throw new ApiError('invalid-input', `${volumePath} is a file, not a folder.`);
    throw err;
  }
}

/**
 * Reads an archive of a folder and returns its direct children, each directory with the total size below it.
 * The whole subtree streams past (the archive API has no "list one level"), but only headers are kept.
 */
export async function listArchive(archive: Readable): Promise<VolumeEntry[]> {
  const extract = tar.extract();
  const entries = new Map<string, VolumeEntry>();
  extract.on('entry', (header, body, next) => {
    const parts = relativeParts(header.name);
    if (parts.length === 1) {
      const existing = entries.get(parts[0]!);
      entries.set(parts[0]!, {
        name: parts[0]!,
        kind: entryKind(header.type),
        sizeBytes: (existing?.sizeBytes ?? 0) + (header.type === 'directory' ? 0 : (header.size ?? 0)),
        modified: header.mtime?.getTime() ?? 0,
        mode: header.mode ?? 0,
        ...(header.linkname ? { linkTarget: header.linkname } : {}),
      });
    } else if (parts.length > 1) {
      const top = entries.get(parts[0]!);
      if (top) top.sizeBytes += header.size ?? 0;
    }
    body.on('end', next);
    body.resume();
  });
  await pipeline(archive, extract);
  return [...entries.values()].sort((a, b) => Number(b.kind === 'directory') - Number(a.kind === 'directory') || a.name.localeCompare(b.name));
}

function baseName(volumePath: string): string {
  return volumePath.split('/').filter(Boolean).pop() ?? '';
}

/** Re-chunks a byte stream into base64 `chunk` events of about CHUNK_BYTES. */
async function emitChunks(source: Readable, emit: (event: VolumeDownloadEvent) => void, signal: AbortSignal): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let sent = 0;
  const flush = () => {
    if (!pendingBytes) return;
    const data = Buffer.concat(pending);
    sent += data.length;
    pending = [];
    pendingBytes = 0;
    emit({ type: 'chunk', base64: data.toString('base64'), sentBytes: sent });
  };
  for await (const chunk of source) {
    if (signal.aborted) break;
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= CHUNK_BYTES) flush();
  }
  flush();
  return sent;
}

/** Streams the first entry of an archive (a single file's archive holds just that file). */
function firstFileOf(archive: Readable, volumePath: string): Promise<{ size: number; body: Readable }> {
  return new Promise((resolve, reject) => {
    const extract = tar.extract();
    let found = false;
    extract.on('entry', (header, body, next) => {
      if (found) {
        body.on('end', next);
        body.resume();
        return;
      }
      found = true;
      if (entryKind(header.type) !== 'file') {
        body.resume();
        reject(new ApiError('invalid-input', `${volumePath} is ${header.type === 'directory' ? 'a folder: download it as .tar.gz' : `a ${header.type}, not a regular file`}.`));
        extract.destroy();
        return;
      }
      const output = new PassThrough();
      body.pipe(output);
      body.on('end', next);
      resolve({ size: header.size ?? 0, body: output });
    });
    extract.on('finish', () => {
      if (!found) reject(new ApiError('not-found', `Nothing at ${volumePath} in this volume.`));
    });
    archive.on('error', reject);
    extract.on('error', reject);
    archive.pipe(extract);
  });
}

/** Go's os.ModeDir in the engine's path stat. */
const MODE_DIR = 2 ** 31;

export class VolumeFileService extends EngineService {
  /** The folder an upload goes to, checked to be one (UploadTarget). */
  async requireFolder(volume: string, directory: string): Promise<string> {
    const volumePath = normalizeVolumePath(directory);
    return withVolumeHelper(this.docker, volume, 'read', async (helper) => {
      const response = (await helper.infoArchive({ path: helperPath(volumePath) }).catch((err: { statusCode?: number }) => {
        if (err?.statusCode === 404) throw new ApiError('not-found', `Nothing at ${volumePath} in this volume.`);
        throw err;
      })) as { headers?: Record<string, string> };
      const header = response.headers?.['x-docker-container-path-stat'];
      const stat = header ? (JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { mode: number }) : undefined;
      if (!stat || !(stat.mode & MODE_DIR)) throw new ApiError('invalid-input', `${volumePath} is not a folder.`);
      return volumePath;
    });
  }

  /** Writes one file into a folder of the volume, through a write helper's archive API (UploadTarget). */
  async upload(volume: string, folder: string, fileName: string, content: Readable, sizeBytes: number): Promise<void> {
    await withVolumeHelper(this.docker, volume, 'write', async (helper) => {
      const archive = tar.pack();
      const entry = archive.entry({ name: fileName, size: sizeBytes, mode: 0o644, mtime: new Date() }, (err) => {
        if (err) archive.destroy(err);
        else archive.finalize();
      });
      content.on('error', (err) => archive.destroy(err));
      content.pipe(entry);
      await helper.putArchive(archive as unknown as NodeJS.ReadableStream, { path: helperPath(folder) });
    });
  }

  browse(volume: string, path: string): Promise<VolumeListing> {
    const volumePath = normalizeVolumePath(path);
    return withVolumeHelper(this.docker, volume, 'read', async (helper) => {
      const archive = await archiveOf(helper, `${helperPath(volumePath)}/.`, volumePath);
      return { volume, path: volumePath, entries: await listArchive(archive) };
    });
  }

  /**
   * Streams a file's bytes, or a folder as .tar.gz (the volume root exports the whole volume), as chunk events.
   * Resolves with a disposer that stops the transfer and removes the helper.
   */
  async download(
    volume: string,
    path: string,
    format: 'file' | 'tar.gz',
    emit: (event: VolumeDownloadEvent) => void,
    context: { signal: AbortSignal; end(error?: unknown): void },
  ): Promise<() => Promise<void>> {
    const volumePath = normalizeVolumePath(path);
    const helper = await createVolumeHelper(this.docker, volume, 'read');
    let archive: Readable | undefined;
    let body: Readable | undefined;
    const dispose = async () => {
      // Both ends go: a destroyed source alone would leave the chunk loop waiting on a body that never ends.
      archive?.destroy();
      body?.destroy();
      await removeVolumeHelper(helper);
    };
    try {
      const isRoot = volumePath === '/';
      // A folder's own name leads its entries; the root is archived by content so an import restores it as-is.
      archive = await archiveOf(helper, isRoot ? `${helperPath('/')}/.` : helperPath(volumePath), volumePath);
      if (format === 'file') {
        const file = await firstFileOf(archive, volumePath);
        emit({ type: 'start', fileName: baseName(volumePath), contentType: 'application/octet-stream', totalBytes: file.size });
        body = file.body;
      } else {
        const gzip = createGzip();
        archive.on('error', (err) => gzip.destroy(err));
        archive.pipe(gzip);
        const fileName = isRoot ? `${volume}.tar.gz` : `${volume}-${baseName(volumePath)}.tar.gz`;
        emit({ type: 'start', fileName, contentType: 'application/gzip' });
        body = gzip;
      }
      void emitChunks(body, emit, context.signal).then(
        (sentBytes) => {
          if (!context.signal.aborted) emit({ type: 'done', sentBytes });
          context.end();
        },
        (err: unknown) => context.end(err),
      );
      return dispose;
    } catch (err) {
      await dispose();
      throw err;
    }
  }
}
