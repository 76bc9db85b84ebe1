import { parseTimeBytes } from './logs-time';

/**
 * Turns the engine's `/logs?timestamps=1` byte stream into records: one time plus the bytes it prefixes.
 *
 * Non-TTY containers send 8-byte frame headers `[stream, 0, 0, 0, size uint32 BE]`, one frame per log message.
 * TTY containers send the messages raw, one after another. Either way every message starts with
 * `<RFC 3339 timestamp> `, and a line longer than the engine's 16 KiB copy buffer arrives as several messages
 * (each with its own timestamp) of which only the last ends with a newline.
 */

export const STDOUT = 0;
export const STDERR = 1;
export type StreamIndex = typeof STDOUT | typeof STDERR;

/**
 * Receives one message: its stream, its engine time, and its content as `bytes[start, end)` after the timestamp,
 * possibly without a trailing newline (a partial message). The bytes are only valid during the call. Records are
 * passed as arguments rather than objects because a busy log has a million of them.
 */
export type RecordSink = (stream: StreamIndex, seconds: number, nanos: number, bytes: Buffer, start: number, end: number) => void;

/** The engine's log copier emits a partial message each time this many bytes arrive without a newline. */
const PARTIAL_MESSAGE_BYTES = 16 * 1024;
const HEADER_BYTES = 8;
/**
 * The engine cuts messages at 16 KiB, so a frame claiming far more means the bytes are not a log stream (or lost
 * their framing); waiting for it would buffer without bound.
 */
const MAX_FRAME_BYTES = 1 << 20;
const MAX_TIMESTAMP_BYTES = 40;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const NO_BYTES = Buffer.alloc(0);

export interface RecordParser {
  /** Feeds the next chunk; records come out through the sink given at creation. */
  push(chunk: Buffer): void;
}

/** Position of the first space in `bytes[start, end)`, or -1. */
function spaceWithin(bytes: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) if (bytes[i] === SPACE) return i;
  return -1;
}

/** Frames of a non-TTY container: each frame is one message of stdout (1) or stderr (2). */
export function createMultiplexedParser(onRecord: RecordSink): RecordParser {
  let pending: Buffer | undefined;
  // A message without a timestamp keeps the previous message's time.
  const time = { seconds: 0, nanos: 0 };
  return {
    push(chunk) {
      const buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
      let offset = 0;
      while (buffer.length - offset >= HEADER_BYTES) {
        const size = buffer.readUInt32BE(offset + 4);
        if (size > MAX_FRAME_BYTES) throw new Error(`The engine sent a malformed log stream (a frame of ${size} bytes).`);
        const start = offset + HEADER_BYTES;
        const end = start + size;
        if (end > buffer.length) break;
        const stream = buffer[offset] === 2 ? STDERR : STDOUT;
        offset = end;
        const space = spaceWithin(buffer, start, Math.min(end, start + MAX_TIMESTAMP_BYTES + 1));
        const timed = space > start && parseTimeBytes(buffer, start, space, time, true);
        onRecord(stream, time.seconds, time.nanos, buffer, timed ? space + 1 : start, end);
      }
      // Copy the remainder so a small leftover does not pin a large chunk in memory.
      pending = offset < buffer.length ? Buffer.from(buffer.subarray(offset)) : undefined;
    },
  };
}

/**
 * The raw stream of a TTY container. Message boundaries are newlines, except after a partial message, where the
 * next message's timestamp follows the 16 KiB of content directly.
 */
export function createRawParser(onRecord: RecordSink): RecordParser {
  let expectingTimestamp = true;
  let timestampBytes: Buffer = NO_BYTES;
  const time = { seconds: 0, nanos: 0 };
  let contentBytes = 0;

  const emit = (bytes: Buffer, start: number, end: number) => {
    if (end > start) onRecord(STDOUT, time.seconds, time.nanos, bytes, start, end);
  };

  return {
    push(chunk) {
      let offset = 0;
      while (offset < chunk.length) {
        if (expectingTimestamp) {
          if (!timestampBytes.length && chunk[offset] === NEWLINE) {
            // The newline ending a line of exactly 16 KiB, split from it by a chunk boundary.
            emit(chunk, offset, offset + 1);
            offset += 1;
            continue;
          }
          const space = chunk.indexOf(SPACE, offset);
          const end = space === -1 ? chunk.length : space;
          timestampBytes = Buffer.concat([timestampBytes, chunk.subarray(offset, end)]);
          if (timestampBytes.length > MAX_TIMESTAMP_BYTES || (space !== -1 && !parseTimeBytes(timestampBytes, 0, timestampBytes.length, time, true))) {
            // Not a timestamp after all (e.g. a line of exactly 16 KiB): these bytes are content.
            const notATimestamp = timestampBytes;
            timestampBytes = NO_BYTES;
            expectingTimestamp = false;
            contentBytes = Number.NEGATIVE_INFINITY;
            emit(notATimestamp, 0, notATimestamp.length);
            offset = end;
            continue;
          }
          if (space === -1) return;
          timestampBytes = NO_BYTES;
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
          emit(chunk, offset, offset + room);
          offset += room;
          if (chunk[offset] === NEWLINE) {
            emit(chunk, offset, offset + 1);
            offset += 1;
          }
          expectingTimestamp = true;
          continue;
        }
        emit(chunk, offset, end);
        contentBytes += end - offset;
        offset = end;
        if (newline !== -1) expectingTimestamp = true;
      }
    },
  };
}
