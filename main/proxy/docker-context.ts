import { createHash } from 'node:crypto';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DockerContextState } from '../../common/contract/proxy';
import { ApiError } from '../../common/errors';
import { writeFileAtomically } from '../files/atomic-file';

export const BERTH_CONTEXT = 'berth';
/** Where Berth remembers the context "Use Berth for my docker CLI" replaced (in Berth's data dir, never in the docker config). */
const MEMORY_FILE = 'docker-context.json';

/** The docker CLI's configuration folder: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker'));
}

/** The docker CLI keeps each context in `contexts/meta/<sha256 hex of its name>/meta.json`. */
export function contextMetaFile(configDir: string, name: string): string {
  return path.join(configDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');
}

/** The context file's content, in the docker CLI's own format (`docker context inspect` shows the same fields). */
export function contextMeta(name: string, host: string): object {
  return { Name: name, Metadata: { Description: 'Berth' }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } };
}

/** A reader (or a crash) never sees half a file. */
const writeAtomically = (file: string, text: string, mode: number) => writeFileAtomically(file, text, { mode });

function errnoText(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message ?? String(err);
}

type ConfigJson = Record<string, unknown>;

interface Memory {
  /** Per docker config folder: the context that was current before Berth's (null: none was set). */
  previous: Record<string, string | null>;
}

export interface DockerContextOptions {
  /** The `berth` context's docker host: Berth's socket, e.g. `unix:///…/run/docker.sock`. */
  host: string;
  /** Berth's data directory, where the replaced context is remembered. */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The `berth` docker context in the user's Docker config. Writing the context never changes which context the CLI
 * uses; only `use()` does (the Engine page's "Use Berth for my docker CLI"), and `restore()` puts the replaced one
 * back. config.json is parsed, changed in one key and replaced atomically; one that is not valid JSON is left alone.
 */
export class DockerContext {
  readonly configDir: string;
  readonly host: string;
  private readonly memoryFile: string;

  constructor(options: DockerContextOptions) {
    this.configDir = dockerConfigDir(options.env);
    this.host = options.host;
    this.memoryFile = path.join(options.dataDir, MEMORY_FILE);
  }

  get metaFile(): string {
    return contextMetaFile(this.configDir, BERTH_CONTEXT);
  }

  /** Creates or updates the `berth` context so it points at Berth's socket; other contexts are never touched. */
  async write(): Promise<void> {
    const file = this.metaFile;
    try {
      if ((await this.readMetaHost()) === this.host) return;
      await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
      await writeAtomically(file, JSON.stringify(contextMeta(BERTH_CONTEXT, this.host)), 0o644);
    } catch (err) {
      throw new ApiError('internal', `Berth could not write the docker context "${BERTH_CONTEXT}" at ${file}: ${errnoText(err)}.`);
    }
  }

  /** Makes `berth` the docker CLI's current context, remembering the one it replaces. */
  async use(): Promise<DockerContextState> {
    await this.write();
    const { file, config } = await this.readConfig();
    const current = typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : null;
    if (current !== BERTH_CONTEXT) {
      await this.remember(current);
      await this.writeConfig(file, { ...config, currentContext: BERTH_CONTEXT });
    }
    return this.state();
  }

  /**
   * Puts back the context that was current before `use()` (removing `currentContext` if there was none). While
   * the CLI's current context is no longer `berth`, the user has chosen another one since: that choice stays.
   */
  async restore(): Promise<DockerContextState> {
    const { file, config } = await this.readConfig();
    const current = typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : 'default';
    const memory = await this.readMemory();
    const previous = memory.previous[this.configDir];
    if (current !== BERTH_CONTEXT) {
      await this.forget();
      throw new ApiError('conflict', `The docker CLI's current context is "${current}", not "${BERTH_CONTEXT}"; Berth leaves it as it is.`);
    }
    const next = { ...config };
    if (previous) next.currentContext = previous;
    else delete next.currentContext;
    await this.writeConfig(file, next);
    await this.forget();
    return this.state();
  }

  /** What the Engine page shows: whether the context exists, the current one, and what "Put back" would restore. */
  async state(): Promise<DockerContextState> {
    const state: DockerContextState = { configDir: this.configDir, exists: false, current: 'default' };
    try {
      state.exists = (await this.readMetaHost()) === this.host;
      const { config } = await this.readConfig();
      if (typeof config.currentContext === 'string' && config.currentContext) state.current = config.currentContext;
      const previous = (await this.readMemory()).previous[this.configDir];
      if (previous !== undefined && state.current === BERTH_CONTEXT) state.previous = previous ?? 'default';
    } catch (err) {
      state.error = err instanceof ApiError ? err.message : `Berth could not read the docker configuration in ${this.configDir}: ${errnoText(err)}.`;
    }
    return state;
  }

  private async readMetaHost(): Promise<string | undefined> {
    let text: string;
    try {
      text = await readFile(this.metaFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const host = (JSON.parse(text) as { Endpoints?: { docker?: { Host?: unknown } } }).Endpoints?.docker?.Host;
      return typeof host === 'string' ? host : undefined;
    } catch {
      return undefined; // A broken file of our own context: `write()` replaces it.
    }
  }

  /** config.json, parsed; its real path (a symlinked config.json stays a symlink). Missing: an empty object. */
  private async readConfig(): Promise<{ file: string; config: ConfigJson }> {
    let file = path.join(this.configDir, 'config.json');
    let text: string;
    try {
      file = await realpath(file);
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file, config: {} };
      throw new ApiError('internal', `Berth could not read ${file}: ${errnoText(err)}.`);
    }
    if (!text.trim()) return { file, config: {} };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ApiError('invalid-input', `${file} is not valid JSON (${(err as Error).message}); Berth will not change it. Fix or remove it, then try again.`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ApiError('invalid-input', `${file} does not hold a JSON object; Berth will not change it. Fix or remove it, then try again.`);
    }
    return { file, config: parsed as ConfigJson };
  }

  private async writeConfig(file: string, config: ConfigJson): Promise<void> {
    try {
      // Keep the file's mode: config.json may hold registry credentials (the CLI writes it 0600).
      const mode = await stat(file).then((info) => info.mode & 0o777, () => 0o600);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      // Tab-indented, as the docker CLI writes it.
      await writeAtomically(file, `${JSON.stringify(config, null, '\t')}\n`, mode);
    } catch (err) {
      throw new ApiError('internal', `Berth could not write ${file}: ${errnoText(err)}.`);
    }
  }

  private async readMemory(): Promise<Memory> {
    try {
      const parsed = JSON.parse(await readFile(this.memoryFile, 'utf8')) as Partial<Memory>;
      if (parsed.previous && typeof parsed.previous === 'object') return { previous: parsed.previous };
    } catch {
      // Nothing remembered (or an unreadable memory): "Put back" then means the default context.
    }
    return { previous: {} };
  }

  private async saveMemory(memory: Memory): Promise<void> {
    await mkdir(path.dirname(this.memoryFile), { recursive: true });
    await writeAtomically(this.memoryFile, `${JSON.stringify(memory, null, 2)}\n`, 0o600);
  }

  private async remember(previous: string | null): Promise<void> {
    const memory = await this.readMemory();
    await this.saveMemory({ previous: { ...memory.previous, [this.configDir]: previous } });
  }

  private async forget(): Promise<void> {
    const memory = await this.readMemory();
    if (!(this.configDir in memory.previous)) return;
    delete memory.previous[this.configDir];
    await this.saveMemory(memory);
  }
}
