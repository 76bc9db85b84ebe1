import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient } from './client';
import { call, stream } from './contract/define';
import { ApiError } from './errors';
import type { MessagePort, RequestMessage, ResponseMessage } from './protocol';

const contract = {
  'echo.say': call(z.object({ text: z.string() })).returns<string>(),
  'clock.ticks': stream(z.object({})).emits<number>(),
  'clock.from': stream(z.object({ after: z.number() })).emits<number>(),
};

function fakePort() {
  const sent: RequestMessage[] = [];
  let listener: (message: ResponseMessage) => void = () => undefined;
  const port: MessagePort = {
    send: (message) => sent.push(message),
    onMessage: (l) => {
      listener = l;
      return () => undefined;
    },
  };
  return { port, sent, deliver: (message: ResponseMessage) => listener(message) };
}

describe('client', () => {
  it('resolves calls by id and rejects with ApiError', async () => {
    const { port, sent, deliver } = fakePort();
    const client = createClient<typeof contract>(port);
    const first = client.call('echo.say', { text: 'a' });
    const second = client.call('echo.say', { text: 'b' });
    deliver({ t: 'result', id: sent[1]!.id, ok: false, error: { code: 'conflict', message: 'nope' } });
    deliver({ t: 'result', id: sent[0]!.id, ok: true, value: 'a!' });
    await expect(first).resolves.toBe('a!');
    await expect(second).rejects.toEqual(new ApiError('conflict', 'nope'));
    await expect(second).rejects.toBeInstanceOf(ApiError);
  });

  it('delivers stream events, ends, and unsubscribes once', () => {
    const { port, sent, deliver } = fakePort();
    const client = createClient<typeof contract>(port);
    const events: number[] = [];
    let ended: ApiError | undefined | 'no' = 'no';
    const subscription = client.subscribe('clock.ticks', {}, { onEvent: (n) => events.push(n), onEnd: (e) => (ended = e) });
    const id = sent[0]!.id;
    deliver({ t: 'event', id, data: 1 });
    deliver({ t: 'event', id, data: 2 });
    subscription.unsubscribe();
    subscription.unsubscribe();
    deliver({ t: 'event', id, data: 3 });
    expect(events).toEqual([1, 2]);
    expect(sent.filter((m) => m.t === 'unsub')).toHaveLength(1);
    expect(ended).toBe('no');
  });

  it('re-opens live streams and fails pending calls after a reconnect', async () => {
    const { port, sent, deliver } = fakePort();
    const client = createClient<typeof contract>(port);
    const events: number[] = [];
    const subscription = client.subscribe('clock.ticks', {}, { onEvent: (n) => events.push(n) });
    const pending = client.call('echo.say', { text: 'x' });
    client.resubscribeAll();
    await expect(pending).rejects.toMatchObject({ code: 'internal' });
    const reopened = sent.filter((m) => m.t === 'sub');
    expect(reopened).toHaveLength(2);
    deliver({ t: 'event', id: reopened[0]!.id, data: 9 });
    deliver({ t: 'event', id: reopened[1]!.id, data: 10 });
    expect(events).toEqual([10]);
    subscription.unsubscribe();
    expect(sent.at(-1)).toEqual({ t: 'unsub', id: reopened[1]!.id });
  });

  it('asks a stream with a function input for its input again when it re-opens it', () => {
    const { port, sent, deliver } = fakePort();
    const client = createClient<typeof contract>(port);
    let last = 0;
    client.subscribe('clock.from', () => ({ after: last }), { onEvent: (n) => (last = n) });
    deliver({ t: 'event', id: sent[0]!.id, data: 7 });
    client.resubscribeAll();
    expect(sent.filter((m) => m.t === 'sub').map((m) => m.t === 'sub' && m.input)).toEqual([{ after: 0 }, { after: 7 }]);
  });
});
