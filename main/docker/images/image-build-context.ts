import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ignore from '@balena/dockerignore';
import { pack } from 'tar-stream';
import { ApiError } from '../../../common/errors';

export interface BuildContextSource {
  contextPath?: string;
  dockerfileContent?: string;
  dockerfile?: string;
}

interface ContextEntry {
  relative: string;
  absolute: string;
  type: 'file' | 'directory' | 'symlink';
  size: number;
  mode: number;
  mtime: Date;
}

export interface BuildContext {
  stream: Readable;
  files: number;
  bytes: number;
  /** The Dockerfile's path inside the context, for the engine's `dockerfile` parameter. */
  dockerfile: string;
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

async function readDockerignore(contextPath: string): Promise<string[]> {
  try {
    return (await readFile(path.join(contextPath, '.dockerignore'), 'utf8')).split(/\r?\n/);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Lists the context folder with the engine's `.dockerignore` rules; the Dockerfile and `.dockerignore` always go. */
async function listContext(contextPath: string, dockerfile: string): Promise<ContextEntry[]> {
  const rules = await readDockerignore(contextPath);
  const matcher = ignore().add(rules);
  // With an exception rule (`!keep/this`) an ignored folder may hold files to send, so it must still be walked.
  const hasExceptions = rules.some((rule) => rule.trim().startsWith('!'));
  const alwaysSent = new Set([toPosix(dockerfile), '.dockerignore']);
  const entries: ContextEntry[] = [];

  const walk = async (dir: string): Promise<void> => {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const absolute = path.join(dir, name);
      const relative = toPosix(path.relative(contextPath, absolute));
      const stats = await lstat(absolute);
      const ignored = !alwaysSent.has(relative) && matcher.ignores(relative);
      if (stats.isDirectory()) {
        if (ignored && !hasExceptions) continue;
        if (!ignored) entries.push({ relative, absolute, type: 'directory', size: 0, mode: stats.mode & 0o7777, mtime: stats.mtime });
        await walk(absolute);
      } else if (!ignored && (stats.isFile() || stats.isSymbolicLink())) {
        entries.push({ relative, absolute, type: stats.isFile() ? 'file' : 'symlink', size: stats.isFile() ? stats.size : 0, mode: stats.mode & 0o7777, mtime: stats.mtime });
      }
    }
  };

  const root = await lstat(contextPath).catch(() => undefined);
  if (!root?.isDirectory()) throw new ApiError('not-found', `There is no folder at ${contextPath}.`);
  await walk(contextPath);
  return entries;
}

/**
 * The build context as a tar stream: the folder (honouring `.dockerignore`) and/or a pasted Dockerfile, which
 * replaces the folder's own. Files are read as the engine consumes the stream, so big contexts are never held in memory.
 */
export async function createBuildContext(source: BuildContextSource): Promise<BuildContext> {
  const dockerfile = toPosix(path.posix.normalize(source.dockerfile ?? 'Dockerfile'));
  if (dockerfile.startsWith('../') || path.posix.isAbsolute(dockerfile)) throw new ApiError('invalid-input', 'The Dockerfile must be inside the build folder.');
  let entries = source.contextPath ? await listContext(source.contextPath, dockerfile) : [];
  const pasted = source.dockerfileContent !== undefined ? Buffer.from(source.dockerfileContent, 'utf8') : undefined;
  if (pasted) entries = entries.filter((entry) => entry.relative !== dockerfile);
  else if (!entries.some((entry) => entry.relative === dockerfile && entry.type === 'file')) {
    throw new ApiError('not-found', `There is no ${dockerfile} in ${source.contextPath}. Pick the folder that holds it, or paste a Dockerfile.`);
  }

  const archive = pack();
  const write = async () => {
    if (pasted) archive.entry({ name: dockerfile, size: pasted.length, mode: 0o644 }, pasted);
    for (const entry of entries) {
      const header = { name: entry.relative, mode: entry.mode, mtime: entry.mtime };
      if (entry.type === 'directory') archive.entry({ ...header, type: 'directory' });
      else if (entry.type === 'symlink') archive.entry({ ...header, type: 'symlink', linkname: await readlink(entry.absolute) });
      else await pipeline(createReadStream(entry.absolute), archive.entry({ ...header, size: entry.size }));
    }
    archive.finalize();
  };
  write().catch((err: unknown) => archive.destroy(err instanceof Error ? err : new Error(String(err))));

  return {
    stream: archive as unknown as Readable,
    files: entries.filter((entry) => entry.type !== 'directory').length + (pasted ? 1 : 0),
    bytes: entries.reduce((sum, entry) => sum + entry.size, 0) + (pasted?.length ?? 0),
    dockerfile,
  };
}
