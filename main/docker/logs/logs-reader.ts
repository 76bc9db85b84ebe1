import type Docker from 'dockerode';
import { openPlainStream } from './logs-connection';
import { LineAssembler, type LogLine } from './logs-lines';
import { createMultiplexedParser, createRawParser } from './logs-records';
import { normalizeTimestamp, toEngineTime } from './logs-time';

const MAX_LINES_PER_YIELD = 5000;

export interface LogReadOptions {
  follow: boolean;
  tail: number | 'all';
  /** RFC 3339. */
  since?: string;
  /** RFC 3339. */
  until?: string;
  /** A TTY container's output is raw; any other is framed. */
  tty: boolean;
  signal: AbortSignal;
}

function logQuery(options: LogReadOptions): Record<string, string> {
  return {
    follow: options.follow ? '1' : '0',
    stdout: '1',
    stderr: '1',
    timestamps: '1',
    tail: String(options.tail),
    ...(options.since ? { since: toEngineTime(options.since) } : {}),
    ...(options.until ? { until: toEngineTime(options.until) } : {}),
  };
}

/** Opens `/containers/{id}/logs` as a stream: over a plain socket when possible, else through dockerode. */
type LogByteSource = AsyncIterable<Buffer | string> & { readonly readableLength?: number; destroy?(): void };

function openLogStream(docker: Docker, containerId: string, options: LogReadOptions): Promise<LogByteSource> {
  const query = logQuery(options);
  const path = `/containers/${encodeURIComponent(containerId)}/logs`;
  const plain = openPlainStream(docker, `${path}?${new URLSearchParams(query).toString()}`, options.signal);
  if (plain) return plain;
  return new Promise((resolve, reject) => {
    // dockerode buffers the whole answer unless asked for a stream.
    docker.modem.dial(
      {
        path: `${path}?`,
        method: 'GET',
        isStream: true,
        abortSignal: options.signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: query,
      } as never,
      (err: unknown, stream: unknown) => (err ? reject(err) : resolve(stream as LogByteSource)),
    );
  });
}

/**
 * Reads one container's log as batches of whole lines, one batch per chunk the engine sent. Reading is pulled by
 * the consumer: while it does not ask for the next batch the socket is not read, so the engine is held back.
 */
export async function* readLogLines(docker: Docker, containerId: string, options: LogReadOptions): AsyncGenerator<LogLine[]> {
  const stream = await openLogStream(docker, containerId, options);
  let lines: LogLine[] = [];
  const assembler = new LineAssembler((line) => {
    line.timestamp = normalizeTimestamp(line.timestamp);
    lines.push(line);
  });
  const parser = options.tty ? createRawParser((r) => assembler.push(r)) : createMultiplexedParser((r) => assembler.push(r));
  try {
    for await (const chunk of stream) {
      parser.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      // The engine sends one HTTP chunk per log line: hand lines on only once what has arrived is consumed (or
      // plenty has gathered), so a flood becomes a few large batches instead of a million tiny ones.
      const buffered = stream.readableLength ?? 0;
      if (lines.length >= MAX_LINES_PER_YIELD || (lines.length && buffered === 0)) {
        const ready = lines;
        lines = [];
        yield ready;
      }
    }
    assembler.end();
    if (lines.length) yield lines;
  } finally {
    stream.destroy?.();
  }
}
