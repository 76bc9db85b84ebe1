import { ApiError } from '../../common/errors';
import type { CallDef, ContractShape, EventOf, OutputOf, ParsedInputOf, StreamDef } from '../../common/contract/define';
import { requestMessageSchema, type ResponseMessage } from '../../common/protocol';
import { toApiError } from './errors';

export type Disposer = () => void | Promise<void>;

export interface StreamContext {
  /** Aborted when the subscriber leaves, the connection closes, or the stream ends. */
  signal: AbortSignal;
  /** Ends the stream from the server side, optionally with the reason it failed. */
  end(error?: unknown): void;
}

export type CallHandler<D> = (input: ParsedInputOf<D>) => Promise<OutputOf<D>> | OutputOf<D>;
export type StreamHandler<D> = (
  input: ParsedInputOf<D>,
  emit: (event: EventOf<D>) => void,
  context: StreamContext,
) => void | Disposer | Promise<void | Disposer>;

export type Handlers<C extends ContractShape> = {
  [K in keyof C]: C[K] extends CallDef ? CallHandler<C[K]> : C[K] extends StreamDef ? StreamHandler<C[K]> : never;
};

export interface RouterConnection {
  /** Feeds one message from the transport; never throws. */
  receive(raw: unknown): void;
  /** The transport went away: end every stream it had open. */
  close(): void;
  /** How many streams are open, for tests and diagnostics. */
  readonly openStreams: number;
}

export interface Router {
  connect(send: (message: ResponseMessage) => void): RouterConnection;
}

export interface RouterOptions {
  log?: (message: string, error?: unknown) => void;
  /** Every failed call's error, e.g. so engine health follows calls and not only the events stream. */
  onCallError?: (error: ApiError) => void;
}

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * The transport-agnostic router: validates every message and input against the contract, runs the handler,
 * and turns every failure into a typed error. Nothing a peer sends can make it throw.
 */
export function createRouter<C extends ContractShape>(contract: C, handlers: Handlers<C>, options: RouterOptions = {}): Router {
  const log = options.log ?? (() => undefined);

  return {
    connect(send) {
      const streams = new Map<number, { controller: AbortController; dispose?: Disposer; disposed: boolean }>();
      let closed = false;

      const safeSend = (message: ResponseMessage) => {
        if (closed) return;
        try {
          send(message);
        } catch (err) {
          log('transport send failed', err);
        }
      };

      const fail = (id: number, error: ApiError) => safeSend({ t: 'result', id, ok: false, error: error.toJSON() });

      const stopStream = (id: number, error?: unknown, notify = true) => {
        const entry = streams.get(id);
        if (!entry) return;
        streams.delete(id);
        entry.controller.abort();
        if (!entry.disposed && entry.dispose) {
          entry.disposed = true;
          Promise.resolve()
            .then(entry.dispose)
            .catch((err) => log('stream cleanup failed', err));
        }
        if (notify) {
          safeSend(error === undefined ? { t: 'end', id } : { t: 'end', id, error: toApiError(error).toJSON() });
        }
      };

      const handleCall = async (id: number, method: string, rawInput: unknown) => {
        const def = Object.hasOwn(contract, method) ? contract[method] : undefined;
        if (!def || def.kind !== 'call') return fail(id, new ApiError('invalid-input', `Unknown call "${method}".`));
        const parsed = def.input.safeParse(rawInput ?? {});
        if (!parsed.success) return fail(id, new ApiError('invalid-input', `Invalid input for ${method}: ${describeIssues(parsed.error)}`));
        try {
          const handler = handlers[method] as CallHandler<CallDef>;
          const value = await handler(parsed.data as never);
          safeSend({ t: 'result', id, ok: true, value });
        } catch (err) {
          const apiError = toApiError(err);
          if (apiError.code === 'internal') log(`call ${method} failed`, err);
          options.onCallError?.(apiError);
          fail(id, apiError);
        }
      };

      const handleSubscribe = async (id: number, name: string, rawInput: unknown) => {
        const def = Object.hasOwn(contract, name) ? contract[name] : undefined;
        if (streams.has(id)) return safeSend({ t: 'end', id, error: { code: 'invalid-input', message: `Stream id ${id} is already in use.` } });
        if (!def || def.kind !== 'stream') {
          return safeSend({ t: 'end', id, error: { code: 'invalid-input', message: `Unknown stream "${name}".` } });
        }
        const parsed = def.input.safeParse(rawInput ?? {});
        if (!parsed.success) {
          const message = `Invalid input for ${name}: ${describeIssues(parsed.error)}`;
          return safeSend({ t: 'end', id, error: { code: 'invalid-input', message } });
        }
        const entry = { controller: new AbortController(), dispose: undefined as Disposer | undefined, disposed: false };
        streams.set(id, entry);
        const context: StreamContext = {
          signal: entry.controller.signal,
          end: (error) => stopStream(id, error),
        };
        const emit = (event: unknown) => {
          if (streams.get(id) === entry) safeSend({ t: 'event', id, data: event });
        };
        try {
          const handler = handlers[name] as StreamHandler<StreamDef>;
          const dispose = await handler(parsed.data as never, emit, context);
          if (typeof dispose !== 'function') return;
          if (streams.get(id) === entry) entry.dispose = dispose;
          else await dispose(); // the subscriber left while the stream was opening
        } catch (err) {
          const apiError = toApiError(err);
          if (apiError.code === 'internal') log(`stream ${name} failed`, err);
          stopStream(id, apiError);
        }
      };

      return {
        receive(raw) {
          if (closed) return;
          const parsed = requestMessageSchema.safeParse(raw);
          if (!parsed.success) {
            const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : -1;
            fail(id, new ApiError('invalid-input', `Malformed message: ${describeIssues(parsed.error)}`));
            return;
          }
          const message = parsed.data;
          if (message.t === 'call') void handleCall(message.id, message.method, message.input);
          else if (message.t === 'sub') void handleSubscribe(message.id, message.stream, message.input);
          else stopStream(message.id, undefined, false);
        },
        close() {
          for (const id of [...streams.keys()]) stopStream(id, undefined, false);
          closed = true;
        },
        get openStreams() {
          return streams.size;
        },
      };
    },
  };
}
