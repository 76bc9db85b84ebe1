import net from 'node:net';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { apiVersionPrefix, modemSettings } from '../engine-http';

const MAX_HEADER_BYTES = 64 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
const READ_BUFFER_BYTES = 256 * 1024;

/** Where a streaming response body goes, piece by piece, as it arrives. */
export interface BodySink {
  /** A piece of the body, valid only during the call (the read buffer is reused); false stops reading until `resume()`. */
  data(bytes: Buffer): boolean;
  /** The body ended, or failed with `error`. Called once. */
  end(error?: unknown): void;
}

export interface BodyControl {
  /** Reads again after `data` returned false. */
  resume(): void;
  destroy(): void;
}

/** A plain socket to the engine, or undefined when the connection needs TLS or SSH (dockerode handles those). */
function plainTarget(docker: Docker): { options: net.NetConnectOpts; prefix: string } | undefined {
  const modem = modemSettings(docker);
  const prefix = apiVersionPrefix(modem);
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
 * GETs a streaming endpoint over HTTP/1.0 on a plain socket, handing each read straight to the sink. The engine
 * writes (and flushes) every log line separately, so a million lines arrive in well over a hundred thousand small
 * reads: over HTTP/1.1 each line is a chunk, and Node's HTTP client spent more time on chunk boundaries than on
 * the lines; an HTTP/1.0 answer is the raw body. Each read is consumed where it lands, in one reused buffer,
 * without a copy or a trip through a queue. (Pausing to let small writes gather does not help: the kernel's
 * per-write overhead fills a Unix socket's buffer after a few hundred lines and the engine then waits.)
 */
function openPlainBody(target: NonNullable<ReturnType<typeof plainTarget>>, path: string, signal: AbortSignal, sink: BodySink): Promise<BodyControl> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    let head: Buffer | undefined = Buffer.alloc(0);
    let errorBody: Buffer[] | undefined;
    let status = 0;
    let finished = false;
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      sink.end(error);
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
      if (status !== 200) {
        errorBody = [rest];
        return true;
      }
      resolve(control);
      return rest.length ? sink.data(rest) : true;
    };

    const readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const socket = net.connect({
      ...target.options,
      onread: {
        buffer: readBuffer,
        callback: (bytes: number) => {
          const data = readBuffer.subarray(0, bytes);
          if (head) return onHead(Buffer.from(data));
          if (errorBody) {
            errorBody.push(Buffer.from(data));
            return true;
          }
          // Returning false stops reading (without `isPaused()` showing it) until `resume()`.
          return sink.data(data);
        },
      },
    } as net.NetConnectOpts);
    const control: BodyControl = {
      resume: () => {
        if (!socket.destroyed) socket.resume();
      },
      destroy: () => socket.destroy(),
    };

    const onAbort = () => socket.destroy();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (err) => {
      if (head || errorBody) reject(err);
      else finish(signal.aborted ? undefined : err);
    });
    socket.once('end', () => {
      if (head) reject(Object.assign(new Error('The engine closed the connection before answering.'), { code: 'ECONNRESET' }));
      else if (errorBody) reject(engineError(status, Buffer.concat(errorBody).toString('utf8')));
      else finish();
    });
    socket.once('close', () => {
      signal.removeEventListener('abort', onAbort);
      if (head) reject(signal.aborted ? signal.reason : new Error('The engine closed the connection.'));
      finish();
    });
    socket.write(`GET ${target.prefix}${path} HTTP/1.0\r\nHost: docker\r\nUser-Agent: Berth\r\n\r\n`);
  });
}

/** The same through dockerode, for TLS and SSH endpoints. */
function openModemBody(docker: Docker, path: string, query: Record<string, string>, signal: AbortSignal, sink: BodySink): Promise<BodyControl> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      sink.end(error);
    };
    // dockerode buffers the whole answer unless asked for a stream.
    docker.modem.dial(
      {
        path: `${path}?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: query,
      } as never,
      (err: unknown, stream: unknown) => {
        if (err) return reject(err);
        const body = stream as Readable;
        body.on('data', (chunk: Buffer | string) => {
          if (!sink.data(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) body.pause();
        });
        body.once('error', (error) => finish(signal.aborted ? undefined : error));
        body.once('end', () => finish());
        body.once('close', () => finish());
        resolve({ resume: () => body.resume(), destroy: () => body.destroy() });
      },
    );
  });
}

/** GETs a streaming engine endpoint, feeding its body to `sink`; resolves once the engine has answered 200. */
export function openResponseBody(docker: Docker, path: string, query: Record<string, string>, signal: AbortSignal, sink: BodySink): Promise<BodyControl> {
  const target = plainTarget(docker);
  if (target) return openPlainBody(target, `${path}?${new URLSearchParams(query).toString()}`, signal, sink);
  return openModemBody(docker, path, query, signal, sink);
}
