import type { ApiActivityBatch, ApiCall } from '../../common/contract/proxy';

export const ACTIVITY_CAPACITY = 10_000;
const FLUSH_MS = 100;

export type NewApiCall = Omit<ApiCall, 'id' | 'state' | 'bytesIn' | 'bytesOut'> & Partial<Pick<ApiCall, 'bytesIn' | 'bytesOut'>>;

/**
 * The calls that crossed Berth, for the activity page: the last `capacity` kept in a ring, changes sent to watchers
 * in batches. Capture is on demand: while nobody watches, `watching` is false and the proxy records nothing but
 * its counter, so an unwatched page costs nothing.
 */
export class ActivityLog {
  private readonly ring: (ApiCall | undefined)[];
  private next = 0;
  private size = 0;
  private nextId = 1;
  private droppedCount = 0;
  private readonly pending = new Set<ApiCall>();
  private readonly listeners = new Set<(batch: ApiActivityBatch) => void>();
  private timer?: NodeJS.Timeout;
  /** Requests seen since start, watched or not. */
  requests = 0;

  constructor(
    readonly capacity = ACTIVITY_CAPACITY,
    private readonly flushMs = FLUSH_MS,
  ) {
    this.ring = new Array(capacity);
  }

  get watching(): boolean {
    return this.listeners.size > 0;
  }

  /** Records a new call (call only while `watching`) and returns it; mutate it and call `changed` as it progresses. */
  begin(fields: NewApiCall): ApiCall {
    const record: ApiCall = { bytesIn: 0, bytesOut: 0, ...fields, id: this.nextId++, state: 'open' };
    if (this.size === this.capacity) this.droppedCount++;
    else this.size++;
    this.ring[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
    this.changed(record);
    return record;
  }

  /** Marks a call as changed: watchers get it in the next batch. */
  changed(record: ApiCall): void {
    if (!this.watching) return;
    this.pending.add(record);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** The retained calls, oldest first. */
  history(): ApiCall[] {
    const calls: ApiCall[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let index = 0; index < this.size; index++) calls.push(this.ring[(start + index) % this.capacity]!);
    return calls;
  }

  /** Subscribes a watcher: it gets the history at once, then batches. Returns the unsubscribe. */
  subscribe(listener: (batch: ApiActivityBatch) => void): () => void {
    this.listeners.add(listener);
    listener(this.batch(this.history(), true));
    return () => {
      this.listeners.delete(listener);
      if (!this.watching) this.stopFlushing();
    };
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.size = 0;
    this.pending.clear();
    for (const listener of this.listeners) listener(this.batch([], true));
  }

  dispose(): void {
    this.listeners.clear();
    this.stopFlushing();
  }

  private stopFlushing(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.pending.size) return;
    const batch = this.batch([...this.pending], false);
    this.pending.clear();
    for (const listener of this.listeners) listener(batch);
  }

  private batch(calls: ApiCall[], reset: boolean): ApiActivityBatch {
    return { calls, reset, dropped: this.droppedCount, capacity: this.capacity };
  }
}
