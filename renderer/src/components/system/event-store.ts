import { useSyncExternalStore } from 'react';
import { api } from '../../api/client';
import { appendEvents, EVENT_LOG_LIMIT, type LoggedEvent } from './event-log';

const FLUSH_MS = 200;

interface EventLogState {
  log: LoggedEvent[];
  streamError: string | undefined;
}

/**
 * The Events page's log, kept while Berth's window is open rather than while the page is: leaving the page and
 * coming back shows the recent events again (at most EVENT_LOG_LIMIT), not an empty table. One subscription,
 * opened the first time the page is shown.
 */
class EventStore {
  private state: EventLogState = { log: [], streamError: undefined };
  private readonly listeners = new Set<() => void>();
  private started = false;
  private seq = 0;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): EventLogState => this.state;

  clear(): void {
    this.set({ ...this.state, log: [] });
  }

  private set(next: EventLogState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    // Batched so a burst of events (e.g. a compose up) renders once, not hundreds of times.
    let pending: LoggedEvent[] = [];
    setInterval(() => {
      if (!pending.length) return;
      const batch = pending;
      pending = [];
      this.set({ ...this.state, log: appendEvents(this.state.log, batch) });
    }, FLUSH_MS);
    api.subscribe('engine.events', {}, {
      onEvent: (event) => {
        pending.push({ ...event, seq: ++this.seq });
        if (pending.length > EVENT_LOG_LIMIT) pending = pending.slice(-EVENT_LOG_LIMIT);
      },
      onEnd: (error) => this.set({ ...this.state, streamError: error ? error.message : 'The event stream ended.' }),
    });
  }
}

const store = new EventStore();

export function useEventLog(): EventLogState & { clear(): void } {
  const state = useSyncExternalStore(store.subscribe, store.snapshot);
  return { ...state, clear: () => store.clear() };
}
