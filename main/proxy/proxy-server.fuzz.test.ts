import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli } from '../../testing/docker-cli';
import { ActivityLog } from './activity-log';
import { EngineProxy } from './proxy-server';

/** Fixed, so a failure replays; fast-check prints the seed and the shrunk counterexample when a property fails. */
const SEED = Number(process.env.BERTH_FUZZ_SEED ?? 0x0b3e7);
/** Short in this test so slowloris and idle connections are seen to be closed in seconds (30 s in Berth). */
const HEAD_TIMEOUT_MS = 2000;

const fdCount = () => readdirSync('/proc/self/fd').length;

interface Outcome {
  response: Buffer;
  /** The proxy (or the engine through it) closed the connection before our deadline. */
  closed: boolean;
  ms: number;
}

/** Connects, writes `bytes`, optionally half-closes, and collects what comes back until the connection closes. */
function exchange(socketPath: string, bytes: Buffer, { halfClose = true, deadlineMs = 10_000 } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    const socket = net.connect({ path: socketPath, allowHalfOpen: true });
    const timer = setTimeout(() => done(false), deadlineMs);
    let finished = false;
    function done(closed: boolean) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ response: Buffer.concat(chunks), closed, ms: Date.now() - started });
    }
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // EPIPE when the engine answers before it has read everything
    socket.on('close', () => done(true));
    socket.on('end', () => socket.end());
    socket.once('connect', () => {
      socket.write(bytes);
      if (halfClose) socket.end();
    });
  });
}

const statusLine = (response: Buffer) => response.subarray(0, response.indexOf('\r\n') >>> 0).toString('latin1');

describe('EngineProxy under hostile input', () => {
  const { dockerHost } = inject('testEngine');
  let dir: string;
  let socketPath: string;
  let proxy: EngineProxy;
  let fdsBefore: number;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp('/tmp/bpz-');
    socketPath = path.join(dir, 'run', 'docker.sock');
    proxy = new EngineProxy({
      address: socketPath,
      target: () => ({ url: dockerHost }),
      activity: new ActivityLog(),
      firstHeadTimeoutMs: HEAD_TIMEOUT_MS,
      log: (message) => logs.push(message),
    });
    await proxy.listen();
    // Warm up: the first dial creates the dialer (and its agent), which lives as long as the proxy.
    await exchange(socketPath, Buffer.from('GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n'));
    fdsBefore = fdCount();
  });

  afterAll(async () => {
    await proxy.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every connection the proxy opened is gone, and so is every descriptor it used. */
  async function expectNothingLeft(): Promise<void> {
    await expect.poll(() => proxy.openConnections, { timeout: 15_000 }).toBe(0);
    await expect.poll(fdCount, { timeout: 15_000 }).toBeLessThanOrEqual(fdsBefore);
  }

  it(`answers random garbage with the engine's 400 or a close, never a hang (seed ${SEED})`, async () => {
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 8192 }).map((bytes) => Buffer.from(bytes)),
          // Lines, so the engine's parser gets past the request line and must judge it.
          fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { minLength: 1, maxLength: 20 }).map((lines) => Buffer.from(`${lines.join('\r\n')}\r\n\r\n`)),
          // Near-HTTP: a real method and path with garbage around them.
          fc
            .tuple(fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'G\u0000T', ''), fc.string({ maxLength: 300 }), fc.constantFrom('HTTP/1.1', 'HTTP/9.9', 'HTP/1.1', ''), fc.string({ maxLength: 300 }))
            .map(([method, target, version, header]) => Buffer.from(`${method} /${target} ${version}\r\nHost: docker\r\n${header}\r\n\r\n`)),
        ),
        async (bytes) => {
          const { response, closed } = await exchange(socketPath, bytes);
          expect(closed).toBe(true);
          if (response.length === 0) return;
          const status = statusLine(response);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          // What the client sees is the engine's own verdict, forwarded untouched: a 4xx (400 for malformed input;
          // a request that happens to parse gets whatever the engine says about it, like 404 or 505).
          expect(status).toMatch(/^HTTP\/1\.[01] (400|404|405|505) /);
        },
      ),
      { seed: SEED, numRuns: 1000 },
    );
    expect([...statuses.keys()].some((status) => status.startsWith('HTTP/1.1 400'))).toBe(true);
    await expectNothingLeft();
  });

  it('closes every truncated head once the client half-closes (each cut of a real request)', async () => {
    const head = Buffer.from('GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: docker\r\nUser-Agent: berth-fuzz\r\nAccept: */*\r\n\r\n');
    const outcomes: Outcome[] = [];
    for (let cut = 1; cut < head.length; cut += 16) {
      const batch = Array.from({ length: Math.min(16, head.length - cut) }, (_, i) => exchange(socketPath, head.subarray(0, cut + i)));
      outcomes.push(...(await Promise.all(batch)));
    }
    expect(outcomes).toHaveLength(head.length - 1);
    for (const outcome of outcomes) {
      expect(outcome.closed).toBe(true);
      if (outcome.response.length) expect(statusLine(outcome.response)).toMatch(/^HTTP\/1\.1 400 /);
    }
    // And the whole head still works, so the cuts above were judged on their truncation alone.
    expect(statusLine((await exchange(socketPath, head)).response)).toBe('HTTP/1.1 200 OK');
    await expectNothingLeft();
  });

  it('forwards a 1 MB header as the engine judges it: 200 within its limit, 431 beyond, and closes', async () => {
    const withHeader = (bytes: number) => Buffer.from(`GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\nX-Big: ${'a'.repeat(bytes)}\r\n\r\n`);
    // Go's net/http (dockerd) reads up to 1 MiB + 4 KiB of head: a 1 MiB header is served, 2 MiB is refused with
    // 431 Request Header Fields Too Large. Berth's recorder gives up on heads over 64 KiB but forwards them untouched.
    const within = await exchange(socketPath, withHeader(1024 * 1024), { halfClose: false });
    expect(within.closed).toBe(true);
    expect(statusLine(within.response)).toBe('HTTP/1.1 200 OK');
    const beyond = await exchange(socketPath, withHeader(2 * 1024 * 1024), { halfClose: false });
    expect(beyond.closed).toBe(true);
    expect(statusLine(beyond.response)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    await expectNothingLeft();
  });

  it('closes a slowloris head (one byte a second) after the head timeout, and leaves established streams alone', async () => {
    const head = 'GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n';
    const slow = net.connect({ path: socketPath });
    slow.on('error', () => undefined);
    let sent = 0;
    const started = Date.now();
    const dripper = setInterval(() => {
      if (!slow.destroyed && sent < head.length) slow.write(head[sent++]!);
    }, 1000);
    const slowClosedAfter = new Promise<number>((resolve) => slow.on('close', () => resolve(Date.now() - started)));

    // Controls: an events stream (a complete head, then a response that never ends) and a head completed in time.
    const events = net.connect({ path: socketPath });
    events.on('error', () => undefined);
    let eventsClosed = false;
    let eventsResponse = '';
    events.on('close', () => (eventsClosed = true));
    events.on('data', (chunk: Buffer) => (eventsResponse += chunk.toString()));
    events.write('GET /v1.41/events HTTP/1.1\r\nHost: docker\r\n\r\n');
    const late = net.connect({ path: socketPath });
    let lateResponse = '';
    late.on('data', (chunk: Buffer) => (lateResponse += chunk.toString()));
    late.write('GET /_ping HTTP/1.1\r\n');
    setTimeout(() => late.write('Host: docker\r\nConnection: close\r\n\r\n'), HEAD_TIMEOUT_MS / 2);

    try {
      const closedAfter = await slowClosedAfter;
      expect(closedAfter).toBeGreaterThanOrEqual(HEAD_TIMEOUT_MS - 100);
      expect(closedAfter).toBeLessThan(HEAD_TIMEOUT_MS + 2000);
      expect(sent).toBeLessThan(head.length); // it was cut off mid-head
      expect(logs.some((line) => line.includes('no complete request head'))).toBe(true);
      // Well past the head timeout, the stream that did send its head is still open and answered.
      await new Promise((resolve) => setTimeout(resolve, HEAD_TIMEOUT_MS + 500));
      expect(eventsClosed).toBe(false);
      expect(eventsResponse).toMatch(/^HTTP\/1\.1 200 /);
      expect(lateResponse).toMatch(/^HTTP\/1\.1 200 OK/);
    } finally {
      clearInterval(dripper);
      slow.destroy();
      events.destroy();
      late.destroy();
    }
    await expectNothingLeft();
  });

  it('holds 1,000 idle connections without starving others, then closes them all and leaks no descriptor', async () => {
    // A proxy of its own with a longer head timeout, so all 1,000 are open at once before the first is closed.
    const stormTimeoutMs = 8000;
    const stormPath = path.join(dir, 'run', 'storm.sock');
    const storm = new EngineProxy({ address: stormPath, target: () => ({ url: dockerHost }), activity: new ActivityLog(), firstHeadTimeoutMs: stormTimeoutMs });
    await storm.listen();
    const idle: net.Socket[] = [];
    /** For each connection: how long it lived, from connect to the proxy closing it. */
    const lifetimes: Promise<number>[] = [];
    /** One idle connection; a full listen backlog (EAGAIN on a unix socket) is retried, as a client would. */
    const open = (): Promise<void> =>
      new Promise((resolve, reject) => {
        const socket = net.connect({ path: stormPath });
        socket.once('error', (err: NodeJS.ErrnoException) => {
          if (err.code !== 'EAGAIN') return reject(err);
          setTimeout(() => open().then(resolve, reject), 20);
        });
        socket.once('connect', () => {
          const connectedAt = Date.now();
          socket.on('error', () => undefined);
          idle.push(socket);
          lifetimes.push(new Promise((done) => socket.on('close', () => done(Date.now() - connectedAt))));
          resolve();
        });
      });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, storm.openConnections)), 20);
    try {
      for (let batch = 0; batch < 20; batch++) await Promise.all(Array.from({ length: 50 }, open));
      expect(idle).toHaveLength(1000);
      await expect.poll(() => storm.openConnections, { timeout: stormTimeoutMs / 2 }).toBeGreaterThanOrEqual(1000);
      // During the storm, a real client through the same socket is served.
      const ps = await dockerCli(`unix://${stormPath}`, ['ps', '-a', '--format', '{{.ID}}', '--no-trunc']);
      expect(ps).toBe(await dockerCli(dockerHost, ['ps', '-a', '--format', '{{.ID}}', '--no-trunc']));
      expect(storm.openConnections).toBeGreaterThanOrEqual(1000); // still all held while docker ps ran
      const times = await Promise.all(lifetimes);
      // Each was closed by the proxy's head timeout: not before it, and not long after.
      expect(Math.min(...times)).toBeGreaterThanOrEqual(stormTimeoutMs - 100);
      expect(Math.max(...times)).toBeLessThan(stormTimeoutMs + 5000);
      expect(peak).toBeGreaterThanOrEqual(1000);
      await expect.poll(() => storm.openConnections, { timeout: 5000 }).toBe(0);
    } finally {
      clearInterval(sampler);
      for (const socket of idle) socket.destroy();
      await storm.close();
    }
    await expectNothingLeft();
  }, 60_000);
});
