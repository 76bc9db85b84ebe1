import { EventEmitter } from 'node:events';
import type http from 'node:http';
import Docker from 'dockerode';
import type { EngineEvent, EngineStatus } from '../../common/contract/engine';
import { ApiError } from '../../common/errors';
import { toApiError } from '../api/errors';
import { guardRequestUrls } from '../docker/body-out-of-url';
import { dockerOptionsWithAgent, explainEndpointError, type EngineTarget } from './endpoint';
import { createJsonLineParser } from './json-lines';
import { ENGINE_LISTENER_LIMIT } from './listener-limit';

const RETRY_DELAY_MS = 750;
const PING_TIMEOUT_MS = 2000;

export interface RawEngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
}

export function toEngineEvent(raw: RawEngineEvent): EngineEvent {
  return {
    type: raw.Type ?? 'unknown',
    action: raw.Action ?? 'unknown',
    actor: { id: raw.Actor?.ID ?? '', attributes: raw.Actor?.Attributes ?? {} },
    timeNano: raw.timeNano ?? Date.now() * 1e6,
  };
}

/** One engine's client; replaced as a whole when the active engine changes. */
interface ActiveClient {
  target: EngineTarget;
  docker: Docker;
  agent?: http.Agent;
}

function openClient(target: EngineTarget): ActiveClient {
  const { options, agent } = dockerOptionsWithAgent(target);
  return { target, docker: guardRequestUrls(new Docker(options)), agent };
}

/**
 * The one live connection to the active engine. Its events stream doubles as the liveness signal: when the stream
 * breaks the engine is reported unreachable at once, and it is re-opened as soon as `/_ping` answers again.
 * Nothing polls while the engine is healthy. `switchTo` replaces the engine under every service (they read
 * `docker` per call) and closes every socket still open to the old one.
 */
export class EngineConnection {
  private client?: ActiveClient;
  /** Why there is no engine at all, while `client` is unset. */
  private detachedReason = 'Berth is still looking for a container engine.';
  private currentStatus: EngineStatus;
  private readonly emitter = new EventEmitter();
  private eventStream?: NodeJS.ReadableStream & { destroy?: () => void };
  private retryTimer?: NodeJS.Timeout;
  private stopped = true;
  private verifying = false;

  constructor(target?: string | EngineTarget) {
    this.emitter.setMaxListeners(ENGINE_LISTENER_LIMIT);
    if (target) this.client = openClient(typeof target === 'string' ? { url: target } : target);
    this.currentStatus = this.statusFor('connecting');
  }

  /** The active engine's client. Throws `engine-unreachable` while Berth has no engine to talk to. */
  get docker(): Docker {
    if (!this.client) throw new ApiError('engine-unreachable', this.detachedReason);
    return this.client.docker;
  }

  get endpoint(): string {
    return this.client?.target.url ?? '';
  }

  get target(): EngineTarget | undefined {
    return this.client?.target;
  }

  get status(): EngineStatus {
    return this.currentStatus;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.closeEventStream();
    this.client?.agent?.destroy();
  }

  /**
   * Makes `target` the active engine (or none, with the reason shown to the user). Every socket of the old engine is
   * closed, `onSwitch` listeners run so streams can end themselves, and the status is re-emitted.
   */
  switchTo(target: EngineTarget | undefined, reasonWhenNone?: string): void {
    let next: ActiveClient | undefined;
    let reason = reasonWhenNone;
    try {
      next = target ? openClient(target) : undefined;
    } catch (err) {
      // An address saved by an older Berth, or a TLS file that vanished: no engine, and the reason on screen.
      reason = `${target?.name ?? target?.url}: ${toApiError(err).message}`;
    }
    const previous = this.client;
    clearTimeout(this.retryTimer);
    this.closeEventStream();
    this.client = next;
    if (reason) this.detachedReason = reason;
    previous?.agent?.destroy();
    this.emitter.emit('switch', next?.target);
    this.setStatus(next ? 'connecting' : 'unreachable', next ? undefined : this.detachedReason, true);
    if (next && !this.stopped) void this.connect();
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.emitter.on('status', listener);
    return () => this.emitter.off('status', listener);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Called when the active engine is replaced; streams bound to the old engine should end themselves. */
  onSwitch(listener: (target: EngineTarget | undefined) => void): () => void {
    this.emitter.on('switch', listener);
    return () => this.emitter.off('switch', listener);
  }

  /**
   * A call failed as if the engine were gone. The events stream is the usual liveness signal, but a stream opened
   * earlier can outlive the engine's ability to answer (a hung daemon, a forward whose far side died), and the
   * status would keep saying "connected" while every call fails. Check with a ping; if that fails too, report the
   * engine unreachable and reconnect as after a lost stream. A failure that was not the engine's (a registry
   * refusing a connection) passes the ping and changes nothing.
   */
  async verifyAfterFailedCall(): Promise<void> {
    const client = this.client;
    if (this.stopped || !client || this.currentStatus.state !== 'connected' || this.verifying) return;
    this.verifying = true;
    try {
      await client.docker.ping({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) } as never);
    } catch (err) {
      if (this.stopped || this.client !== client) return;
      this.closeEventStream();
      this.setStatus('unreachable', this.explain(client, err) ?? 'The engine did not answer.');
      this.scheduleRetry();
    } finally {
      this.verifying = false;
    }
  }

  /** Resolves once the engine is connected, or rejects after `timeoutMs`. */
  waitUntilConnected(timeoutMs = 10_000): Promise<void> {
    if (this.currentStatus.state === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`Engine at ${this.endpoint || '(none)'} not reachable: ${this.currentStatus.error ?? 'timed out'}`));
      }, timeoutMs);
      const off = this.onStatus((status) => {
        if (status.state !== 'connected') return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  private statusFor(state: EngineStatus['state'], error?: string): EngineStatus {
    const target = this.client?.target;
    return {
      state,
      endpoint: target?.url ?? '',
      ...(target?.name ? { name: target.name } : {}),
      ...(target?.source ? { source: target.source } : {}),
      since: Date.now(),
      ...(error ? { error } : {}),
    };
  }

  private setStatus(state: EngineStatus['state'], error?: string, force = false): void {
    if (!force && this.currentStatus.state === state && this.currentStatus.error === error) return;
    this.currentStatus = this.statusFor(state, error);
    this.emitter.emit('status', this.currentStatus);
  }

  private async connect(): Promise<void> {
    const client = this.client;
    if (this.stopped || !client) return;
    const stale = () => this.stopped || this.client !== client;
    try {
      await client.docker.ping({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) } as never);
      if (stale()) return;
      const stream = (await client.docker.getEvents({})) as NodeJS.ReadableStream & { destroy?: () => void };
      if (stale()) {
        stream.destroy?.();
        return;
      }
      this.eventStream = stream;
      const parse = createJsonLineParser((raw) => this.emitter.emit('event', toEngineEvent(raw as RawEngineEvent)));
      stream.on('data', parse);
      let lost = false;
      const onLost = (err?: Error) => {
        if (lost || this.eventStream !== stream) return;
        lost = true;
        this.eventStream = undefined;
        this.setStatus('unreachable', this.explain(client, err) ?? 'The engine closed the connection.');
        this.scheduleRetry();
      };
      stream.on('error', onLost);
      stream.on('end', () => onLost());
      stream.on('close', () => onLost());
      this.setStatus('connected');
    } catch (err) {
      if (stale()) return;
      this.setStatus('unreachable', this.explain(client, err) ?? 'The engine did not answer.');
      this.scheduleRetry();
    }
  }

  /** The most useful reason the engine cannot be reached: the target's own, the endpoint kind's, or the error's. */
  private explain(client: ActiveClient, err: unknown): string | undefined {
    return client.target.explainUnreachable?.() ?? (err ? explainEndpointError(client.target.url, err) ?? toApiError(err).message : undefined);
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), RETRY_DELAY_MS);
  }

  private closeEventStream(): void {
    const stream = this.eventStream;
    this.eventStream = undefined;
    stream?.removeAllListeners('data');
    stream?.destroy?.();
  }
}
