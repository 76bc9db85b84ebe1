import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import type { ResponseMessage } from '../../common/protocol';
import { FUZZ_SEED, fuzzRouter, replyBox, settledHeap, type FuzzConnection } from '../../testing/router-fuzz';
import type { Router, RouterConnection } from '../api/router';
import { createBackend, type Backend } from '../backend';
import { cookieName } from './auth';
import { startServer, type RunningServer } from './server';

/** What the server does with a text frame before the router sees it (server.ts bridgeSocket). */
function decodeLikeServer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe('router fuzzing over the browser-mode WebSocket', () => {
  const { dockerHost } = inject('testEngine');
  const token = 'fuzz-token-0123456789abcdef';
  let dataDir: string;
  let rendererRoot: string;
  let backend: Backend;
  let server: RunningServer;
  let latest: RouterConnection | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp('/tmp/bfw-');
    rendererRoot = await mkdtemp(path.join(os.tmpdir(), 'berth-renderer-'));
    await writeFile(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Berth</title>');
    backend = createBackend({ endpoint: dockerHost, dataDir });
    await backend.ready;
    const router: Router = {
      connect: (send) => {
        latest = backend.router.connect(send);
        return latest;
      },
    };
    server = await startServer({ router, rendererRoot, host: '127.0.0.1', port: 0, token });
  });

  afterAll(async () => {
    await server?.close();
    await backend?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(rendererRoot, { recursive: true, force: true });
  });

  const headers = () => ({ origin: `http://127.0.0.1:${server.port}`, cookie: `${cookieName(server.port)}=${token}` });

  const open = async (): Promise<FuzzConnection> => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers: headers() });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const connection = latest!;
    const box = replyBox();
    let closed = false;
    let afterClose = 0;
    socket.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      if (closed) afterClose++;
      box.push(JSON.parse(data.toString()) as ResponseMessage);
    });
    return {
      deliver({ text, binary, value }) {
        if (binary) {
          socket.send(binary, { binary: true });
          return undefined; // server.ts: a binary frame is a malformed message
        }
        let frame = text;
        if (frame === undefined) {
          try {
            frame = JSON.stringify(value) ?? 'undefined';
          } catch {
            frame = 'undefined';
          }
        }
        socket.send(frame);
        return decodeLikeServer(frame);
      },
      replies: box.replies,
      nextReply: box.nextReply,
      openStreams: () => connection.openStreams,
      repliesAfterClose: () => afterClose,
      close: async () => {
        closed = true;
        await new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.close();
        });
      },
    };
  };

  it(`answers 10,000 generated frames (text and binary) as the protocol says, and memory stays flat (seed ${FUZZ_SEED})`, async () => {
    await fuzzRouter(open, { wire: 'websocket', runs: 2, perRun: 100 });
    const before = await settledHeap(backend);
    const stats = await fuzzRouter(open, { wire: 'websocket', runs: 100, perRun: 100 });
    const after = await settledHeap(backend);
    console.log(`WebSocket fuzz: ${stats.messages} messages, ${stats.results} answers, ${stats.streamsOpened} streams opened, errors ${JSON.stringify(Object.fromEntries(stats.errors))}, heap ${(before / 1e6).toFixed(1)} → ${(after / 1e6).toFixed(1)} MB`);
    expect(stats.messages).toBeGreaterThanOrEqual(10_000);
    expect(stats.streamsOpened).toBeGreaterThan(10);
    expect(stats.errors.get('invalid-input')).toBeGreaterThan(1000);
    expect(after).toBeLessThanOrEqual(before * 1.1);
  }, 120_000);

  it('closes a socket that sends a frame over 4 MB (1009) and serves the next one', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers: headers() });
    await new Promise((resolve) => socket.once('open', resolve));
    const code = await new Promise<number>((resolve) => {
      socket.once('close', (closeCode) => resolve(closeCode));
      socket.on('error', () => undefined);
      socket.send('x'.repeat(5 * 1024 * 1024));
    });
    expect(code).toBe(1009);
    await expect.poll(() => latest?.openStreams).toBe(0);
    const next = await open();
    next.deliver({ value: { t: 'call', id: 7, method: 'containers.list', input: {} } });
    await expect.poll(() => next.replies).toContainEqual(expect.objectContaining({ t: 'result', id: 7, ok: true }));
    await next.close();
  });
});
