import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { call, stream } from '../../common/contract/define';
import { ApiError } from '../../common/errors';
import type { ResponseMessage } from '../../common/protocol';
import { createRouter, type Handlers } from './router';

const testContract = {
  'math.double': call(z.object({ n: z.number().int().max(1000) }).strict()).returns<number>(),
  'math.fail': call(z.object({ kind: z.enum(['api', 'engine404', 'crash', 'unreachable']) }).strict()).returns<never>(),
  'ticks.watch': stream(z.object({ start: z.number().int() }).strict()).emits<number>(),
};

function setup(overrides: Partial<Handlers<typeof testContract>> = {}) {
  const disposed: number[] = [];
  const emitters: ((n: number) => void)[] = [];
  const ends: ((error?: unknown) => void)[] = [];
  const handlers: Handlers<typeof testContract> = {
    'math.double': ({ n }) => n * 2,
    'math.fail': ({ kind }) => {
      if (kind === 'api') throw new ApiError('conflict', 'That name is taken.');
      if (kind === 'engine404') throw Object.assign(new Error('(HTTP code 404) no such container - No such container: x'), { statusCode: 404, json: { message: 'No such container: x' } });
      if (kind === 'unreachable') throw Object.assign(new Error('connect ECONNREFUSED /tmp/x.sock'), { code: 'ECONNREFUSED' });
      throw new TypeError('boom');
    },
    'ticks.watch': ({ start }, emit, context) => {
      emit(start);
      emitters.push(emit);
      ends.push(context.end);
      return () => {
        disposed.push(start);
      };
    },
    ...overrides,
  };
  const sent: ResponseMessage[] = [];
  const logged: string[] = [];
  const router = createRouter(testContract, handlers, { log: (message) => logged.push(message) });
  const connection = router.connect((message) => sent.push(message));
  return { connection, sent, disposed, emitters, ends, logged };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('router', () => {
  it('answers a valid call with its result', async () => {
    const { connection, sent } = setup();
    connection.receive({ t: 'call', id: 1, method: 'math.double', input: { n: 21 } });
    await tick();
    expect(sent).toEqual([{ t: 'result', id: 1, ok: true, value: 42 }]);
  });

  it('rejects input that does not match the schema, naming the field', async () => {
    const { connection, sent } = setup();
    connection.receive({ t: 'call', id: 2, method: 'math.double', input: { n: 'x' } });
    connection.receive({ t: 'call', id: 3, method: 'math.double', input: { n: 1, extra: true } });
    await tick();
    expect(sent).toHaveLength(2);
    for (const message of sent) {
      expect(message).toMatchObject({ t: 'result', ok: false, error: { code: 'invalid-input' } });
    }
    expect(JSON.stringify(sent[0])).toContain('n:');
  });

  it('rejects unknown methods, including prototype keys', async () => {
    const { connection, sent } = setup();
    connection.receive({ t: 'call', id: 4, method: 'nope', input: {} });
    connection.receive({ t: 'call', id: 5, method: 'toString', input: {} });
    connection.receive({ t: 'call', id: 6, method: 'ticks.watch', input: { start: 1 } });
    await tick();
    expect(sent.map((m) => m.t === 'result' && !m.ok && m.error.code)).toEqual(['invalid-input', 'invalid-input', 'invalid-input']);
  });

  it('answers malformed messages without throwing', async () => {
    const { connection, sent } = setup();
    for (const garbage of [undefined, null, 42, 'text', [], { t: 'call' }, { t: 'call', id: -1, method: 'x' }, { id: 7 }]) {
      expect(() => connection.receive(garbage)).not.toThrow();
    }
    await tick();
    expect(sent.length).toBe(8);
    expect(sent.every((m) => m.t === 'result' && !m.ok && m.error.code === 'invalid-input')).toBe(true);
    expect(sent.at(-1)).toMatchObject({ id: 7 });
  });

  it('maps failures to typed errors with readable messages', async () => {
    const { connection, sent, logged } = setup();
    for (const [id, kind] of [[10, 'api'], [11, 'engine404'], [12, 'unreachable'], [13, 'crash']] as const) {
      connection.receive({ t: 'call', id, method: 'math.fail', input: { kind } });
    }
    await tick();
    const errors = Object.fromEntries(sent.map((m) => [m.id, m.t === 'result' && !m.ok ? m.error : undefined]));
    expect(errors[10]).toEqual({ code: 'conflict', message: 'That name is taken.' });
    expect(errors[11]).toEqual({ code: 'not-found', message: 'No such container: x' });
    expect(errors[12]?.code).toBe('engine-unreachable');
    expect(errors[13]).toEqual({ code: 'internal', message: 'boom' });
    expect(logged.some((line) => line.includes('math.fail'))).toBe(true);
  });

  it('streams events until the subscriber leaves, then cleans up once', async () => {
    const { connection, sent, disposed, emitters } = setup();
    connection.receive({ t: 'sub', id: 20, stream: 'ticks.watch', input: { start: 5 } });
    await tick();
    emitters[0]!(6);
    connection.receive({ t: 'unsub', id: 20 });
    connection.receive({ t: 'unsub', id: 20 });
    emitters[0]!(7);
    await tick();
    expect(sent).toEqual([
      { t: 'event', id: 20, data: 5 },
      { t: 'event', id: 20, data: 6 },
    ]);
    expect(disposed).toEqual([5]);
    expect(connection.openStreams).toBe(0);
  });

  it('cleans up every stream when the connection closes', async () => {
    const { connection, disposed } = setup();
    connection.receive({ t: 'sub', id: 1, stream: 'ticks.watch', input: { start: 1 } });
    connection.receive({ t: 'sub', id: 2, stream: 'ticks.watch', input: { start: 2 } });
    await tick();
    expect(connection.openStreams).toBe(2);
    connection.close();
    await tick();
    expect(disposed.sort()).toEqual([1, 2]);
    expect(connection.openStreams).toBe(0);
  });

  it('lets a handler end its stream with a typed error', async () => {
    const { connection, sent, ends, disposed } = setup();
    connection.receive({ t: 'sub', id: 30, stream: 'ticks.watch', input: { start: 0 } });
    await tick();
    ends[0]!(new ApiError('not-found', 'The container is gone.'));
    await tick();
    expect(sent.at(-1)).toEqual({ t: 'end', id: 30, error: { code: 'not-found', message: 'The container is gone.' } });
    expect(disposed).toEqual([0]);
  });

  it('ends a stream whose handler throws, and rejects bad stream input', async () => {
    const { connection, sent } = setup({
      'ticks.watch': () => {
        throw Object.assign(new Error('gone'), { statusCode: 404, json: { message: 'No such container: y' } });
      },
    });
    connection.receive({ t: 'sub', id: 40, stream: 'ticks.watch', input: { start: 1 } });
    connection.receive({ t: 'sub', id: 41, stream: 'ticks.watch', input: { start: 'x' } });
    await tick();
    expect(sent).toContainEqual({ t: 'end', id: 40, error: { code: 'not-found', message: 'No such container: y' } });
    expect(sent).toContainEqual(expect.objectContaining({ t: 'end', id: 41, error: expect.objectContaining({ code: 'invalid-input' }) }));
  });

  it('disposes a stream whose subscriber left while it was still opening', async () => {
    let release: () => void = () => undefined;
    const disposed: string[] = [];
    const { connection } = setup({
      'ticks.watch': async () => {
        await new Promise<void>((resolve) => (release = resolve));
        return () => {
          disposed.push('late');
        };
      },
    });
    connection.receive({ t: 'sub', id: 50, stream: 'ticks.watch', input: { start: 1 } });
    await tick();
    connection.receive({ t: 'unsub', id: 50 });
    release();
    await tick();
    await tick();
    expect(disposed).toEqual(['late']);
  });

  it('survives a transport whose send throws', async () => {
    const logged: string[] = [];
    const throwing = createRouter(
      testContract,
      { 'math.double': ({ n }) => n, 'math.fail': () => 0 as never, 'ticks.watch': () => undefined },
      { log: (message) => logged.push(message) },
    ).connect(() => {
      throw new Error('window closed');
    });
    throwing.receive({ t: 'call', id: 1, method: 'math.double', input: { n: 1 } });
    await tick();
    expect(logged).toContain('transport send failed');
  });
});
