import { ApiError } from '../../../common/errors';
import { createJsonLineParser } from '../../engine/json-lines';

type EngineStream = NodeJS.ReadableStream & { destroy?: (error?: Error) => void };

/**
 * Reads an engine JSON-lines stream to its end, handing each message to `onMessage` (which may throw to stop with
 * that error). Destroys the stream when `signal` aborts, so leaving a pull or build also cancels it in the engine.
 */
export function consumeJsonStream(stream: EngineStream, onMessage: (message: Record<string, unknown>) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) {
        stream.destroy?.();
        reject(error);
      } else resolve();
    };
    const onAbort = () => finish(new ApiError('internal', 'Cancelled.'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const parse = createJsonLineParser((value) => {
      if (settled || !value || typeof value !== 'object') return;
      try {
        onMessage(value as Record<string, unknown>);
      } catch (err) {
        finish(err);
      }
    });
    stream.on('data', parse);
    stream.on('end', () => finish());
    stream.on('close', () => finish(new ApiError('engine-unreachable', 'The engine closed the connection before finishing.')));
    stream.on('error', (err) => finish(err));
  });
}

/**
 * Calls `emit` at most every `intervalMs` with the latest value. Values are given as thunks, computed only when
 * sent: a pull reports thousands of byte counts and only a few snapshots a second are worth building.
 */
export function throttle<T>(emit: (value: T) => void, intervalMs = 100) {
  let last = 0;
  let pending: (() => T) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    timer = undefined;
    if (pending === undefined) return;
    last = Date.now();
    const make = pending;
    pending = undefined;
    emit(make());
  };
  return {
    push(value: () => T) {
      pending = value;
      if (timer) return;
      timer = setTimeout(send, Math.max(0, last + intervalMs - Date.now()));
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}
