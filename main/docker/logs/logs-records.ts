/**
 * Turns the engine's `/logs?timestamps=1` byte stream into records: one timestamp plus the bytes it prefixes.
 *
 * Non-TTY containers send 8-byte frame headers `[stream, 0, 0, 0, size uint32 BE]`, one frame per log message.
 * TTY containers send the messages raw, one after another. Either way every message starts with
 * `<RFC 3339 timestamp> `, and a line longer than the engine's 16 KiB copy buffer arrives as several messages
 * (each with its own timestamp) of which only the last ends with a newline.
 */

export const STDOUT = 0;
export const STDERR = 1;
export type StreamIndex = typeof STDOUT | typeof STDERR;

export interface LogRecord {
  stream: StreamIndex;
  timestamp: string;
  /** Message bytes after the timestamp, possibly without a trailing newline (a partial message). */
  content: Buffer;
}

/** The engine's log copier emits a partial message each time this many bytes arrive without a newline. */
const PARTIAL_MESSAGE_BYTES = 16 * 1024;
const HEADER_BYTES = 8;
const MAX_TIMESTAMP_BYTES = 40;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

export interface RecordParser {
  /** Feeds the next chunk; records come out through the callback given at creation. */
  push(chunk: Buffer): void;
}

const DASH = 0x2d;
const LETTER_T = 0x54;

/** Cheap structural check first (this runs once per log line); the full pattern only confirms. */
function isTimestamp(bytes: Buffer, length: number): boolean {
  return length >= 20 && bytes[4] === DASH && bytes[10] === LETTER_T && TIMESTAMP.test(bytes.toString('latin1', 0, length));
}

/** Splits one message into its timestamp and content; a message without one keeps the previous timestamp. */
function splitMessage(message: Buffer, previousTimestamp: string): { timestamp: string; content: Buffer } {
  const space = message.indexOf(SPACE);
  if (space > 0 && space <= MAX_TIMESTAMP_BYTES && isTimestamp(message, space)) {
    return { timestamp: message.toString('latin1', 0, space), content: message.subarray(space + 1) };
  }
  return { timestamp: previousTimestamp, content: message };
}

/** Frames of a non-TTY container: each frame is one message of stdout (1) or stderr (2). */
export function createMultiplexedParser(onRecord: (record: LogRecord) => void): RecordParser {
  let pending: Buffer = Buffer.alloc(0);
  let lastTimestamp = '';
  return {
    push(chunk) {
      let buffer = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let offset = 0;
      while (buffer.length - offset >= HEADER_BYTES) {
        const size = buffer.readUInt32BE(offset + 4);
        if (buffer.length - offset - HEADER_BYTES < size) break;
        const type = buffer[offset]!;
        const message = buffer.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + size);
        offset += HEADER_BYTES + size;
        const { timestamp, content } = splitMessage(message, lastTimestamp);
        lastTimestamp = timestamp;
        onRecord({ stream: type === 2 ? STDERR : STDOUT, timestamp, content });
      }
      buffer = buffer.subarray(offset);
      // Copy the remainder so a small leftover does not pin a large chunk in memory.
      pending = buffer.length ? Buffer.from(buffer) : Buffer.alloc(0);
    },
  };
}

/**
 * The raw stream of a TTY container. Message boundaries are newlines, except after a partial message, where the
 * next message's timestamp follows the 16 KiB of content directly.
 */
export function createRawParser(onRecord: (record: LogRecord) => void): RecordParser {
  let expectingTimestamp = true;
  let timestampBytes: Buffer = Buffer.alloc(0);
  let timestamp = '';
  let contentBytes = 0;

  const emit = (content: Buffer) => {
    if (content.length) onRecord({ stream: STDOUT, timestamp, content });
  };

  return {
    push(chunk) {
      let offset = 0;
      while (offset < chunk.length) {
        if (expectingTimestamp) {
          if (!timestampBytes.length && chunk[offset] === NEWLINE) {
            // The newline ending a line of exactly 16 KiB, split from it by a chunk boundary.
            emit(chunk.subarray(offset, offset + 1));
            offset += 1;
            continue;
          }
          const space = chunk.indexOf(SPACE, offset);
          const end = space === -1 ? chunk.length : space;
          timestampBytes = Buffer.concat([timestampBytes, chunk.subarray(offset, end)]);
          if (timestampBytes.length > MAX_TIMESTAMP_BYTES || (space !== -1 && !TIMESTAMP.test(timestampBytes.toString('latin1')))) {
            // Not a timestamp after all (e.g. a line of exactly 16 KiB): these bytes are content.
            const notATimestamp = timestampBytes;
            timestampBytes = Buffer.alloc(0);
            expectingTimestamp = false;
            contentBytes = Number.NEGATIVE_INFINITY;
            emit(notATimestamp);
            offset = end;
            continue;
          }
          if (space === -1) return;
          timestamp = timestampBytes.toString('latin1');
          timestampBytes = Buffer.alloc(0);
          expectingTimestamp = false;
          contentBytes = 0;
          offset = space + 1;
          continue;
        }
        const newline = chunk.indexOf(NEWLINE, offset);
        const room = contentBytes >= 0 ? PARTIAL_MESSAGE_BYTES - contentBytes : Number.POSITIVE_INFINITY;
        const end = newline === -1 ? chunk.length : newline + 1;
        if (end - offset > room || (end - offset === room && newline === -1)) {
          // A full partial message: a new timestamp follows, unless the line simply ends here.
          emit(chunk.subarray(offset, offset + room));
          offset += room;
          if (chunk[offset] === NEWLINE) {
            emit(chunk.subarray(offset, offset + 1));
            offset += 1;
          }
          expectingTimestamp = true;
          continue;
        }
        emit(chunk.subarray(offset, end));
        contentBytes += end - offset;
        offset = end;
        if (newline !== -1) expectingTimestamp = true;
      }
    },
  };
}
