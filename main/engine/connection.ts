import { EventEmitter } from 'node:events';
import Docker from 'dockerode';
import type { EngineEvent, EngineStatus } from '../../common/contract/engine';
import { toApiError } from '../api/errors';
import { endpointToDockerOptions } from './endpoint';
import { createJsonLineParser } from './json-lines';

const RETRY_DELAY_MS = 750;
const PING_TIMEOUT_MS = 2000;

interface RawEngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
}

function toEngineEvent(raw: RawEngineEvent): EngineEvent {
  return {
    type: raw.Type ?? 'unknown',
    action: raw.Action ?? 'unknown',
    actor: { id: raw.Actor?.ID ?? '', attributes: raw.Actor?.Attributes ?? {} },
    timeNano: raw.timeNano ?? Date.now() * 1e6,
  };
}

/**
 * The one live connection to an engine. Its events stream doubles as the liveness signal: when the stream
 * breaks the engine is reported unreachable at once, and it is re-opened as soon as `/_ping` answers again.
 * Nothing polls while the engine is healthy.
 */
export class EngineConnection {
  readonly docker: Docker;
  readonly endpoint: string;
  private currentStatus: EngineStatus;
  private readonly emitter = new EventEmitter();
  private eventStream?: NodeJS.ReadableStream & { destroy?: () => void };
  private retryTimer?: NodeJS.Timeout;
  private stopped = true;

  constructor(endpoint: string) {
    this.endpoint = endpoint;
    this.docker = new Docker(endpointToDockerOptions(endpoint));
    this.currentStatus = { state: 'connecting', endpoint, since: Date.now() };
    this.emitter.setMaxListeners(0);
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
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.emitter.on('status', listener);
    return () => this.emitter.off('status', listener);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Resolves once the engine is connected, or rejects after `timeoutMs`. */
  waitUntilConnected(timeoutMs = 10_000): Promise<void> {
    if (this.currentStatus.state === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`Engine at ${this.endpoint} not reachable: ${this.currentStatus.error ?? 'timed out'}`));
      }, timeoutMs);
      const off = this.onStatus((status) => {
        if (status.state !== 'connected') return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  private setStatus(state: EngineStatus['state'], error?: string): void {
    if (this.currentStatus.state === state && this.currentStatus.error === error) return;
    this.currentStatus = { state, endpoint: this.endpoint, since: Date.now(), ...(error ? { error } : {}) };
    this.emitter.emit('status', this.currentStatus);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.docker.ping({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) } as never);
      const stream = (await this.docker.getEvents({})) as NodeJS.ReadableStream & { destroy?: () => void };
      if (this.stopped) {
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
        this.setStatus('unreachable', err ? toApiError(err).message : 'The engine closed the connection.');
        this.scheduleRetry();
      };
      stream.on('error', onLost);
      stream.on('end', () => onLost());
      stream.on('close', () => onLost());
      this.setStatus('connected');
    } catch (err) {
      this.setStatus('unreachable', toApiError(err).message);
      this.scheduleRetry();
    }
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
