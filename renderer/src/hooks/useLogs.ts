import { useEffect, useRef, useState } from 'react';
import type { LogEvent, LogSource } from '../../../common/contract/logs';
import type { Subscription } from '../../../common/client';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';
import { LogStore, type ResumePoint } from '../components/logs/log-store';
import { engineStatusNow, onEngineStatus } from './useEngineStatus';

export type LogTarget = { kind: 'container'; containerId: string } | { kind: 'project'; project: string } | { kind: 'swarm-service'; service: string };

export interface LogRange {
  tail: number | 'all';
  /** RFC 3339 (UTC). */
  since?: string;
  until?: string;
}

export type LogPhase =
  /** The initial range is arriving. */
  | 'loading'
  /** Following live output. */
  | 'live'
  /** Everything asked for is here and nothing more will come (a fixed range). */
  | 'complete'
  /** The engine went away; the stream resumes where it left off when it is back. */
  | 'engine-lost'
  | 'failed';

export interface LogsState {
  store: LogStore;
  /** Changes whenever the store's content changes (at most every 100 ms, in a frame). */
  version: number;
  sources: LogSource[];
  phase: LogPhase;
  error: ApiError | undefined;
  /** Empties the view; a later reload starts after the lines cleared. */
  clear(): void;
}

const ENGINE_RECHECK_MS = 3000;
const RENDER_INTERVAL_MS = 100;
/** While a big initial range streams in, a few renders a second show progress and leave the CPU to the loading. */
const LOADING_RENDER_INTERVAL_MS = 250;

interface Cursor {
  since?: string;
  skipAtSince?: number;
  tail: number | 'all';
}

/** The later of the user's `since` and a resume point; resuming always reads everything after it. */
function cursorFor(range: LogRange, resume: ResumePoint | undefined): Cursor {
  if (!resume || (range.since && range.since > resume.timestamp)) return { tail: range.tail, ...(range.since ? { since: range.since } : {}) };
  return { since: resume.timestamp, skipAtSince: resume.linesAtTimestamp, tail: range.tail };
}

/**
 * Streams a container's or Compose project's logs into a bounded store. Batches are acknowledged as soon as they
 * are stored (that is the backpressure signal); if the engine goes away the view keeps its lines and resumes after
 * the last one when the engine is back, and a re-opened connection continues without repeats.
 */
export function useLogs(target: LogTarget, range: LogRange, capacity: number): LogsState {
  const targetKey = JSON.stringify(target);
  const rangeKey = JSON.stringify(range);
  const clearPoints = useRef(new Map<string, ResumePoint>());
  const [state, setState] = useState<Omit<LogsState, 'clear'>>(() => ({
    // An empty stand-in until the effect opens the stream with the real store: a store allocates `capacity` slots.
    store: new LogStore(1),
    version: 0,
    sources: [],
    phase: 'loading',
    error: undefined,
  }));

  useEffect(() => {
    const parsedTarget = JSON.parse(targetKey) as LogTarget;
    const parsedRange = JSON.parse(rangeKey) as LogRange;
    const store = new LogStore(capacity);
    let disposed = false;
    let version = 0;
    let frame = 0;
    let subscription: Subscription | undefined;
    let offStatus: (() => void) | undefined;

    const update = (patch: Partial<Omit<LogsState, 'clear' | 'store'>>) => {
      if (!disposed) setState((previous) => ({ ...previous, ...patch, store }));
    };
    let lastRender = 0;
    let loading = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const render = () => {
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        lastRender = performance.now();
        update({ version: ++version });
      });
    };
    // Re-render at most every RENDER_INTERVAL_MS (and only in a frame): a flood then costs a few renders a second,
    // not one per batch.
    const bumpVersion = () => {
      if (frame || timer) return;
      const wait = Math.max(0, lastRender + (loading ? LOADING_RENDER_INTERVAL_MS : RENDER_INTERVAL_MS) - performance.now());
      timer = setTimeout(() => {
        timer = undefined;
        render();
      }, wait);
    };
    /** The initial range is complete: show its end in the next frame rather than after the loading interval. */
    const finishLoading = () => {
      loading = false;
      if (!timer) return;
      clearTimeout(timer);
      timer = undefined;
      render();
    };
    update({ version: 0, sources: [], phase: 'loading', error: undefined });

    /**
     * Calls back once the engine is connected again. The status stream reports the change; the periodic check covers
     * an outage so short that the status was already back when the log stream's end arrived.
     */
    const waitForEngine = (resume: () => void) => {
      offStatus?.();
      const done = () => {
        offStatus?.();
        offStatus = undefined;
        if (!disposed) resume();
      };
      const offChange = onEngineStatus((status) => {
        if (status.state === 'connected') done();
      });
      const timer = setInterval(() => {
        if (engineStatusNow().state === 'connected') done();
      }, ENGINE_RECHECK_MS);
      offStatus = () => {
        offChange();
        clearInterval(timer);
      };
    };

    const follow = !parsedRange.until;
    const first = cursorFor(parsedRange, clearPoints.current.get(targetKey));

    /**
     * Opens the stream from `first`, or after the last stored line once there is one. The input is asked for again
     * whenever the stream is opened again (a reconnect of the transport, or the engine coming back).
     */
    const open = () => {
      let session: string | undefined;
      let live = true;
      const input = () => {
        const cursor: Cursor = store.resumePoint ? { ...cursorFor(parsedRange, store.resumePoint), tail: 'all' } : first;
        return { ...cursor, follow, ...(parsedRange.until ? { until: parsedRange.until } : {}) };
      };
      const handlers = {
        onEvent: (event: LogEvent) => {
          if (!live || disposed) return;
          if (event.type === 'start') {
            session = event.session;
            update({ sources: event.sources });
          } else if (event.type === 'lines') {
            store.append(event.lines);
            bumpVersion();
            api.call('logs.ack', { session: session!, seq: event.seq }).catch(() => undefined);
          } else if (event.type === 'sources') {
            update({ sources: event.sources });
          } else if (event.type === 'caught-up') {
            finishLoading();
            update({ phase: follow ? 'live' : 'complete' });
          }
        },
        onEnd: (error?: ApiError) => {
          if (!live || disposed) return;
          live = false;
          if (!error) return update({ phase: 'complete' });
          if (error.code !== 'engine-unreachable') return update({ phase: 'failed', error });
          update({ phase: 'engine-lost', error });
          waitForEngine(() => {
            update({ phase: 'loading', error: undefined });
            open();
          });
        },
      };
      subscription =
        parsedTarget.kind === 'container'
          ? api.subscribe('logs.container', () => ({ containerId: parsedTarget.containerId, ...input() }), handlers)
          : parsedTarget.kind === 'project'
            ? api.subscribe('logs.project', () => ({ project: parsedTarget.project, ...input() }), handlers)
            : api.subscribe('logs.swarmService', () => ({ service: parsedTarget.service, ...input() }), handlers);
    };

    open();
    return () => {
      disposed = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      subscription?.unsubscribe();
      offStatus?.();
    };
  }, [targetKey, rangeKey, capacity]);

  return {
    ...state,
    clear: () => {
      const { store } = state;
      if (store.resumePoint) clearPoints.current.set(targetKey, { ...store.resumePoint });
      store.clear();
      setState((previous) => ({ ...previous, version: previous.version + 1 }));
    },
  };
}

