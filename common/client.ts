import { ApiError } from './errors';
import type { CallNames, ContractShape, EventOf, InputOf, OutputOf, StreamNames } from './contract/define';
import type { MessagePort, ResponseMessage } from './protocol';

export interface Subscription {
  /** Stops the stream; safe to call more than once. */
  unsubscribe(): void;
}

export interface StreamHandlers<E> {
  onEvent(event: E): void;
  /** Called once when the other side ends the stream, with the reason if it failed. */
  onEnd?(error?: ApiError): void;
}

/**
 * A stream's input, or a function that gives it each time the stream is opened. A reconnect opens live streams
 * again; with a function, a view continues from where it is instead of from where it began.
 */
export type StreamInput<I> = I | (() => I);

export function currentInput<I>(input: StreamInput<I>): I {
  return typeof input === 'function' ? (input as () => I)() : input;
}

export interface ApiClient<C extends ContractShape> {
  call<K extends CallNames<C>>(method: K, input: InputOf<C[K]>): Promise<OutputOf<C[K]>>;
  subscribe<K extends StreamNames<C>>(stream: K, input: StreamInput<InputOf<C[K]>>, handlers: StreamHandlers<EventOf<C[K]>>): Subscription;
}

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: ApiError): void;
}

interface ActiveStream {
  /** Changes when the stream is re-opened after a reconnect. */
  id: number;
  stream: string;
  input: StreamInput<unknown>;
  handlers: StreamHandlers<unknown>;
}

/**
 * The typed client the renderer uses, the same over IPC and over the WebSocket.
 * When a transport reconnects (`resubscribeAll`), calls in flight fail and live streams are re-opened, each with
 * its current input.
 */
export function createClient<C extends ContractShape>(port: MessagePort): ApiClient<C> & { resubscribeAll(): void } {
  let nextId = 1;
  const pending = new Map<number, PendingCall>();
  const streams = new Map<number, ActiveStream>();

  port.onMessage((message: ResponseMessage) => {
    if (message.t === 'result') {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.ok) call.resolve(message.value);
      else call.reject(ApiError.from(message.error));
    } else if (message.t === 'event') {
      streams.get(message.id)?.handlers.onEvent(message.data);
    } else if (message.t === 'end') {
      const active = streams.get(message.id);
      if (!active) return;
      streams.delete(message.id);
      active.handlers.onEnd?.(message.error ? ApiError.from(message.error) : undefined);
    }
  });

  return {
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        port.send({ t: 'call', id, method, input });
      });
    },

    subscribe(stream, input, handlers) {
      const entry: ActiveStream = { id: nextId++, stream, input, handlers: handlers as StreamHandlers<unknown> };
      streams.set(entry.id, entry);
      port.send({ t: 'sub', id: entry.id, stream, input: currentInput(input) });
      return {
        unsubscribe() {
          if (streams.get(entry.id) === entry && streams.delete(entry.id)) port.send({ t: 'unsub', id: entry.id });
        },
      };
    },

    resubscribeAll() {
      for (const [id, call] of pending) {
        pending.delete(id);
        call.reject(new ApiError('internal', 'Lost the connection to Berth while waiting for an answer. Try again.'));
      }
      const active = [...streams.values()];
      streams.clear();
      for (const entry of active) {
        entry.id = nextId++;
        streams.set(entry.id, entry);
        port.send({ t: 'sub', id: entry.id, stream: entry.stream, input: currentInput(entry.input) });
      }
    },
  };
}
