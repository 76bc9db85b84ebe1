import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { DockerContextState, ProxyStatus } from '../../common/contract/proxy';
import { toApiError } from '../api/errors';
import type { EngineConnection } from '../engine/connection';
import { isOwnSocket } from '../engine/discovery';
import type { SettingsStore } from '../settings/settings-store';
import type { ActivityLog } from './activity-log';
import { DockerContext } from './docker-context';
import { defaultProxyAddress, EngineProxy, proxyEngineUrl } from './proxy-server';

/** Status pushes at most this often (the request counter changes with every call). */
const STATUS_INTERVAL_MS = 500;
/** While someone watches, the docker config is read again this often, so a `docker context use` in a shell shows. */
const CONTEXT_REFRESH_MS = 2000;

/** Berth's socket: `BERTH_PROXY_SOCKET` when set (e.g. for a data dir whose path is too long), else `<dataDir>/run/docker.sock`. */
export function proxyAddress(dataDir: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.BERTH_PROXY_SOCKET;
  if (override) return override.startsWith('\\\\') ? override : path.resolve(override);
  return defaultProxyAddress(dataDir, platform);
}

/** The line a user pastes into a shell to point the docker CLI (and anything reading DOCKER_HOST) at Berth. */
export function dockerHostLine(url: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `$env:DOCKER_HOST = "${url}"`;
  // macOS data dirs contain a space ("Application Support"): quote whenever the shell would split or expand.
  return /^[\w@%+=:,./-]+$/.test(url) ? `export DOCKER_HOST=${url}` : `export DOCKER_HOST='${url.replace(/'/g, `'\\''`)}'`;
}

export interface ProxyServiceOptions {
  dataDir: string;
  settings: SettingsStore;
  engine: EngineConnection;
  activity: ActivityLog;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Berth's engine socket in the backend: starts with Berth when the setting is on, keeps the `berth` docker context
 * pointing at it, and composes the status the Engine page shows. A socket another Berth owns is a failed state with
 * the reason, never a reason for Berth itself to stop.
 */
export class ProxyService {
  /** The socket path (or Windows pipe). */
  readonly address: string;
  /** `unix:///…/docker.sock`: the DOCKER_HOST and docker context form. */
  readonly url: string;
  readonly context: DockerContext;
  readonly activity: ActivityLog;
  private readonly settings: SettingsStore;
  private readonly engine: EngineConnection;
  private readonly platform: NodeJS.Platform;
  private readonly log: (message: string, error?: unknown) => void;
  private proxy?: EngineProxy;
  private offProxyChange?: () => void;
  private state: ProxyStatus['state'] = 'stopped';
  private error?: string;
  private contextState: DockerContextState;
  private readonly emitter = new EventEmitter();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly offEngineStatus: () => void;
  private ticker?: NodeJS.Timeout;
  private emitTimer?: NodeJS.Timeout;
  private lastEmitAt = 0;
  private lastEmitted = '';
  private lastRequests = 0;
  private contextWriteError?: string;
  private lastContextRead = 0;
  private stopped = false;

  constructor(options: ProxyServiceOptions) {
    const env = options.env ?? process.env;
    this.platform = options.platform ?? process.platform;
    this.settings = options.settings;
    this.engine = options.engine;
    this.activity = options.activity;
    this.log = options.log ?? (() => undefined);
    this.address = proxyAddress(options.dataDir, env, this.platform);
    this.url = proxyEngineUrl(this.address);
    this.context = new DockerContext({ host: this.url, dataDir: options.dataDir, env });
    this.contextState = { configDir: this.context.configDir, exists: false, current: 'default' };
    // The status names the engine new connections go to.
    this.offEngineStatus = this.engine.onStatus(() => this.changed());
  }

  get status(): ProxyStatus {
    return {
      enabled: this.settings.current.proxyEnabled,
      state: this.state,
      address: this.url,
      dockerHostLine: dockerHostLine(this.url, this.platform),
      ...(this.error ? { error: this.error } : {}),
      engine: this.engineTarget()?.url ?? '',
      openConnections: this.proxy?.openConnections ?? 0,
      requests: this.activity.requests,
      context: this.contextState,
    };
  }

  /** Starts the socket if the setting is on. Never rejects: a failure is the status's `failed` state and reason. */
  start(): Promise<ProxyStatus> {
    return this.serialize(async () => {
      if (this.settings.current.proxyEnabled) await this.open();
      else await this.readContext();
      return this.status;
    });
  }

  /** Saves the setting and starts or stops the socket now. */
  setEnabled(enabled: boolean): Promise<ProxyStatus> {
    return this.serialize(async () => {
      this.settings.setProxyEnabled(enabled);
      if (enabled) await this.open();
      else await this.close();
      return this.status;
    });
  }

  /** "Use Berth for my docker CLI": writes the context (if the socket has not yet) and makes it current. */
  useContext(): Promise<DockerContextState> {
    return this.serialize(async () => {
      try {
        this.contextState = await this.context.use();
      } finally {
        await this.readContext();
      }
      return this.contextState;
    });
  }

  /** "Put back <previous>". */
  restoreContext(): Promise<DockerContextState> {
    return this.serialize(async () => {
      try {
        this.contextState = await this.context.restore();
      } finally {
        await this.readContext();
      }
      return this.contextState;
    });
  }

  /** The status now, then on every change (at most every 500 ms). Returns the unsubscribe. */
  onStatus(listener: (status: ProxyStatus) => void): () => void {
    this.emitter.on('status', listener);
    this.ticker ??= setInterval(() => this.tick(), STATUS_INTERVAL_MS);
    this.ticker.unref?.();
    listener(this.status);
    // Someone opened the page: what the docker config says may have changed since it was last read.
    void this.readContext();
    return () => {
      this.emitter.off('status', listener);
      if (this.emitter.listenerCount('status') === 0) {
        clearInterval(this.ticker);
        this.ticker = undefined;
      }
    };
  }

  /** Closes the socket and every connection through it; the setting stays as it is. */
  stop(): Promise<void> {
    this.stopped = true;
    this.offEngineStatus();
    clearInterval(this.ticker);
    this.ticker = undefined;
    clearTimeout(this.emitTimer);
    this.emitter.removeAllListeners();
    return this.serialize(() => this.close()).then(() => undefined);
  }

  /** The active engine, unless it is this very socket (discovery and EngineControl refuse that already). */
  private engineTarget() {
    const target = this.engine.target;
    return target && !isOwnSocket(target.url, this.url) ? target : undefined;
  }

  private async open(): Promise<void> {
    if (this.stopped || this.proxy?.listening) return;
    this.error = undefined;
    // The proxy refuses a socket path that is too long or in a folder other users can enter, with the reason.
    const proxy = new EngineProxy({
      address: this.address,
      target: () => this.engineTarget(),
      whyNoEngine: () => this.engine.status.error ?? 'Berth has no container engine to talk to yet.',
      activity: this.activity,
      log: this.log,
    });
    try {
      await proxy.listen();
    } catch (err) {
      this.fail(toApiError(err).message);
      return;
    }
    this.proxy = proxy;
    this.offProxyChange = proxy.onChange(() => this.changed());
    this.state = 'listening';
    try {
      await this.context.write();
      this.contextWriteError = undefined;
    } catch (err) {
      this.contextWriteError = toApiError(err).message;
      this.log('could not write the berth docker context', err);
    }
    await this.readContext();
    this.changed();
  }

  private async close(): Promise<void> {
    const proxy = this.proxy;
    this.proxy = undefined;
    this.offProxyChange?.();
    this.offProxyChange = undefined;
    await proxy?.close();
    this.state = 'stopped';
    this.error = undefined;
    this.changed();
  }

  private fail(reason: string): void {
    this.log(`engine socket: ${reason}`);
    this.state = 'failed';
    this.error = reason;
    this.changed();
  }

  /** Reads the docker config again; a write error from `write()` shows as the context's error. */
  private async readContext(): Promise<void> {
    this.lastContextRead = Date.now();
    const state = await this.context.state();
    if (this.state === 'listening' && !state.exists && !state.error) {
      // Writing it failed, or someone removed it (`docker context rm berth`) while the socket listens: say so.
      state.error =
        this.contextWriteError ?? `There is no "berth" context pointing at ${this.url} in ${state.configDir}; turn the socket off and on to write it again.`;
    }
    this.contextState = state;
    this.changed();
  }

  private tick(): void {
    if (this.activity.requests !== this.lastRequests) this.changed();
    if (Date.now() - this.lastContextRead >= CONTEXT_REFRESH_MS) void this.readContext();
  }

  /** Pushes the status if it changed, at most every STATUS_INTERVAL_MS. */
  private changed(): void {
    if (this.emitTimer || this.emitter.listenerCount('status') === 0) return;
    const wait = this.lastEmitAt + STATUS_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.emitTimer = setTimeout(() => {
        this.emitTimer = undefined;
        this.emit();
      }, wait);
      return;
    }
    this.emit();
  }

  private emit(): void {
    const status = this.status;
    const text = JSON.stringify(status);
    if (text === this.lastEmitted) return;
    this.lastEmitted = text;
    this.lastRequests = status.requests;
    this.lastEmitAt = Date.now();
    this.emitter.emit('status', status);
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
