import { EventEmitter } from 'node:events';
import net from 'node:net';

export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
}

export class QmpError extends Error {
  constructor(
    readonly command: string,
    readonly errorClass: string,
    readonly description: string,
  ) {
    super(`QMP ${command} failed: ${errorClass}: ${description}`);
  }
}

interface Pending {
  command: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * A small QMP client over a unix socket: reads the greeting, negotiates capabilities, sends commands with ids and
 * matches each answer to its command, and emits asynchronous events. The socket closing is how Berth learns that
 * QEMU is gone (nothing polls): `closed` resolves then, and every command still waiting is rejected.
 */
export class QmpClient {
  private readonly emitter = new EventEmitter();
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private buffer = '';
  private isClosed = false;
  readonly closed: Promise<void>;
  private markClosed!: () => void;
  greeting?: { QMP: { version: { qemu: { major: number; minor: number; micro: number } }; capabilities: string[] } };

  private constructor(private readonly socket: net.Socket) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  /** Connects, waits for the greeting and sends `qmp_capabilities`; rejects after `timeoutMs`. */
  static async connect(socketPath: string, timeoutMs = 5000): Promise<QmpClient> {
    const socket = net.connect(socketPath);
    const client = new QmpClient(socket);
    const greeting = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`QEMU's QMP socket ${socketPath} sent no greeting within ${timeoutMs / 1000} s.`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      client.emitter.once('greeting', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`QEMU closed its QMP socket ${socketPath} before greeting.`));
      });
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => client.onData(chunk));
    socket.on('error', () => undefined); // 'close' follows and is what matters
    socket.on('close', () => client.onClose());
    await greeting;
    await client.execute('qmp_capabilities');
    return client;
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Runs a QMP command and resolves with its `return` value; rejects with a QmpError, or when the socket closes. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    if (this.isClosed) return Promise.reject(new Error(`QMP ${command}: QEMU's QMP socket is closed.`));
    const id = `berth-${this.nextId++}`;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { command, resolve: resolve as (value: unknown) => void, reject });
      this.socket.write(`${JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id })}\n`);
    });
  }

  /** A human monitor command (e.g. `hostfwd_add …`); resolves with its text output, which is where HMP reports errors. */
  human(commandLine: string): Promise<string> {
    return this.execute<string>('human-monitor-command', { 'command-line': commandLine });
  }

  onEvent(listener: (event: QmpEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Closes the socket (QEMU keeps running). */
  close(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line) this.onMessage(line);
    }
  }

  private onMessage(line: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // QMP speaks JSON only; a torn line cannot happen on a stream we split at newlines
    }
    if ('QMP' in message) {
      this.greeting = message as unknown as QmpClient['greeting'];
      this.emitter.emit('greeting');
      return;
    }
    if ('event' in message) {
      this.emitter.emit('event', message as unknown as QmpEvent);
      return;
    }
    const id = typeof message.id === 'string' ? message.id : undefined;
    const pending = id ? this.pending.get(id) : undefined;
    if (!pending || !id) return;
    this.pending.delete(id);
    if ('error' in message) {
      const error = message.error as { class?: string; desc?: string };
      pending.reject(new QmpError(pending.command, error.class ?? 'GenericError', error.desc ?? 'unknown error'));
    } else {
      pending.resolve(message.return);
    }
  }

  private onClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new Error(`QMP ${pending.command}: QEMU closed its QMP socket.`));
    }
    this.emitter.emit('close');
    this.markClosed();
  }
}
