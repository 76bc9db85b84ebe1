import path from 'node:path/posix';
import type { Readable } from 'node:stream';
import { extract, pack, type Header as TarHeaders } from 'tar-stream';
import { ApiError } from '../../../common/errors';
import type { DirectoryListing, DownloadEvent, FileEntry } from '../../../common/contract/containers';
import { EngineService } from '../engine-service';

/** Go's os.FileMode type bits, as the engine reports them in X-Docker-Container-Path-Stat. */
const MODE_DIR = 2 ** 31;
const MODE_SYMLINK = 2 ** 27;

interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

/** Reading a huge directory through the archive API costs its whole size; stop listing past this much. */
const LISTING_BYTE_BUDGET = 512 * 1024 * 1024;

function entryType(header: TarHeaders): FileEntry['type'] {
  if (header.type === 'directory') return 'directory';
  if (header.type === 'symlink') return 'symlink';
  if (header.type === 'file' || header.type === 'contiguous-file') return 'file';
  return 'other';
}

/** Where an archive entry sits relative to the listed directory: `root` for "/", else the directory's own name. */
export function relativeEntryPath(entryName: string, directory: string): string | undefined {
  const prefix = directory === '/' ? '/' : `${path.basename(directory)}/`;
  const name = directory === '/' && !entryName.startsWith('/') ? `/${entryName}` : entryName;
  if (!name.startsWith(prefix)) return undefined;
  return name.slice(prefix.length).replace(/\/+$/, '');
}

function normalize(containerPath: string): string {
  const normalized = path.normalize(containerPath);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : '/';
}

/** /proc and /sys: their files are made up while read, and the archive API cannot copy them. */
export function isKernelFilesystem(containerPath: string): boolean {
  return /^\/(proc|sys)(\/|$)/.test(containerPath);
}

export class ContainerFiles extends EngineService {
  private async stat(id: string, containerPath: string): Promise<PathStat> {
    if (isKernelFilesystem(containerPath)) {
      throw new ApiError(
        'invalid-input',
        `${containerPath} is in a filesystem the kernel makes up as it is read (${containerPath.split('/')[1] === 'sys' ? '/sys' : '/proc'}); the engine's file API cannot list or copy it. Open the Terminal tab to look at it (for example: ls ${containerPath}).`,
      );
    }
    // A HEAD request: the engine's 404 has no body to explain it, so it is said here.
    const response = (await this.docker
      .getContainer(id)
      .infoArchive({ path: containerPath })
      .catch((err: { statusCode?: number }) => {
        if (err?.statusCode === 404) throw new ApiError('not-found', `${containerPath} does not exist in the container.`);
        throw err;
      })) as { headers?: Record<string, string> };
    const header = response.headers?.['x-docker-container-path-stat'];
    if (!header) throw new ApiError('internal', 'The engine did not describe the path.');
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PathStat;
  }

  private async archive(id: string, containerPath: string): Promise<Readable> {
    return (await this.docker.getContainer(id).getArchive({ path: containerPath })) as unknown as Readable;
  }

  /** Lists one directory from the archive API; directory sizes are the sum of the files below them. */
  async list(id: string, requestedPath: string): Promise<DirectoryListing> {
    const directory = normalize(requestedPath);
    const stat = await this.stat(id, directory);
    if (!(stat.mode & MODE_DIR)) {
      const what = stat.mode & MODE_SYMLINK ? `a link to ${stat.linkTarget}` : 'a file';
      throw new ApiError('invalid-input', `${directory} is ${what}, not a folder.`);
    }
    const source = await this.archive(id, directory);
    const children = new Map<string, FileEntry>();
    let bytesRead = 0;
    let truncated = false;
    const parser = extract();
    await new Promise<void>((resolve, reject) => {
      parser.on('entry', (header, body, next) => {
        const relative = relativeEntryPath(header.name, directory);
        if (relative) {
          const [first, ...rest] = relative.split('/');
          const child = first!;
          if (rest.length === 0) {
            children.set(child, {
              name: child,
              type: entryType(header),
              sizeBytes: header.type === 'directory' ? (children.get(child)?.sizeBytes ?? 0) : (header.size ?? 0),
              mode: ((header.mode ?? 0) & 0o7777).toString(8).padStart(3, '0'),
              modified: header.mtime?.getTime() ?? 0,
              ...(header.linkname ? { linkTarget: header.linkname } : {}),
            });
          } else {
            const parent = children.get(child);
            if (parent) parent.sizeBytes += header.size ?? 0;
          }
        }
        body.on('end', next);
        body.resume();
      });
      parser.on('finish', resolve);
      parser.on('error', reject);
      source.on('data', (chunk: Buffer) => {
        bytesRead += chunk.length;
        if (bytesRead > LISTING_BYTE_BUDGET && !truncated) {
          truncated = true;
          source.destroy();
          resolve();
        }
      });
      source.on('error', (err) => (truncated ? resolve() : reject(err)));
      source.pipe(parser);
    });
    const entries = [...children.values()].sort(
      (a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name),
    );
    return { path: directory, entries, truncated };
  }

  /**
   * Streams a file as itself or a folder as a tar archive, in base64 chunks. Resolves with a closer for the
   * engine stream; `onDone` runs when the whole content was sent, `onError` when the engine stream broke.
   */
  async download(id: string, requestedPath: string, emit: (event: DownloadEvent) => void, onDone: () => void, onError: (err: unknown) => void): Promise<() => void> {
    const target = normalize(requestedPath);
    const stat = await this.stat(id, target);
    const isDirectory = Boolean(stat.mode & MODE_DIR);
    const baseName = target === '/' ? 'root' : path.basename(target);
    const source = await this.archive(id, target);
    let sent = 0;
    const send = (chunk: Buffer) => {
      sent += chunk.length;
      emit({ type: 'chunk', data: chunk.toString('base64') });
    };
    const finish = () => {
      emit({ type: 'done', sizeBytes: sent });
      onDone();
    };
    source.on('error', onError);

    if (isDirectory || stat.mode & MODE_SYMLINK) {
      emit({ type: 'start', fileName: `${baseName}.tar`, contentType: 'application/x-tar' });
      source.on('data', send);
      source.on('end', finish);
      return () => source.destroy();
    }

    emit({ type: 'start', fileName: baseName, contentType: 'application/octet-stream' });
    const parser = extract();
    parser.on('entry', (_header, body, next) => {
      body.on('data', (chunk: unknown) => send(chunk as Buffer));
      body.on('end', next);
    });
    parser.on('finish', finish);
    parser.on('error', onError);
    source.pipe(parser);
    return () => {
      source.destroy();
      parser.destroy();
    };
  }

  /** The folder, normalized, or a clear error when it is missing or not a folder. */
  async requireFolder(id: string, directory: string): Promise<string> {
    const folder = normalize(directory);
    const stat = await this.stat(id, folder).catch((err: unknown) => {
      if ((err as { statusCode?: number }).statusCode === 404) throw new ApiError('not-found', `The folder ${folder} does not exist in the container.`);
      throw err;
    });
    if (!(stat.mode & MODE_DIR)) throw new ApiError('invalid-input', `${folder} is not a folder.`);
    return folder;
  }

  /** Writes one file into a folder of the container (replacing a file of the same name), streaming its content. */
  async upload(id: string, directory: string, fileName: string, content: Readable, sizeBytes: number): Promise<void> {
    const folder = await this.requireFolder(id, directory);
    const archive = pack();
    const entry = archive.entry({ name: fileName, size: sizeBytes, mode: 0o644, mtime: new Date() }, (err) => {
      if (err) archive.destroy(err);
      else archive.finalize();
    });
    content.on('error', (err) => archive.destroy(err));
    content.pipe(entry);
    await this.docker.getContainer(id).putArchive(archive as unknown as NodeJS.ReadableStream, { path: folder });
  }
}
