import { forEachLogTime, formatLogTime, logLineTexts, type LogLines } from '../../../../common/contract/logs';
import { formatLocalLogTime } from './log-time';

export const DEFAULT_CAPACITY = 1_000_000;
const STDERR_FLAG = 1;

/** Where a re-opened stream resumes: the last timestamp held and how many held lines carry exactly it. */
export interface ResumePoint {
  timestamp: string;
  linesAtTimestamp: number;
}

/**
 * The renderer's bounded line buffer: a ring over parallel arrays, addressed by a sequence number that only grows,
 * so indexes built over it (search matches, filters) stay valid while the oldest lines are dropped.
 * Line `seq` lives in slot `seq % capacity`.
 */
export class LogStore {
  private readonly text: string[] = [];
  /** Engine time of each line: Unix seconds and nanoseconds (8 bytes a line instead of a 30-character string). */
  private readonly seconds: Float64Array;
  private readonly nanos: Uint32Array;
  /** Bit 0: stderr; the rest: source index. */
  private readonly meta: Uint32Array;
  private first = 0;
  private end = 0;
  private droppedCount = 0;
  private lastSeconds = -1;
  private lastNanos = 0;
  private linesAtLast = 0;

  constructor(readonly capacity = DEFAULT_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.meta = new Uint32Array(capacity);
    this.seconds = new Float64Array(capacity);
    this.nanos = new Uint32Array(capacity);
  }

  /** Sequence number of the oldest line held. */
  get firstSeq(): number {
    return this.first;
  }

  /** One past the newest line's sequence number. */
  get endSeq(): number {
    return this.end;
  }

  get size(): number {
    return this.end - this.first;
  }

  /** Lines dropped because the buffer was full (not those removed by `clear`). */
  get dropped(): number {
    return this.droppedCount;
  }

  /** The latest time held and how many lines carry it: where a re-opened stream resumes. */
  get resumePoint(): ResumePoint | undefined {
    if (this.lastSeconds < 0) return undefined;
    return { timestamp: formatLogTime(this.lastSeconds, this.lastNanos), linesAtTimestamp: this.linesAtLast };
  }

  append(lines: LogLines): void {
    const text = logLineTexts(lines);
    const { stderr, source } = lines;
    let stderrAt = 0;
    forEachLogTime(lines.time, (seconds, nanos, i) => {
      const slot = this.end % this.capacity;
      if (slot === this.text.length) this.text.push(text[i]!);
      else this.text[slot] = text[i]!;
      this.seconds[slot] = seconds;
      this.nanos[slot] = nanos;
      let meta = (source?.[i] ?? 0) << 1;
      if (stderr[stderrAt] === i) {
        meta |= STDERR_FLAG;
        stderrAt++;
      }
      this.meta[slot] = meta;
      this.end++;
      this.noteTime(seconds, nanos);
    });
    const excess = this.size - this.capacity;
    if (excess > 0) {
      this.first += excess;
      this.droppedCount += excess;
    }
  }

  /** Forgets every line held; the resume point stays, so a re-opened stream continues after them. */
  clear(): void {
    this.first = this.end;
  }

  textAt(seq: number): string {
    return this.text[seq % this.capacity]!;
  }

  /** The engine's timestamp (UTC, nanoseconds), as `docker logs -t` prints it: for downloads and hover. */
  timestampAt(seq: number): string {
    const slot = seq % this.capacity;
    return formatLogTime(this.seconds[slot]!, this.nanos[slot]!);
  }

  /** The line's time on the local clock with milliseconds: what the viewer shows. */
  localTimeAt(seq: number): string {
    const slot = seq % this.capacity;
    return formatLocalLogTime(this.seconds[slot]!, this.nanos[slot]!);
  }

  isStderr(seq: number): boolean {
    return (this.meta[seq % this.capacity]! & STDERR_FLAG) !== 0;
  }

  sourceAt(seq: number): number {
    return this.meta[seq % this.capacity]! >>> 1;
  }

  private noteTime(seconds: number, nanos: number): void {
    if (seconds === this.lastSeconds && nanos === this.lastNanos) this.linesAtLast++;
    else if (seconds > this.lastSeconds || (seconds === this.lastSeconds && nanos > this.lastNanos)) {
      this.lastSeconds = seconds;
      this.lastNanos = nanos;
      this.linesAtLast = 1;
    }
  }
}
