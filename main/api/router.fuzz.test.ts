import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { ResponseMessage } from '../../common/protocol';
import { FUZZ_SEED, fuzzRouter, replyBox, settledHeap, type FuzzConnection } from '../../testing/router-fuzz';
import { createBackend, type Backend } from '../backend';
import type { Router, RouterConnection } from './router';

// The IPC transport's path: ipcMain is mocked (no Electron binary here), the router and its handlers are real.
const ipcListeners = new Map<string, (...args: unknown[]) => void>();
vi.mock('electron', () => ({
  ipcMain: {
    on: (channel: string, listener: (...args: unknown[]) => void) => ipcListeners.set(channel, listener),
    off: (channel: string) => ipcListeners.delete(channel),
  },
}));
const { attachIpcTransport, REQUEST_CHANNEL, RESPONSE_CHANNEL } = await import('../electron/ipc-transport');

class FakeContents extends EventEmitter {
  readonly box = replyBox();
  readonly replies = this.box.replies;
  destroyed = false;
  afterClose = 0;
  mainFrame = { url: 'berth://app/index.html' };
  constructor(readonly id: number) {
    super();
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, message: ResponseMessage) {
    expect(channel).toBe(RESPONSE_CHANNEL);
    this.box.push(message);
  }
}

describe('router fuzzing over the IPC transport', () => {
  const { dockerHost } = inject('testEngine');
  let dataDir: string;
  let backend: Backend;
  let detach: () => void;
  /** The router connection the transport made last (the test counts its open streams; it keeps no others). */
  let latest: RouterConnection | undefined;
  let nextContents = 1;

  beforeAll(async () => {
    dataDir = await mkdtemp('/tmp/bfi-');
    backend = createBackend({ endpoint: dockerHost, dataDir });
    await backend.ready;
    // The router as the transport sees it; each connection kept so the test can count its open streams.
    const router: Router = {
      connect: (send) => {
        latest = backend.router.connect(send);
        return latest;
      },
    };
    detach = attachIpcTransport(router, (url) => url.startsWith('berth://app/'), () => undefined);
  });

  afterAll(async () => {
    detach?.();
    await backend?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const open = async (): Promise<FuzzConnection> => {
    const contents = new FakeContents(nextContents++);
    const listener = ipcListeners.get(REQUEST_CHANNEL)!;
    let connection: RouterConnection | undefined;
    let closed = false;
    return {
      deliver({ text, binary, value }) {
        const message = binary ?? (value === undefined && text !== undefined ? text : value);
        listener({ sender: contents, senderFrame: contents.mainFrame }, message);
        connection ??= latest;
        if (closed) contents.afterClose++;
        return message;
      },
      replies: contents.replies,
      nextReply: contents.box.nextReply,
      openStreams: () => connection?.openStreams ?? 0,
      repliesAfterClose: () => contents.afterClose,
      close: async () => {
        // The page goes away: the transport closes its router connection and every stream with it.
        contents.destroyed = true;
        contents.emit('destroyed');
        closed = true;
        const count = contents.replies.length;
        await new Promise((resolve) => setTimeout(resolve, 20));
        contents.afterClose += contents.replies.length - count;
      },
    };
  };

  it(`answers 10,000 generated messages as the protocol says, and memory stays flat (seed ${FUZZ_SEED})`, async () => {
    await fuzzRouter(open, { wire: 'ipc', runs: 2, perRun: 100 }); // warm-up: schemas, caches, the engine connection
    const before = await settledHeap(backend);
    const stats = await fuzzRouter(open, { wire: 'ipc', runs: 100, perRun: 100 });
    const after = await settledHeap(backend);
    console.log(`IPC fuzz: ${stats.messages} messages, ${stats.results} answers, ${stats.streamsOpened} streams opened, errors ${JSON.stringify(Object.fromEntries(stats.errors))}, heap ${(before / 1e6).toFixed(1)} → ${(after / 1e6).toFixed(1)} MB`);
    expect(stats.messages).toBeGreaterThanOrEqual(10_000);
    expect(stats.streamsOpened).toBeGreaterThan(10);
    expect(stats.errors.get('invalid-input')).toBeGreaterThan(1000);
    expect(after).toBeLessThanOrEqual(before * 1.1);
  }, 120_000);
});
