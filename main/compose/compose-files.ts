import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ComposeFile, ComposeProjectSpec } from '../../common/contract/compose';
import { ApiError } from '../../common/errors';
import { writeFileAtomically } from '../files/atomic-file';

/** The names Compose looks for in a folder, in its order of preference. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** A compose file itself, or the first of `COMPOSE_FILE_NAMES` in a folder. */
export async function findComposeFile(target: string): Promise<string> {
  let info;
  try {
    info = await stat(target);
  } catch (err) {
    throw new ApiError('not-found', `${target} does not exist (${errnoCode(err) ?? String(err)}).`);
  }
  if (info.isFile()) return target;
  if (!info.isDirectory()) throw new ApiError('invalid-input', `${target} is neither a file nor a folder.`);
  for (const name of COMPOSE_FILE_NAMES) {
    const candidate = path.join(target, name);
    if (await stat(candidate).then((entry) => entry.isFile(), () => false)) return candidate;
  }
  throw new ApiError('not-found', `${target} holds no compose file (looked for ${COMPOSE_FILE_NAMES.join(', ')}).`);
}

export function contentHash(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export async function readComposeFile(file: string): Promise<ComposeFile> {
  try {
    const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
    return { path: file, content: bytes.toString('utf8'), mtimeMs: info.mtimeMs, hash: contentHash(bytes) };
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') throw new ApiError('not-found', `${file} does not exist (any more).`);
    throw new ApiError('invalid-input', `Cannot read ${file}: ${code ?? String(err)}.`);
  }
}

/**
 * Writes the file through a temporary file in the same folder and a rename, so a crash leaves the old or the new
 * text, never half. Refuses with `conflict` when the file on disk is not the one the editor read (another program
 * changed it): its hash differs, or its mtime moved while the hash did not tell (same content is not a conflict).
 */
export async function saveComposeFile(file: string, content: string, expected: { hash: string; mtimeMs: number }): Promise<ComposeFile> {
  let current: ComposeFile | undefined;
  try {
    current = await readComposeFile(file);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'not-found')) throw err;
    throw new ApiError('conflict', `${file} was deleted or moved since it was opened. Nothing was written; save elsewhere or recreate it.`);
  }
  if (current.hash !== expected.hash) {
    throw new ApiError('conflict', `${file} changed on disk since it was opened (modified ${new Date(current.mtimeMs).toISOString()}). Nothing was written: reload it, or copy your edits first.`);
  }
  const mode = (await stat(file)).mode & 0o7777;
  try {
    await writeFileAtomically(file, content, { mode });
  } catch (err) {
    throw new ApiError('invalid-input', `Cannot write ${file}: ${errnoCode(err) ?? String(err)}.`);
  }
  return readComposeFile(file);
}

/** Opened projects, remembered across runs in `<data dir>/compose/projects.json`. */
export class ProjectStore {
  private readonly file: string;
  private cache?: ComposeProjectSpec[];

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'compose', 'projects.json');
  }

  async all(): Promise<ComposeProjectSpec[]> {
    if (this.cache) return this.cache;
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      this.cache = Array.isArray(parsed) ? parsed.filter(isSpec) : [];
    } catch {
      this.cache = [];
    }
    return this.cache;
  }

  async put(spec: ComposeProjectSpec): Promise<void> {
    const next = (await this.all()).filter((entry) => entry.name !== spec.name).concat(spec);
    await this.write(next);
  }

  async remove(name: string): Promise<void> {
    await this.write((await this.all()).filter((entry) => entry.name !== name));
  }

  private async write(specs: ComposeProjectSpec[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomically(this.file, `${JSON.stringify(specs, null, 2)}\n`, { mode: 0o600 });
    this.cache = specs;
  }
}

function isSpec(value: unknown): value is ComposeProjectSpec {
  const spec = value as ComposeProjectSpec;
  return (
    typeof spec === 'object' &&
    spec !== null &&
    typeof spec.name === 'string' &&
    typeof spec.workingDir === 'string' &&
    Array.isArray(spec.files) &&
    spec.files.every((file) => typeof file === 'string') &&
    Array.isArray(spec.profiles)
  );
}
