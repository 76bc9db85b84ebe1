import type { LogLines } from '../../../common/contract/logs';
import type { LogLine } from './logs-lines';
import { STDERR } from './logs-records';
import { compareTimes } from './logs-time';

export interface BatcherOptions {
  /** Longest a line waits before it is sent. */
  intervalMs: number;
  /** A batch is sent early once it holds this many lines … */
  maxLines: number;
  /** … or this many characters. */
  maxChars: number;
  /** Batches sent but not yet acknowledged by the renderer; at this many, sending (and reading) pauses. */
  window: number;
  /** Whether lines carry their source index (merged views). */
  withSource: boolean;
  /** Sort each batch by timestamp before sending (merged views with several live sources). */
  sortByTime: boolean;
}

export const DEFAULT_BATCHER_OPTIONS: Omit<BatcherOptions, 'withSource' | 'sortByTime'> = {
  intervalMs: 50,
  maxLines: 20_000,
  maxChars: 1 << 21,
  window: 8,
};

/** Offsets beyond this many seconds would lose nanosecond precision as doubles: such a line starts a new batch. */
const MAX_DELTA_SECONDS = 4_000_000;

/** Encodes lines for the wire; returns how many it took (fewer than given when a time gap is too large to encode). */
function toWire(lines: readonly LogLine[], withSource: boolean): [LogLines, number] {
  const text: string[] = [];
  const deltas: number[] = [];
  const stderr: number[] = [];
  const source: number[] | undefined = withSource ? [] : undefined;
  const { seconds: firstSeconds, nanos: firstNanos } = lines[0]!;
  let previousSeconds = firstSeconds;
  let previousNanos = firstNanos;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (Math.abs(line.seconds - previousSeconds) > MAX_DELTA_SECONDS) break;
    deltas.push((line.seconds - previousSeconds) * 1e9 + (line.nanos - previousNanos));
    previousSeconds = line.seconds;
    previousNanos = line.nanos;
    text.push(line.text);
    if (line.stream === STDERR) stderr.push(i);
    source?.push(line.source);
  }
  const time = { seconds: firstSeconds, nanos: firstNanos, deltas };
  const joined = text.join('\n');
  return [source ? { text: joined, time, stderr, source } : { text: joined, time, stderr }, text.length];
}

/**
 * Collects lines and sends them in batches (by time and size, never one message per chunk), keeping at most
 * `window` batches unacknowledged. Producers `await waitForRoom()` between reads, so a renderer that falls behind
 * holds the engine stream back instead of growing memory here.
 */
export class LogBatcher {
  private pending: LogLine[] = [];
  private pendingChars = 0;
  private sentSeq = 0;
  private ackedSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly send: (seq: number, lines: LogLines) => void,
    private readonly options: BatcherOptions,
  ) {}

  add(lines: readonly LogLine[]): void {
    if (this.closed) return;
    for (const line of lines) {
      this.pending.push(line);
      this.pendingChars += line.text.length;
    }
    this.flush();
  }

  /** The renderer has taken in every batch up to `seq`. */
  ack(seq: number): void {
    if (seq <= this.ackedSeq || seq > this.sentSeq) return;
    this.ackedSeq = seq;
    this.flush();
  }

  /** Resolves when the producer may read more: little is pending, or the batcher was closed. */
  waitForRoom(): Promise<void> {
    if (this.closed || this.pending.length < this.options.maxLines * 2) return Promise.resolve();
    return this.waitFor(() => this.pending.length < this.options.maxLines * 2);
  }

  /** Resolves once every pending line has been sent. */
  drain(): Promise<void> {
    this.flush(true);
    return this.waitFor(() => this.pending.length === 0);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.wake();
  }

  private waitFor(condition: () => boolean): Promise<void> {
    if (this.closed || condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.closed || condition()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private isFull(): boolean {
    return this.pending.length >= this.options.maxLines || this.pendingChars >= this.options.maxChars;
  }

  private onTimer(): void {
    this.timer = undefined;
    this.flush(true);
  }

  /**
   * Sends what the window allows: only full batches unless `partial` (the interval elapsed or a drain was asked),
   * so acknowledgements arriving quickly never turn a flood into a stream of tiny batches.
   */
  private flush(partial = false): void {
    // The first lines of a view go out at once: waiting to fill a batch only delays the first paint.
    if (this.sentSeq === 0) partial = true;
    while (!this.closed && this.pending.length && this.sentSeq - this.ackedSeq < this.options.window) {
      if (!partial && !this.isFull()) break;
      let count = 0;
      let chars = 0;
      while (count < this.pending.length && count < this.options.maxLines && (count === 0 || chars < this.options.maxChars)) {
        chars += this.pending[count]!.text.length;
        count++;
      }
      const batch = this.pending.slice(0, count);
      if (this.options.sortByTime) batch.sort(compareTimes);
      const [wire, used] = toWire(batch, this.options.withSource);
      this.pending = used === count ? this.pending.slice(count) : [...batch.slice(used), ...this.pending.slice(count)];
      for (let i = 0; i < used; i++) this.pendingChars -= batch[i]!.text.length;
      this.sentSeq++;
      this.send(this.sentSeq, wire);
      partial = false;
    }
    if (!this.pending.length) {
      clearTimeout(this.timer);
      this.timer = undefined;
    } else {
      this.timer ??= setTimeout(() => this.onTimer(), this.options.intervalMs);
    }
    this.wake();
  }
}
