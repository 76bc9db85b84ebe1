import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { forEachLogTime, formatLogTime, logLineTexts, type LogEvent, type LogRangeInput, type LogSource } from '../../../common/contract/logs';
import type { ApiError } from '../../../common/errors';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { ensureTestImage, startDockerd, type Dockerd } from '../../../testing/test-engine';
import { EngineConnection } from '../../engine/connection';
import { LogService } from './logs';

const { dockerHost, image } = inject('testEngine');
const LABEL = 'berth.test=logs';

interface Collected {
  lines: { text: string; timestamp: string; stderr: boolean; source: number | undefined }[];
  events: LogEvent[];
  sources: LogSource[];
  ended: Promise<ApiError | undefined>;
  caughtUp: Promise<void>;
  /** Resolves once the predicate holds for the lines received so far. */
  until(predicate: (texts: string[]) => boolean): Promise<void>;
  close(): void;
}

let engine: EngineConnection;
let logs: LogService;

function range(partial: Partial<LogRangeInput> = {}): LogRangeInput {
  return { tail: 'all', follow: false, ...partial };
}

/** Opens a log view the way the router would, acknowledging each batch like the renderer does (unless told not to). */
async function collect(open: (controls: Parameters<LogService['openContainer']>[2]) => Promise<() => void>, autoAck = true): Promise<Collected> {
  const lines: Collected['lines'] = [];
  const events: LogEvent[] = [];
  let sources: LogSource[] = [];
  let session = '';
  const checks = new Set<() => void>();
  let endedResolve!: (error: ApiError | undefined) => void;
  let caughtUpResolve!: () => void;
  const ended = new Promise<ApiError | undefined>((resolve) => (endedResolve = resolve));
  const caughtUp = new Promise<void>((resolve) => (caughtUpResolve = resolve));
  const texts = () => lines.map((l) => l.text);
  const close = await open({
    emit(event) {
      events.push(event);
      if (event.type === 'start') {
        session = event.session;
        sources = event.sources;
      } else if (event.type === 'sources') sources = event.sources;
      else if (event.type === 'caught-up') caughtUpResolve();
      else if (event.type === 'lines') {
        const stderr = new Set(event.lines.stderr);
        const texts = logLineTexts(event.lines);
        forEachLogTime(event.lines.time, (seconds, nanos, i) => {
          const text = texts[i]!;
          lines.push({ text, timestamp: formatLogTime(seconds, nanos), stderr: stderr.has(i), source: event.lines.source?.[i] });
        });
        if (autoAck) logs.ack(session, event.seq);
      }
      for (const check of checks) check();
    },
    end: (error) => endedResolve(error as ApiError | undefined),
  });
  return {
    lines,
    events,
    get sources() {
      return sources;
    },
    ended,
    caughtUp,
    until: (predicate) =>
      new Promise((resolve) => {
        const check = () => {
          if (!predicate(texts())) return;
          checks.delete(check);
          resolve();
        };
        checks.add(check);
        check();
      }),
    close,
  } as Collected;
}

async function run(args: string[]): Promise<string> {
  return dockerCli(dockerHost, ['run', '-d', '--label', LABEL, ...args]);
}

async function waitExited(id: string): Promise<void> {
  await dockerCli(dockerHost, ['wait', id]);
}

beforeAll(async () => {
  engine = new EngineConnection(dockerHost);
  engine.start();
  await engine.waitUntilConnected();
  logs = new LogService(engine);
});

afterAll(async () => {
  const ids = await dockerCli(dockerHost, ['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await dockerCli(dockerHost, ['rm', '-f', ...ids.split('\n')]);
  engine.stop();
});

describe('container logs', () => {
  it('separates stdout and stderr of a non-TTY container and ends when not following', async () => {
    const id = await run([image, 'sh', '-c', 'echo out1; sleep 0.1; echo err1 >&2; sleep 0.1; echo out2']);
    await waitExited(id);
    const view = await collect((c) => logs.openContainer(id, range(), c));
    expect(await view.ended).toBeUndefined();
    expect(view.lines.map((l) => [l.text, l.stderr])).toEqual([
      ['out1', false],
      ['err1', true],
      ['out2', false],
    ]);
    expect(view.lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/.test(l.timestamp))).toBe(true);
    expect(logs.openSessions).toBe(0);
  });

  it('reads a TTY container raw, including a line longer than the engine copy buffer', async () => {
    const id = await run(['-t', image, 'sh', '-c', "printf 'tty one\\n'; head -c 40000 /dev/zero | tr '\\0' t; printf '\\nbye\\n'"]);
    await waitExited(id);
    const view = await collect((c) => logs.openContainer(id, range(), c));
    await view.ended;
    expect(view.lines.map((l) => (l.text.length > 100 ? `${l.text[0]}×${l.text.length}` : l.text))).toEqual(['tty one', 't×40000', 'bye']);
  });

  it.each([
    ['non-TTY', []],
    ['TTY', ['-t']],
  ])('keeps multi-byte characters whole in a %s container, and a 100k-character line', async (_, flags) => {
    // 40,000 bytes of two-byte characters: the engine's 16 KiB copy buffer splits it into messages, and the socket
    // delivers it in chunks that may end inside a character.
    const script = "yes é | head -n 20000 | tr -d '\\n'; echo; echo '€ 😀 ü'; head -c 100000 /dev/zero | tr '\\0' z; echo; echo done";
    const id = await run([...flags, image, 'sh', '-c', script]);
    await waitExited(id);
    const view = await collect((c) => logs.openContainer(id, range(), c));
    await view.ended;
    const texts = view.lines.map((l) => l.text);
    expect(texts).toHaveLength(4);
    expect(texts[0] === 'é'.repeat(20000)).toBe(true);
    expect(texts[1]).toBe('€ 😀 ü');
    expect(texts[2] === 'z'.repeat(100_000)).toBe(true);
    expect(texts[3]).toBe('done');
  });

  it('loads only the last N lines, and resumes after a given line without repeating it', async () => {
    const id = await run([image, 'sh', '-c', 'for i in 1 2 3 4 5 6; do echo line$i; done']);
    await waitExited(id);
    const tail = await collect((c) => logs.openContainer(id, range({ tail: 2 }), c));
    await tail.ended;
    expect(tail.lines.map((l) => l.text)).toEqual(['line5', 'line6']);

    const all = await collect((c) => logs.openContainer(id, range(), c));
    await all.ended;
    const third = all.lines[2]!;
    const seenAtThird = all.lines.slice(0, 3).filter((l) => l.timestamp === third.timestamp).length;
    const resumed = await collect((c) => logs.openContainer(id, range({ since: third.timestamp, skipAtSince: seenAtThird }), c));
    await resumed.ended;
    expect(resumed.lines.map((l) => l.text)).toEqual(['line4', 'line5', 'line6']);
  });

  it('follows a container through a stop and a restart without repeating lines', async () => {
    const name = uniqueName('logs-restart');
    const id = await run(['--name', name, image, 'sh', '-c', 'echo started; while [ ! -f /tmp/stop ]; do sleep 0.05; done; echo stopping']);
    const view = await collect((c) => logs.openContainer(id, range({ follow: true, tail: 1000 }), c));
    await view.until((t) => t.includes('started'));
    await dockerCli(dockerHost, ['exec', name, 'touch', '/tmp/stop']);
    await view.until((t) => t.includes('stopping'));
    await waitExited(id);
    await expect.poll(() => view.sources[0]?.running).toBe(false);

    await dockerCli(dockerHost, ['start', name]);
    await view.until((t) => t.filter((x) => x === 'stopping').length === 2);
    expect(view.lines.map((l) => l.text)).toEqual(['started', 'stopping', 'started', 'stopping']);
    view.close();
    expect(logs.openSessions).toBe(0);
  });

  it('holds the engine stream back while batches are not acknowledged', async () => {
    const id = await run([image, 'sh', '-c', 'seq 1 200000']);
    await waitExited(id);
    const slow = new LogService(engine, { maxLines: 1000, window: 2 });
    const batches: number[] = [];
    let session = '';
    let acking = false;
    let received = 0;
    let endedResolve!: () => void;
    const ended = new Promise<void>((resolve) => (endedResolve = resolve));
    const close = await slow.openContainer(id, range(), {
      emit: (event) => {
        if (event.type === 'start') session = event.session;
        if (event.type !== 'lines') return;
        batches.push(event.seq);
        received += event.lines.time.deltas.length;
        if (acking) setImmediate(() => slow.ack(session, event.seq));
      },
      end: () => endedResolve(),
    });
    await expect.poll(() => batches.length).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The renderer stayed silent: nothing beyond the window went out.
    expect(batches).toHaveLength(2);
    acking = true;
    slow.ack(session, batches[1]!);
    await ended;
    expect(received).toBe(200_000);
    close();
  });

  it('answers not-found for a container that does not exist', async () => {
    await expect(collect((c) => logs.openContainer('no-such-container-xyz', range(), c))).rejects.toMatchObject({ statusCode: 404 });
  });

  it('says so when the container was started with the log driver "none"', async () => {
    const id = await run(['--log-driver', 'none', image, 'true']);
    await waitExited(id);
    await expect(collect((c) => logs.openContainer(id, range(), c))).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('log driver "none"') });
  });

  it('refuses a time that has the right shape but is not a real date', async () => {
    const id = await run([image, 'echo', 'hi']);
    await waitExited(id);
    const view = await collect((c) => logs.openContainer(id, range({ since: '2024-02-30T00:00:00Z' }), c));
    expect(await view.ended).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('2024-02-30T00:00:00Z') });
  });
});

describe('Compose project logs', () => {
  it('interleaves every service by timestamp and names each line’s service', async () => {
    const project = uniqueName('proj');
    const labels = (service: string) => ['--label', `com.docker.compose.project=${project}`, '--label', `com.docker.compose.service=${service}`];
    const ticker = (prefix: string) => `for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do echo ${prefix}$i; sleep 0.1; done`;
    const web = await run([...labels('web'), image, 'sh', '-c', ticker('web')]);
    const db = await run([...labels('db'), image, 'sh', '-c', ticker('db')]);
    // A service that keeps no logs has nothing to add and must not break the view.
    const silent = await run([...labels('silent'), '--log-driver', 'none', image, 'true']);
    await waitExited(web);
    await waitExited(db);
    await waitExited(silent);
    const view = await collect((c) => logs.openProject(project, range({ follow: true }), c));
    await view.caughtUp;
    expect(view.sources.map((s) => s.service)).toEqual(['db', 'web']);
    const labelled = view.lines.map((l) => `${view.sources[l.source!]!.service}:${l.text}`);
    expect(labelled).toHaveLength(30);
    const expected = ['web', 'db'].flatMap((service) => Array.from({ length: 15 }, (_, i) => `${service}:${service}${i + 1}`));
    expect([...labelled].sort()).toEqual(expected.sort());
    const timestamps = view.lines.map((l) => l.timestamp);
    expect(timestamps).toEqual([...timestamps].sort());
    // Both ran at the same time, so a merge by time alternates between them rather than listing one after the other.
    const switches = labelled.filter((text, i) => i > 0 && text.split(':')[0] !== labelled[i - 1]!.split(':')[0]).length;
    expect(switches).toBeGreaterThan(5);
    view.close();
  });

  it('explains when a project has no containers', async () => {
    await expect(collect((c) => logs.openProject('no-such-project-xyz', range(), c))).rejects.toThrow(/No containers belong/);
  });
});

describe('when the engine goes away', () => {
  let dockerd: Dockerd;

  beforeAll(async () => {
    dockerd = await startDockerd();
    await ensureTestImage(dockerd.dockerHost, image);
  }, 120_000);

  afterAll(async () => {
    await dockerd?.destroy();
  }, 60_000);

  it('ends a followed stream with engine-unreachable', async () => {
    const own = new EngineConnection(dockerd.dockerHost);
    own.start();
    await own.waitUntilConnected();
    const service = new LogService(own);
    const id = await dockerCli(dockerd.dockerHost, ['run', '-d', '--label', LABEL, image, 'sh', '-c', 'while true; do echo tick; sleep 0.1; done']);
    let session = '';
    let endedWith: ApiError | undefined | 'open' = 'open';
    let ticks = 0;
    await service.openContainer(id, range({ follow: true }), {
      emit: (event) => {
        if (event.type === 'start') session = event.session;
        if (event.type === 'lines') {
          ticks += event.lines.time.deltas.length;
          service.ack(session, event.seq);
        }
      },
      end: (error) => (endedWith = error as ApiError | undefined),
    });
    await expect.poll(() => ticks).toBeGreaterThan(2);
    await dockerd.stop();
    await expect.poll(() => endedWith, { timeout: 10_000 }).toMatchObject({ code: 'engine-unreachable' });
    expect(service.openSessions).toBe(0);
    own.stop();
  }, 60_000);
});
