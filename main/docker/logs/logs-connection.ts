import net from 'node:net';
import type Docker from 'dockerode';

const MAX_HEADER_BYTES = 64 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
const READ_BUFFER_BYTES = 256 * 1024;
/** Stop reading the socket while this much is received but not yet consumed. */
const MAX_QUEUED_BYTES = 2 * 1024 * 1024;

interface ModemAddress {
  socketPath?: string;
  host?: string;
  port?: number | string;
  protocol?: string;
  version?: string;
}

/** A response body as chunks, read only as fast as it is consumed. */
export interface ByteStream extends AsyncIterable<Buffer> {
  /** Bytes received and not yet consumed. */
  readonly readableLength: number;
  destroy(): void;
}

/** A plain socket to the engine, or undefined when the connection needs TLS or SSH (dockerode handles those). */
function plainTarget(docker: Docker): { options: net.NetConnectOpts; prefix: string } | undefined {
  const modem = docker.modem as unknown as ModemAddress;
  const prefix = modem.version ? `/${modem.version}` : '';
  if (modem.socketPath) return { options: { path: modem.socketPath }, prefix };
  if (modem.protocol === 'http' && modem.host) return { options: { host: modem.host, port: Number(modem.port ?? 2375) }, prefix };
  return undefined;
}

/** An engine error shaped like dockerode's, so `toApiError` maps it the same way. */
function engineError(status: number, body: string): Error & { statusCode: number; json: unknown } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = { message: body.trim() };
  }
  const message = (json as { message?: string } | null)?.message ?? `The engine answered ${status}.`;
  return Object.assign(new Error(message), { statusCode: status, json });
}

/**
 * GETs a streaming endpoint over HTTP/1.0 on a plain socket. The engine writes (and flushes) every log line
 * separately; over HTTP/1.1 each becomes a chunk, and Node's HTTP client spent more time on a million chunk
 * boundaries than on the lines. An HTTP/1.0 answer is the raw body, read here into one reused buffer, with reading
 * paused while the consumer is behind. (Pausing to let small writes gather does not help: the kernel's per-write
 * overhead fills a Unix socket's buffer after a few hundred lines and the engine then waits.)
 * Returns undefined for TLS and SSH endpoints.
 */
export function openPlainStream(docker: Docker, path: string, signal: AbortSignal): Promise<ByteStream> | undefined {
  const target = plainTarget(docker);
  if (!target) return undefined;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const queue: Buffer[] = [];
    let queued = 0;
    let head: Buffer | undefined = Buffer.alloc(0);
    let errorBody: Buffer[] | undefined;
    let status = 0;
    let ended = false;
    let readingStopped = false;
    let failure: unknown;
    let wake: (() => void) | undefined;

    const notify = () => {
      const waiter = wake;
      wake = undefined;
      waiter?.();
    };

    const onBody = (data: Buffer): boolean => {
      if (errorBody) {
        errorBody.push(data);
        return true;
      }
      queue.push(data);
      queued += data.length;
      notify();
      if (queued < MAX_QUEUED_BYTES) return true;
      // Returning false stops reading (without `isPaused()` showing it); the consumer resumes it when it catches up.
      readingStopped = true;
      return false;
    };

    const onHead = (data: Buffer): boolean => {
      head = Buffer.concat([head!, data]);
      const end = head.indexOf(HEADER_END);
      if (end === -1) {
        if (head.length > MAX_HEADER_BYTES) socket.destroy(new Error('The engine sent an oversized response header.'));
        return true;
      }
      status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.toString('latin1', 0, end))?.[1] ?? 0);
      const rest = head.subarray(end + HEADER_END.length);
      head = undefined;
      if (status !== 200) errorBody = [];
      else resolve(stream);
      return rest.length ? onBody(rest) : true;
    };

    const socket = net.connect({
      ...target.options,
      onread: {
        buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
        // The read buffer is reused, so each chunk is copied out.
        callback: (bytes, buffer) => {
          const data = Buffer.from(buffer.subarray(0, bytes));
          return head ? onHead(data) : onBody(data);
        },
      },
    } as net.NetConnectOpts);

    const onAbort = () => socket.destroy();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (err) => {
      failure = err;
      if (head || errorBody) reject(err);
      notify();
    });
    socket.once('end', () => {
      ended = true;
      if (head) reject(Object.assign(new Error('The engine closed the connection before answering.'), { code: 'ECONNRESET' }));
      else if (errorBody) reject(engineError(status, Buffer.concat(errorBody).toString('utf8')));
      notify();
    });
    socket.once('close', () => {
      ended = true;
      signal.removeEventListener('abort', onAbort);
      if (head) reject(signal.aborted ? signal.reason : new Error('The engine closed the connection.'));
      notify();
    });
    socket.write(`GET ${target.prefix}${path} HTTP/1.0\r\nHost: docker\r\nUser-Agent: Berth\r\n\r\n`);

    const stream: ByteStream = {
      get readableLength() {
        return queued;
      },
      destroy: () => socket.destroy(),
      async *[Symbol.asyncIterator]() {
        try {
          for (;;) {
            const chunk = queue.shift();
            if (chunk) {
              queued -= chunk.length;
              if (readingStopped && queued < MAX_QUEUED_BYTES / 2 && !socket.destroyed) {
                readingStopped = false;
                socket.resume();
              }
              yield chunk;
              continue;
            }
            if (failure && !signal.aborted) throw failure;
            if (ended || signal.aborted) return;
            await new Promise<void>((resolveWait) => (wake = resolveWait));
          }
        } finally {
          socket.destroy();
        }
      },
    };
  });
}
