// Property-based fuzzing of the router's wire protocol (common/protocol.ts), shared by the IPC and WebSocket tests.
// Messages are generated with fast-check from a fixed seed; each one is delivered through a transport and its
// outcome checked against what the protocol promises:
//   - a malformed message is answered with one `result` {ok: false, invalid-input}, with its numeric id or -1;
//   - a call is answered with exactly one `result` for its id; an unknown method or an input its schema refuses
//     gets `invalid-input`, and the handler never runs;
//   - a subscription to an unknown stream, with bad input, or on an id in use is ended with `invalid-input`;
//   - an unsubscribe is never answered (twice, or for an id nobody opened, changes nothing);
//   - every error on the wire is a typed API error; nothing arrives after the connection closed; no stream is
//     left open once it closed; Object.prototype is untouched.
// Methods that change anything (prune, remove, start a VM…) are only ever sent with input their schema refuses, so
// fuzzing never touches the engine; read-only methods get any input and really run against the test engine.
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { contract } from '../common/contract';
import { apiErrorSchema, requestMessageSchema, type ResponseMessage } from '../common/protocol';

/** Methods and streams whose handlers may run with any input they accept: they only read. */
export const READ_ONLY = new Set([
  'engine.info',
  'engine.settings',
  'containers.list',
  'containers.inspect',
  'containers.inspectRaw',
  'images.list',
  'images.inspect',
  'images.history',
  'volumes.list',
  'volumes.inspect',
  'networks.list',
  'networks.inspect',
  'networks.inspectRaw',
  'networks.drivers',
  'plugins.list',
  'registries.list',
  'engine.status',
  'engine.events',
  'stats.watch',
  'logs.container',
  'proxy.status',
  'proxy.activity',
]);

type Def = { kind: 'call' | 'stream'; input: { safeParse(value: unknown): { success: boolean } } };
const defs = contract as unknown as Record<string, Def>;
const NAMES = Object.keys(defs);

/** True when the router will run the handler for this name, kind and input. */
function accepted(name: string, kind: Def['kind'], input: unknown): boolean {
  const def = Object.hasOwn(defs, name) ? defs[name] : undefined;
  return !!def && def.kind === kind && def.input.safeParse(input ?? {}).success;
}

/** What one generated step asks the runner to deliver. */
export type Step =
  | { kind: 'value'; value: unknown }
  | { kind: 'call'; method: string; input: unknown; badId?: unknown }
  | { kind: 'sub'; stream: string; input: unknown; reuse: boolean; badId?: unknown }
  | { kind: 'unsub'; known: boolean; pick: number }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'json'; json: string };

const HUGE_STRING = 'x'.repeat(256 * 1024);
const HUGE_ARRAY = Array.from({ length: 20_000 }, (_, i) => i);
function deep(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { nested: value };
  return value;
}
const DEEP = deep(2000);
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'];

const anything = fc.anything({ maxDepth: 4, maxKeys: 6, withBigInt: false, withNullPrototype: true, withBoxedValues: true, withSparseArray: true });
const oddValue = fc.oneof(
  { weight: 12, arbitrary: anything },
  { weight: 1, arbitrary: fc.constant(HUGE_STRING) },
  { weight: 1, arbitrary: fc.constant(HUGE_ARRAY) },
  { weight: 1, arbitrary: fc.constant(DEEP) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...POLLUTING_KEYS), anything) },
);
/** Inputs a read-only handler may accept: ids and names that exist or not, plus anything. */
const plausibleInput = fc.oneof(
  fc.constant({}),
  fc.constant(undefined),
  fc.record({ id: fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('berth-missing', '../../etc', 'busybox/../..', 'a//b', '..', '%2e%2e', '?x=1', '#', 'a'.repeat(64))) }),
  fc.record({ id: fc.string({ maxLength: 20 }), name: fc.string({ maxLength: 20 }), ids: fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }) }, { requiredKeys: [] }),
  oddValue,
);
const name = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 3, arbitrary: fc.constantFrom(...READ_ONLY) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(...POLLUTING_KEYS, 'containers.list ', 'CONTAINERS.LIST', 'containers', '', 'x'.repeat(201)) },
);
/** Mostly no bad id (a fresh one is assigned), one time in five a wrong one. */
const maybeBadId = () => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: badId });
const badId = fc.oneof(fc.constantFrom(-1, -0, 1.5, Number.MAX_SAFE_INTEGER + 2, Infinity, NaN, '1', null, true), anything);

/** A name with an input: read-only names with plausible input; others only with input their schema refuses. */
function named(kind: Def['kind']) {
  return fc
    .tuple(name, plausibleInput, oddValue)
    .map(([method, plausible, odd]) => ({ method, input: READ_ONLY.has(method) ? plausible : odd }))
    .filter(({ method, input }) => READ_ONLY.has(method) || !accepted(method, kind, input));
}

export function stepArbitrary(options: { wire: 'ipc' | 'websocket' }): fc.Arbitrary<Step> {
  const steps: fc.WeightedArbitrary<Step>[] = [
    { weight: 2, arbitrary: oddValue.map((value) => ({ kind: 'value' as const, value })) },
    {
      weight: 4,
      arbitrary: fc.tuple(named('call'), maybeBadId()).map(([{ method, input }, bad]) => ({ kind: 'call' as const, method, input, ...(bad === undefined ? {} : { badId: bad }) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(named('stream'), fc.boolean(), maybeBadId())
        .map(([{ method, input }, reuse, bad]) => ({ kind: 'sub' as const, stream: method, input, reuse, ...(bad === undefined ? {} : { badId: bad }) })),
    },
    { weight: 1, arbitrary: fc.tuple(fc.boolean(), fc.nat()).map(([known, pick]) => ({ kind: 'unsub' as const, known, pick })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ kind: 'text' as const, text })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('call', 'sub'), fc.constantFrom(...POLLUTING_KEYS), fc.constantFrom('containers.list', 'engine.events', 'volumes.remove'))
        .map(([t, key, method]) => ({
          kind: 'json' as const,
          json: `{"t":"${t}","id":0,"${t === 'call' ? 'method' : 'stream'}":"${method}","${key}":{"polluted":1},"input":{"${key}":{"polluted":1},"prototype":{"polluted":1}}}`,
        })),
    },
  ];
  if (options.wire === 'websocket') steps.push({ weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ kind: 'binary' as const, bytes })) });
  return fc.oneof(...steps);
}

/** One transport under test: deliver a message as that transport would, and hear the router's replies. */
export interface FuzzConnection {
  /** Delivers one step and returns what the router received (as the transport decodes it). */
  deliver(message: { text?: string; binary?: Uint8Array; value?: unknown }): unknown;
  readonly replies: ResponseMessage[];
  /** Resolves when the next reply arrives. */
  nextReply(): Promise<void>;
  /** Streams the router still holds open for this connection. */
  openStreams(): number;
  /** Replies the transport tried to send after the connection closed (must stay 0). */
  repliesAfterClose(): number;
  close(): Promise<void>;
}

export interface FuzzStats {
  messages: number;
  results: number;
  errors: Map<string, number>;
  streamsOpened: number;
}

const WAIT_MS = 15_000;

async function waitFor<T>(what: string, find: () => T | undefined, next: () => Promise<void>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no reply: ${what}`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([next(), new Promise((resolve) => (timer = setTimeout(resolve, Math.min(left, 100))))]);
    clearTimeout(timer);
  }
}

/** Replies as a list plus a way to wait for the next one: what each transport's harness keeps. */
export function replyBox(): { replies: ResponseMessage[]; push(reply: ResponseMessage): void; nextReply(): Promise<void> } {
  const replies: ResponseMessage[] = [];
  let waiters: (() => void)[] = [];
  return {
    replies,
    push(reply) {
      replies.push(reply);
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    },
    nextReply: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}

/** Runs one generated sequence on a fresh connection and checks every promise of the protocol. */
export async function runSequence(open: () => Promise<FuzzConnection>, steps: Step[], stats: FuzzStats, firstId: { next: number }): Promise<void> {
  const connection = await open();
  const subs: number[] = [];
  const live = new Set<number>();
  let seen = 0;
  /** The first reply after `seen` matching `match`; replies before it stay for later checks. */
  const expectReply = (what: string, match: (reply: ResponseMessage) => boolean) =>
    waitFor(what, () => {
      for (let i = seen; i < connection.replies.length; i++) if (match(connection.replies[i]!)) return connection.replies[i];
      return undefined;
    }, connection.nextReply);
  const checkError = (error: unknown, context: string) => {
    if (!apiErrorSchema.safeParse(error).success) throw new Error(`untyped error for ${context}: ${describe(error)}`);
    const code = (error as { code: string }).code;
    stats.errors.set(code, (stats.errors.get(code) ?? 0) + 1);
  };

  for (const step of steps) {
    const start = connection.replies.length;
    seen = start;
    let received: unknown;
    stats.messages++;
    if (step.kind === 'value') received = connection.deliver({ value: step.value });
    else if (step.kind === 'text') received = connection.deliver({ text: step.text });
    else if (step.kind === 'binary') received = connection.deliver({ binary: step.bytes });
    else if (step.kind === 'json') received = connection.deliver({ text: step.json, value: JSON.parse(step.json) });
    else if (step.kind === 'call') {
      received = connection.deliver({ value: { t: 'call', id: step.badId !== undefined ? step.badId : firstId.next++, method: step.method, input: step.input } });
    } else if (step.kind === 'sub') {
      const id = step.badId !== undefined ? step.badId : step.reuse && live.size ? [...live][0] : firstId.next++;
      received = connection.deliver({ value: { t: 'sub', id, stream: step.stream, input: step.input } });
    } else {
      const id = step.known && subs.length ? subs[step.pick % subs.length] : firstId.next++;
      received = connection.deliver({ value: { t: 'unsub', id } });
    }

    const parsed = requestMessageSchema.safeParse(received);
    if (!parsed.success) {
      const raw = received as { id?: unknown } | null | undefined;
      const id = raw && typeof raw === 'object' && typeof raw.id === 'number' ? raw.id : -1;
      const reply = await expectReply(`malformed ${describe(received)}`, (r) => r.t === 'result' && Object.is(r.id, id));
      if (reply.t !== 'result' || reply.ok) throw new Error(`malformed message accepted: ${describe(received)}`);
      checkError(reply.error, 'a malformed message');
      if (reply.error.code !== 'invalid-input') throw new Error(`malformed message answered ${reply.error.code}`);
      stats.results++;
      continue;
    }
    const message = parsed.data;
    if (message.t === 'call') {
      const reply = await expectReply(`call ${message.method} #${message.id}`, (r) => r.t === 'result' && r.id === message.id);
      if (reply.t !== 'result') throw new Error('unreachable');
      stats.results++;
      if (!reply.ok) checkError(reply.error, `call ${message.method}`);
      if (!accepted(message.method, 'call', message.input) && (reply.ok || reply.error.code !== 'invalid-input')) {
        throw new Error(`call ${message.method} with refused input ${describe(message.input)} was answered ${describe(reply)}`);
      }
    } else if (message.t === 'sub') {
      subs.push(message.id);
      if (live.has(message.id) || !accepted(message.stream, 'stream', message.input)) {
        const reply = await expectReply(`refused sub ${message.stream} #${message.id}`, (r) => r.t === 'end' && r.id === message.id && !!r.error);
        if (reply.t !== 'end' || !reply.error) throw new Error('unreachable');
        checkError(reply.error, `sub ${message.stream}`);
        if (reply.error.code !== 'invalid-input') throw new Error(`refused sub answered ${reply.error.code}`);
      } else {
        live.add(message.id);
        stats.streamsOpened++;
      }
    } else {
      live.delete(message.id);
    }
  }

  // Unsubscribe every stream twice, then close: nothing may stay open, nothing may be sent after.
  for (const _round of [1, 2]) {
    for (const id of subs) {
      connection.deliver({ value: { t: 'unsub', id } });
      stats.messages++;
    }
  }
  await connection.close();
  await waitFor('every stream closed', () => (connection.openStreams() === 0 ? true : undefined), () => new Promise((resolve) => setTimeout(resolve, 10)));

  for (const reply of connection.replies) {
    if (reply.t === 'result' && !reply.ok) apiErrorSchema.parse(reply.error);
    if (reply.t === 'end' && reply.error) apiErrorSchema.parse(reply.error);
    if (reply.t === 'event' || reply.t === 'end') {
      if (!subs.includes(reply.id)) throw new Error(`${reply.t} for id ${reply.id}, which no one subscribed`);
    }
  }
  if (connection.repliesAfterClose()) throw new Error(`${connection.repliesAfterClose()} replies sent after the connection closed`);
  if (Object.keys(Object.prototype).length || (Object.prototype as { polluted?: unknown }).polluted !== undefined) {
    throw new Error('Object.prototype was polluted');
  }
}

/** A forced full GC (works without --expose-gc on the command line). */
export function forceGc(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}

export function heapUsed(): number {
  forceGc();
  return process.memoryUsage().heapUsed;
}

/**
 * The heap once the backend's bounded buffers are emptied: the activity log keeps the last 10,000 calls by design
 * (filled while a fuzzed `proxy.activity` subscription watched), which is a cap, not a leak.
 */
export async function settledHeap(backend: { router: { connect(send: (message: ResponseMessage) => void): { receive(raw: unknown): void; close(): void } } }): Promise<number> {
  await new Promise<void>((resolve) => {
    const connection = backend.router.connect(() => {
      connection.close();
      resolve();
    });
    connection.receive({ t: 'call', id: 1, method: 'proxy.activity.clear', input: {} });
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  return heapUsed();
}

export const FUZZ_SEED = Number(process.env.BERTH_FUZZ_SEED ?? 0x0b3e7);

/**
 * Runs `runs` sequences of `perRun` steps (fast-check, fixed seed: the seed and the shrunk sequence are printed on
 * failure) and returns what was sent and answered.
 */
export async function fuzzRouter(open: () => Promise<FuzzConnection>, options: { wire: 'ipc' | 'websocket'; runs: number; perRun: number }): Promise<FuzzStats> {
  const stats: FuzzStats = { messages: 0, results: 0, errors: new Map(), streamsOpened: 0 };
  const ids = { next: 1 };
  await fc.assert(
    fc.asyncProperty(fc.array(stepArbitrary(options), { minLength: options.perRun, maxLength: options.perRun }), (steps) => runSequence(open, steps, stats, ids)),
    { seed: FUZZ_SEED, numRuns: options.runs, endOnFailure: true },
  );
  return stats;
}
