import { StringDecoder } from 'node:string_decoder';
import { STDERR, STDOUT, type StreamIndex } from './logs-records';

export interface LogLine {
  stream: StreamIndex;
  /** The engine time of the message that started the line: Unix seconds … */
  seconds: number;
  /** … and nanoseconds. */
  nanos: number;
  text: string;
  /** Index of the line's container in the view's source list (0 until the view assigns it). */
  source: number;
}

/** A line longer than this is cut into pieces, so a container that never prints a newline cannot grow memory. */
export const MAX_LINE_CHARS = 1 << 20;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

interface PendingLine {
  decoder: StringDecoder;
  /** Nothing is pending: the last record of this stream ended with a newline (or there was none yet). */
  clean: boolean;
  text: string;
  /** The time of the message that started the pending text, when there is some. */
  seconds: number;
  nanos: number;
}

function stripCarriageReturn(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** Whether `bytes[start, end)` holds no newline; messages are short, so a loop beats a native call. */
function hasNoNewline(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] === NEWLINE) return false;
  return true;
}

/**
 * Joins records into whole lines, per stream (stdout and stderr messages interleave, each with its own partial
 * line). Decoding is incremental, so a multi-byte character split across messages or chunks stays intact.
 */
export class LineAssembler {
  private readonly pending: [PendingLine, PendingLine] = [
    { decoder: new StringDecoder('utf8'), clean: true, text: '', seconds: 0, nanos: 0 },
    { decoder: new StringDecoder('utf8'), clean: true, text: '', seconds: 0, nanos: 0 },
  ];

  constructor(private readonly onLine: (line: LogLine) => void) {}

  /** Takes one record (see `RecordSink`). */
  push(stream: StreamIndex, seconds: number, nanos: number, bytes: Buffer, start: number, end: number): void {
    const pending = this.pending[stream];
    const endsLine = end > start && bytes[end - 1] === NEWLINE;
    // The common case, once per line: a whole line after a whole line. No character can straddle its edges (both
    // are newlines), so it decodes on its own, straight from the bytes.
    if (pending.clean && endsLine && hasNoNewline(bytes, start, end - 1)) {
      const textEnd = end - 1 > start && bytes[end - 2] === CARRIAGE_RETURN ? end - 2 : end - 1;
      this.onLine({ stream, seconds, nanos, text: bytes.toString('utf8', start, textEnd), source: 0 });
      return;
    }
    pending.clean = endsLine;
    const text = pending.decoder.write(bytes.subarray(start, end));
    if (!text) return;
    let from = 0;
    let newline = text.indexOf('\n');
    if (!pending.text) {
      pending.seconds = seconds;
      pending.nanos = nanos;
    }
    while (newline !== -1) {
      const piece = text.slice(from, newline);
      this.onLine({ stream, seconds: pending.seconds, nanos: pending.nanos, text: stripCarriageReturn(pending.text + piece), source: 0 });
      pending.text = '';
      pending.seconds = seconds;
      pending.nanos = nanos;
      from = newline + 1;
      newline = text.indexOf('\n', from);
    }
    if (from < text.length) {
      pending.text += text.slice(from);
      if (pending.text.length >= MAX_LINE_CHARS) this.flushStream(stream);
    }
  }

  /** The source ended: a last line without a newline is still a line. */
  end(): void {
    for (const stream of [STDOUT, STDERR] as const) {
      const pending = this.pending[stream];
      pending.text += pending.decoder.end();
      this.flushStream(stream);
    }
  }

  private flushStream(stream: StreamIndex): void {
    const pending = this.pending[stream];
    if (!pending.text) return;
    this.onLine({ stream, seconds: pending.seconds, nanos: pending.nanos, text: pending.text, source: 0 });
    pending.text = '';
  }
}
