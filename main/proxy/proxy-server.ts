import { EventEmitter } from 'node:events';
import { chmodSync, lstatSync, mkdirSync, statSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { ApiError } from '../../common/errors';
import { toApiError } from '../api/errors';
import type { EngineTarget } from '../engine/endpoint';
import type { ActivityLog } from './activity-log';
import { clientCallFields } from './call-fields';
import { engineDialer, type EngineDialer } from './engine-dialer';
import { MessageFramer, parseRequestHead, requestBodyFraming, type RequestHead } from './http-head';
import { ProxyConnection } from './proxy-connection';

export const WINDOWS_PIPE = '\\\\.\\pipe\\berth_engine';
const CHANGE_THROTTLE_MS = 250;
/** macOS keeps 104 bytes for a unix socket path, NUL included (Linux 108): the smaller limit keeps one data dir portable. */
export const UNIX_SOCKET_PATH_MAX = 103;
/** How long a refused client may take to send its request head before the connection is closed. */
const REFUSE_HEAD_TIMEOUT_MS = 10_000;
/**
 * How long a spliced client may take to send its first request head (see `ProxyConnection.expectHeadWithin`):
 * the docker CLI, dockerode and Compose send theirs at once; only idle or slowloris connections ever reach it.
 */
export const FIRST_HEAD_TIMEOUT_MS = 30_000;

/** `<dataDir>/run/docker.sock` (unix), `\\.\pipe\berth_engine` (Windows). */
export function defaultProxyAddress(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? WINDOWS_PIPE : path.join(dataDir, 'run', 'docker.sock');
}

/** The address as `DOCKER_HOST` and docker contexts write it: `unix:///…` or `npipe:////./pipe/berth_engine`. */
export function proxyEngineUrl(address: string): string {
  return address.startsWith('\\\\') ? `npipe://${address.replace(/\\/g, '/')}` : `unix://${address}`;
}

function isWindowsPipe(address: string): boolean {
  return address.startsWith('\\\\');
}

export interface EngineProxyOptions {
  /** Unix socket path, or a Windows named pipe path `\\.\pipe\berth_engine`. */
  address: string;
  /** The active engine, asked for each new connection (so new connections follow an engine switch). */
  target: () => EngineTarget | undefined;
  /** Why there is no engine, while `target` gives none. */
  whyNoEngine?: () => string;
  activity: ActivityLog;
  log?: (message: string, error?: unknown) => void;
  /** Overrides `FIRST_HEAD_TIMEOUT_MS` (tests). */
  firstHeadTimeoutMs?: number;
}

/** Whether something accepts connections at `address` (a live socket), or it is stale (refused, missing). */
function answers(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ path: address });
    const done = (live: boolean) => {
      socket.destroy();
      resolve(live);
    };
    socket.setTimeout(1000, () => done(true));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Berth's own engine socket. Every connection is spliced to the engine that is active when it arrives (open ones
 * stay where they are across a switch); when that engine cannot be reached, the client gets an HTTP `502` with a
 * JSON message the docker CLI prints, never a hang. See `ProxyConnection` for what happens to the bytes.
 */
export class EngineProxy {
  private server?: net.Server;
  /** Clients waiting for an engine, and spliced connections: everything `close()` must end. */
  private readonly connections = new Set<{ destroy(): void }>();
  private readonly emitter = new EventEmitter();
  private changeTimer?: NodeJS.Timeout;
  private nextConnectionId = 1;
  private dialers = new WeakMap<EngineTarget, EngineDialer>();
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly options: EngineProxyOptions) {
    this.log = options.log ?? (() => undefined);
  }

  get address(): string {
    return this.options.address;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  get openConnections(): number {
    return this.connections.size;
  }

  /** Fires (at most every 250 ms) when listening or the open-connection count changes. */
  onChange(listener: () => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const { address } = this.options;
    if (!isWindowsPipe(address)) await this.prepareSocketPath(address);
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => void this.accept(client));
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        reject(
          err.code === 'EADDRINUSE'
            ? new ApiError('conflict', `Another program already serves ${address}; Berth left it alone.`)
            : new ApiError('internal', `Berth could not listen on ${address}: ${err.code ?? err.message}.`),
        );
      };
      server.once('error', onError);
      server.listen(address, () => {
        server.off('error', onError);
        resolve();
      });
    });
    // The folder is already private; the socket gets the same rights as the engine's own: owner only.
    if (!isWindowsPipe(address)) chmodSync(address, 0o600);
    server.on('error', (err) => this.log('proxy: listener error', err));
    this.server = server;
    this.changed();
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connection of this.connections) connection.destroy();
    await closed;
    if (!isWindowsPipe(this.options.address)) {
      try {
        unlinkSync(this.options.address);
      } catch {
        // Already gone.
      }
    }
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    this.emitter.emit('change');
  }

  /** A private folder, and no stale socket from a crashed run; a live one belongs to someone else and is left alone. */
  private async prepareSocketPath(address: string): Promise<void> {
    const bytes = Buffer.byteLength(address);
    if (bytes > UNIX_SOCKET_PATH_MAX) {
      throw new ApiError(
        'invalid-input',
        `The socket path ${address} is too long: ${bytes} bytes, and unix sockets allow ${UNIX_SOCKET_PATH_MAX}. ` +
          'Set BERTH_PROXY_SOCKET to a shorter path (or BERTH_DATA_DIR to a shorter folder).',
      );
    }
    const folder = path.dirname(address);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // A folder Berth did not make private (a shared /tmp, say) is refused rather than locked down under its users.
    const info = statSync(folder);
    if ((info.mode & 0o777) !== 0o700 || (process.getuid !== undefined && info.uid !== process.getuid())) {
      throw new ApiError(
        'invalid-input',
        `Berth's socket must be in a folder of its own, a private folder (mode 0700): ${folder} is open to other users ` +
          `(mode ${(info.mode & 0o777).toString(8)}). Use a new folder such as ${path.join(folder, 'berth', path.basename(address))}.`,
      );
    }
    let stat;
    try {
      stat = lstatSync(address);
    } catch {
      return;
    }
    if (!stat.isSocket()) throw new ApiError('conflict', `${address} exists and is not a socket; Berth will not replace it.`);
    if (await answers(address)) throw new ApiError('conflict', `Another Berth (or another program) already answers on ${address}; Berth left it alone.`);
    unlinkSync(address);
  }

  private dialerFor(target: EngineTarget): EngineDialer {
    let dialer = this.dialers.get(target);
    if (!dialer) {
      dialer = engineDialer(target);
      this.dialers.set(target, dialer);
    }
    return dialer;
  }

  private async accept(client: net.Socket): Promise<void> {
    const connectionId = this.nextConnectionId++;
    this.track(client);
    client.on('error', () => undefined);
    const target = this.options.target();
    if (!target) {
      this.refuse(client, connectionId, this.options.whyNoEngine?.() ?? 'Berth has no container engine to talk to.');
      return;
    }
    let engine: Duplex;
    try {
      engine = await this.dialerFor(target)();
    } catch (err) {
      this.refuse(client, connectionId, `the engine at ${target.url} is not reachable (${describeDialError(err)}).`, target.explainUnreachable?.());
      return;
    }
    if (client.destroyed) {
      engine.destroy();
      return;
    }
    this.connections.delete(client);
    const connection: ProxyConnection = new ProxyConnection(client, engine, this.options.activity, connectionId, {}, () => {
      this.connections.delete(connection);
      this.changed();
    }, this.log);
    this.connections.add(connection);
    connection.expectHeadWithin(this.options.firstHeadTimeoutMs ?? FIRST_HEAD_TIMEOUT_MS);
    if (client instanceof net.Socket) client.setNoDelay?.(true);
    if (engine instanceof net.Socket) engine.setNoDelay?.(true);
    client.resume();
  }

  private track(client: net.Socket): void {
    this.connections.add(client);
    client.once('close', () => {
      if (this.connections.delete(client)) this.changed();
    });
    this.changed();
  }

  /**
   * No engine for this connection: read the client's first request head and answer it with a `502` whose JSON
   * message the docker CLI prints ("Error response from daemon: Berth: …"), then close.
   */
  private refuse(client: net.Socket, connectionId: number, reason: string, better?: string): void {
    const message = `Berth: ${better ?? reason}`;
    const timer = setTimeout(() => client.destroy(), REFUSE_HEAD_TIMEOUT_MS);
    let answered = false;
    const framer = new MessageFramer({
      head: (raw) => {
        const head = parseRequestHead(raw);
        if (answered) return { kind: 'raw' };
        answered = true;
        clearTimeout(timer);
        if (!head || head.version === 'HTTP/2.0') {
          client.destroy();
          return undefined;
        }
        this.options.activity.requests++;
        this.recordRefusal(connectionId, head, message);
        const body = JSON.stringify({ message });
        client.end(
          `HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
            `Connection: close\r\n\r\n${head.method === 'HEAD' ? '' : body}`,
        );
        return requestBodyFraming(head);
      },
      bytes: () => undefined,
      end: () => undefined,
    });
    client.on('data', (chunk: Buffer) => {
      try {
        framer.push(chunk);
      } catch {
        client.destroy();
      }
    });
    client.once('end', () => {
      clearTimeout(timer);
      if (!answered) client.destroy();
    });
    client.once('close', () => clearTimeout(timer));
    client.resume();
  }

  private recordRefusal(connectionId: number, head: RequestHead, message: string): void {
    const { activity } = this.options;
    if (!activity.watching) return;
    const record = activity.begin(clientCallFields(connectionId, head, Date.now()));
    record.status = 502;
    record.durationMs = 0;
    record.state = 'failed';
    record.error = message;
    activity.changed(record);
  }

  private changed(): void {
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = undefined;
      this.emitter.emit('change');
    }, CHANGE_THROTTLE_MS);
  }
}

function describeDialError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no socket there';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ETIMEDOUT') return 'no answer within 5 s';
  if (code === 'EACCES') return 'permission denied';
  return code ?? toApiError(err).message;
}
