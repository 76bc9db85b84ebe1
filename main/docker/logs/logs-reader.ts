import type Docker from 'dockerode';
import { openResponseBody, type BodySink } from './logs-connection';
import { LineAssembler, type LogLine } from './logs-lines';
import { createMultiplexedParser, createRawParser, type RecordSink } from './logs-records';
import { toEngineTime, type LogTime } from './logs-time';

/** Lines are handed on at once when this many wait (or this many characters) … */
const HAND_ON_LINES = 5000;
const HAND_ON_CHARS = 1 << 20;
/** … else once the first of them has waited this long, so that a trickle of reads becomes a few batches. */
const GATHER_MS = 5;
/** Reading pauses while this many lines (or characters) wait for the consumer. */
const MAX_WAITING_LINES = 4 * HAND_ON_LINES;
const MAX_WAITING_CHARS = 4 * HAND_ON_CHARS;

export interface LogReadOptions {
  follow: boolean;
  tail: number | 'all';
  since?: LogTime;
  until?: LogTime;
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

/**
 * Reads one container's log as batches of whole lines. Bytes are parsed into lines as they arrive; the lines wait
 * for the consumer, and while too many wait the socket is not read, so the engine is held back.
 */
export async function* readLogLines(docker: Docker, containerId: string, options: LogReadOptions): AsyncGenerator<LogLine[]> {
  let lines: LogLine[] = [];
  let waitingChars = 0;
  let done = false;
  let failure: unknown;
  let paused = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  const notify = () => {
    clearTimeout(timer);
    timer = undefined;
    const waiter = wake;
    wake = undefined;
    waiter?.();
  };
  const assembler = new LineAssembler((line) => {
    lines.push(line);
    waitingChars += line.text.length;
  });
  const onRecord: RecordSink = (stream, seconds, nanos, bytes, start, end) => assembler.push(stream, seconds, nanos, bytes, start, end);
  const parser = options.tty ? createRawParser(onRecord) : createMultiplexedParser(onRecord);

  const sink: BodySink = {
    data(bytes) {
      if (done) return false;
      try {
        parser.push(bytes);
      } catch (err) {
        // A parser fault must not escape into the socket's read callback.
        done = true;
        failure = err;
        notify();
        return false;
      }
      if (lines.length >= HAND_ON_LINES || waitingChars >= HAND_ON_CHARS) notify();
      else if (lines.length && !timer) timer = setTimeout(notify, GATHER_MS);
      if (lines.length < MAX_WAITING_LINES && waitingChars < MAX_WAITING_CHARS) return true;
      paused = true;
      return false;
    },
    end(error) {
      if (done) return;
      done = true;
      if (error && !options.signal.aborted) failure = error;
      else assembler.end();
      notify();
    },
  };

  const body = await openResponseBody(docker, `/containers/${encodeURIComponent(containerId)}/logs`, logQuery(options), options.signal, sink);
  try {
    for (;;) {
      if (lines.length) {
        const ready = lines;
        lines = [];
        waitingChars = 0;
        if (paused) {
          paused = false;
          body.resume();
        }
        yield ready;
        continue;
      }
      if (failure) throw failure;
      if (done || options.signal.aborted) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    clearTimeout(timer);
    body.destroy();
  }
}
