import { StringDecoder } from 'node:string_decoder';
import { STDERR, STDOUT, type LogRecord, type StreamIndex } from './logs-records';

export interface LogLine {
  stream: StreamIndex;
  /** The engine's timestamp of the message that started the line. */
  timestamp: string;
  text: string;
}

/** A line longer than this is cut into pieces, so a container that never prints a newline cannot grow memory. */
export const MAX_LINE_CHARS = 1 << 20;
const NEWLINE = 0x0a;

interface PendingLine {
  decoder: StringDecoder;
  /** Nothing is pending: the last record of this stream ended with a newline (or there was none yet). */
  clean: boolean;
  text: string;
  timestamp: string | undefined;
}

function stripCarriageReturn(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/**
 * Joins records into whole lines, per stream (stdout and stderr messages interleave, each with its own partial
 * line). Decoding is incremental, so a multi-byte character split across messages or chunks stays intact.
 */
export class LineAssembler {
  private readonly pending: [PendingLine, PendingLine] = [
    { decoder: new StringDecoder('utf8'), clean: true, text: '', timestamp: undefined },
    { decoder: new StringDecoder('utf8'), clean: true, text: '', timestamp: undefined },
  ];

  constructor(private readonly onLine: (line: LogLine) => void) {}

  push(record: LogRecord): void {
    const pending = this.pending[record.stream];
    const { content } = record;
    // The common case, once per line: a whole line after a whole line. No character can straddle its edges (both
    // are newlines), so it decodes on its own.
    if (pending.clean && content.length && content[content.length - 1] === NEWLINE && content.indexOf(NEWLINE) === content.length - 1) {
      this.onLine({ stream: record.stream, timestamp: record.timestamp, text: stripCarriageReturn(content.toString('utf8', 0, content.length - 1)) });
      return;
    }
    pending.clean = content.length > 0 && content[content.length - 1] === NEWLINE;
    const text = pending.decoder.write(content);
    if (!text) return;
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const piece = text.slice(start, newline);
      this.onLine({ stream: record.stream, timestamp: pending.timestamp ?? record.timestamp, text: stripCarriageReturn(pending.text + piece) });
      pending.text = '';
      pending.timestamp = undefined;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length) {
      pending.timestamp ??= record.timestamp;
      pending.text += text.slice(start);
      if (pending.text.length >= MAX_LINE_CHARS) this.flushStream(record.stream);
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
    this.onLine({ stream, timestamp: pending.timestamp ?? '', text: pending.text });
    pending.text = '';
    pending.timestamp = undefined;
  }
}
