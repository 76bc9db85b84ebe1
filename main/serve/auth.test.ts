import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Router } from '../api/router';

// Counts timingSafeEqual calls, so the test sees every comparison go through it (a length check first would not).
const compared = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return {
    ...original,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.count++;
      return original.timingSafeEqual(a, b);
    },
  };
});

const { AuthThrottle, cookieName, createToken, tokensMatch } = await import('./auth');
const { startServer } = await import('./server');

describe('token comparison', () => {
  it('compares every candidate in constant time, whatever its length, and matches only the token', () => {
    const token = createToken();
    const candidates = [token, '', 'x', token.slice(0, -1), `${token}x`, 'y'.repeat(10_000), token.toUpperCase()];
    for (const candidate of candidates) {
      const before = compared.count;
      expect(tokensMatch(candidate, token)).toBe(candidate === token);
      expect(compared.count).toBe(before + 1);
    }
    expect(tokensMatch(undefined, token)).toBe(false);
    expect(tokensMatch(null, token)).toBe(false);
    expect(tokensMatch('', '')).toBe(false); // an empty token never opens anything
  });

  it('makes a new random token each time (192 bits, URL-safe)', () => {
    const tokens = new Set(Array.from({ length: 1000 }, createToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[\w-]{32}$/);
  });
});

describe('AuthThrottle', () => {
  const options = { baseMs: 100, maxMs: 1000, forgetMs: 60_000, maxAddresses: 3 };

  it('holds an address longer after each failure, up to the cap, and a success clears it', () => {
    const throttle = new AuthThrottle(options);
    const now = 1_000_000;
    expect(throttle.delayFor('a', now)).toBe(0);
    const delays = [];
    for (let i = 0; i < 6; i++) {
      throttle.failed('a', now);
      delays.push(throttle.delayFor('a', now));
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(throttle.delayFor('b', now)).toBe(0); // per address
    throttle.succeeded('a');
    expect(throttle.delayFor('a', now)).toBe(0);
  });

  it('forgets quiet addresses and remembers a bounded number', () => {
    const throttle = new AuthThrottle(options);
    throttle.failed('a', 0);
    expect(throttle.delayFor('a', 50)).toBe(50);
    expect(throttle.delayFor('a', 60_001)).toBe(0);
    for (const address of ['w', 'x', 'y', 'z']) throttle.failed(address, 0);
    expect(throttle.delayFor('w', 1)).toBe(0); // evicted, the oldest of four with room for three
    expect(throttle.delayFor('z', 1)).toBe(99);
  });
});

describe('browser mode server: failed token attempts', () => {
  const token = 'throttle-token-0123456789abcdef';
  const router: Router = { connect: () => ({ receive: () => undefined, close: () => undefined, openStreams: 0 }) };
  let rendererRoot: string;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    rendererRoot = await mkdtemp(path.join(os.tmpdir(), 'berth-renderer-'));
    await writeFile(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Berth</title>');
    server = await startServer({ router, rendererRoot, host: '127.0.0.1', port: 0, token, throttle: { baseMs: 150, maxMs: 5000 } });
  });

  afterAll(async () => {
    await server.close();
    await rm(rendererRoot, { recursive: true, force: true });
  });

  function timedGet(headers: Record<string, string>): Promise<{ status: number; ms: number }> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: server.port, path: '/', headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: Date.now() - started }));
        })
        .on('error', reject);
    });
  }

  it('answers each wrong token later than the one before, holds the socket upgrade too, and a correct token still works after the delay', async () => {
    const wrong = { cookie: `${cookieName(server.port)}=wrong` };
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const reply = await timedGet(wrong);
      expect(reply.status).toBe(401);
      times.push(reply.ms);
    }
    // Held 0, then 150, 300, 600 ms: each wait at least the last one's double (minus scheduling slack).
    expect(times[0]).toBeLessThan(150);
    expect(times[1]).toBeGreaterThanOrEqual(140);
    expect(times[2]).toBeGreaterThanOrEqual(290);
    expect(times[3]).toBeGreaterThanOrEqual(590);

    // A WebSocket with a wrong token is judged after the (now 1.2 s) delay too, and refused.
    const started = Date.now();
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers: { origin: `http://127.0.0.1:${server.port}`, ...wrong } });
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1190);

    // The correct token waits its turn (2.4 s), is served, and clears the address: the next request is immediate.
    const right = await timedGet({ cookie: `${cookieName(server.port)}=${token}` });
    expect(right.status).toBe(200);
    expect(right.ms).toBeGreaterThanOrEqual(2390);
    const after = await timedGet({ cookie: `${cookieName(server.port)}=${token}` });
    expect(after.status).toBe(200);
    expect(after.ms).toBeLessThan(150);
  }, 20_000);

  it('does not count a refused Host or Origin as a token guess', async () => {
    for (let i = 0; i < 3; i++) {
      const reply = await timedGet({ host: `evil.example:${server.port}`, cookie: `${cookieName(server.port)}=${token}` });
      expect(reply.status).toBe(403);
      expect(reply.ms).toBeLessThan(150);
    }
  });
});
