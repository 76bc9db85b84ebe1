/**
 * A test's client of the router, speaking the same messages the renderer sends over Electron IPC or the browser-mode
 * WebSocket. Every frame in both directions is kept as the JSON text a transport would carry, so a test can search
 * the traffic (for a secret, say).
 */
import type { ResponseMessage } from '../common/protocol';

interface RouterLike {
  connect(send: (message: ResponseMessage) => void): { receive(raw: unknown): void; close(): void };
}

export interface StreamEnd {
  events: unknown[];
  error?: { code: string; message: string };
}

export interface OpenStream {
  id: number;
  events: unknown[];
  /** Resolves when the stream ended (by the server, or after `close`), with its events and error. */
  ended: Promise<StreamEnd>;
  /** Resolves with the first event matching `test`. */
  next(test: (event: unknown) => boolean): Promise<unknown>;
  close(): void;
}

export interface RouterClient {
  /** Every frame sent and received, as JSON text. */
  readonly frames: string[];
  call<T = unknown>(method: string, input: unknown): Promise<T>;
  /** A call's whole answer: the value, or the typed error. */
  settle(method: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>;
  subscribe(stream: string, input: unknown): OpenStream;
  close(): void;
}

export function routerClient(router: RouterLike): RouterClient {
  const frames: string[] = [];
  const results = new Map<number, (message: ResponseMessage & { t: 'result' }) => void>();
  const streams = new Map<number, { events: unknown[]; end: (end: StreamEnd) => void; waiters: Set<() => void> }>();
  const connection = router.connect((message) => {
    frames.push(JSON.stringify(message));
    if (message.t === 'result') {
      results.get(message.id)?.(message);
      results.delete(message.id);
      return;
    }
    const stream = streams.get(message.id);
    if (!stream) return;
    if (message.t === 'event') {
      stream.events.push(message.data);
      for (const wake of stream.waiters) wake();
    } else {
      streams.delete(message.id);
      stream.end({ events: stream.events, ...(message.error ? { error: message.error } : {}) });
      for (const wake of stream.waiters) wake();
    }
  });
  let nextId = 1;
  const send = (message: object) => {
    frames.push(JSON.stringify(message));
    connection.receive(JSON.parse(JSON.stringify(message)));
  };
  const settle: RouterClient['settle'] = (method, input) =>
    new Promise((resolve) => {
      const id = nextId++;
      results.set(id, (message) => resolve(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error }));
      send({ t: 'call', id, method, input });
    });
  return {
    frames,
    settle,
    call: async <T>(method: string, input: unknown): Promise<T> => {
      const answer = await settle(method, input);
      if (!answer.ok) throw Object.assign(new Error(`${method}: ${answer.error.code}: ${answer.error.message}`), answer.error);
      return answer.value as T;
    },
    subscribe: (stream, input) => {
      const id = nextId++;
      const events: unknown[] = [];
      const waiters = new Set<() => void>();
      let finished = false;
      const ended = new Promise<StreamEnd>((resolve) => {
        streams.set(id, {
          events,
          waiters,
          end: (end) => {
            finished = true;
            resolve(end);
          },
        });
      });
      send({ t: 'sub', id, stream, input });
      return {
        id,
        events,
        ended,
        next: (test) =>
          new Promise((resolve, reject) => {
            const check = () => {
              const found = events.find(test);
              if (found !== undefined) {
                waiters.delete(check);
                resolve(found);
              } else if (finished) {
                waiters.delete(check);
                reject(new Error(`${stream} ended before the awaited event; its events: ${JSON.stringify(events).slice(0, 2000)}`));
              }
            };
            waiters.add(check);
            check();
          }),
        close: () => {
          send({ t: 'unsub', id });
          const open = streams.get(id);
          streams.delete(id);
          open?.end({ events });
        },
      };
    },
    close: () => connection.close(),
  };
}
