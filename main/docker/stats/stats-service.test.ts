import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { TEST_LABEL } from '../../../testing/test-engine';
import type { ContainerStatsSample, StatsEvent } from '../../../common/contract/stats';
import { ApiError } from '../../../common/errors';
import { EngineConnection } from '../../engine/connection';
import { StatsService } from './stats';
import { StatsHub } from './stats-hub';
import { openStatsSubscription, type StatsSubscriptionInput } from './stats-subscription';

describe('live stats from the real engine', () => {
  const { dockerHost, image } = inject('testEngine');
  const label = `${TEST_LABEL}=stats-service`;
  let engine: EngineConnection;
  let hub: StatsHub;
  let service: StatsService;

  beforeAll(async () => {
    engine = new EngineConnection(dockerHost);
    engine.start();
    await engine.waitUntilConnected();
    service = new StatsService(engine);
    hub = new StatsHub({ fetch: (id) => service.sample(id), onEngineEvent: (listener) => engine.onEvent(listener) });
  });

  afterAll(async () => {
    hub.dispose();
    service.close();
    engine.stop();
    const ids = await dockerCli(dockerHost, ['ps', '-aq', '--filter', `label=${label}`]);
    if (ids) await dockerCli(dockerHost, ['rm', '-f', ...ids.split('\n')]);
  });

  /** Subscribes like the renderer does and collects what arrives. */
  async function subscribe(input: Partial<StatsSubscriptionInput>) {
    const events: StatsEvent[] = [];
    const ended: unknown[] = [];
    const dispose = await openStatsSubscription(
      {
        hub,
        resolveId: (id) => service.resolveId(id),
        runningIds: () => service.runningIds(),
        onEngineEvent: (listener) => engine.onEvent(listener),
        onEngineStatus: (listener) => engine.onStatus(listener),
        onEngineSwitch: (listener) => engine.onSwitch(listener),
      },
      { intervalMs: 1000, historySeconds: 600, ...input },
      (event) => events.push(event),
      (error) => ended.push(error),
    );
    const samplesOf = (key: string): ContainerStatsSample[] => events.flatMap((event) => event.samples[key] ?? []);
    const stoppedKeys = () => events.flatMap((event) => event.stopped);
    return { events, ended, dispose, samplesOf, stoppedKeys };
  }

  it('a CPU loop: Berth agrees with `docker stats --no-stream` within 5 points (about one core on a free machine)', async () => {
    const name = uniqueName('berth-stats-busy');
    const id = await dockerCli(dockerHost, ['run', '-d', '--name', name, '--label', label, image, 'sh', '-c', 'while :; do :; done']);
    const watch = await subscribe({ ids: [name] });
    await expect.poll(() => watch.samplesOf(name).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

    // Three CLI readings back to back, against Berth's samples over the same span: a single one-second reading
    // on a shared machine swings by more than the tolerance, an average over seconds does not.
    const cliStartedAt = Date.now();
    const readings: number[] = [];
    for (let i = 0; i < 3; i++) {
      readings.push(Number.parseFloat(await dockerCli(dockerHost, ['stats', '--no-stream', '--format', '{{.CPUPerc}}', id])));
    }
    const cliDoneAt = Date.now();
    const cli = readings.reduce((sum, value) => sum + value, 0) / readings.length;
    await expect.poll(() => watch.samplesOf(name).some((s) => s.t >= cliDoneAt), { timeout: 5000 }).toBe(true);
    // A sample at time t covers the second before t.
    const overlapping = watch.samplesOf(name).filter((s) => s.t > cliStartedAt + 1000 && s.t <= cliDoneAt + 500);
    expect(overlapping.length).toBeGreaterThanOrEqual(2);
    const berth = overlapping.reduce((sum, s) => sum + s.cpuPercent, 0) / overlapping.length;
    watch.dispose();
    await dockerCli(dockerHost, ['rm', '-f', id]); // stop burning the shared CPUs before asserting

    // On an idle machine both read about 100 (one core); on a shared, loaded one the loop gets less, and what
    // must hold is that Berth reports what the CLI does.
    expect(cli).toBeGreaterThan(5);
    expect(berth).toBeLessThanOrEqual(105);
    expect(Math.abs(berth - cli)).toBeLessThanOrEqual(5);
  });

  it('a container that allocates memory shows it, against its limit', async () => {
    const name = uniqueName('berth-stats-mem');
    // tmpfs pages are memory the container holds (not reclaimable page cache), like an allocation.
    const script = 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=48 2>/dev/null; sleep 3600';
    await dockerCli(dockerHost, ['run', '-d', '--name', name, '--label', label, '-m', '128m', image, 'sh', '-c', script]);
    const watch = await subscribe({ ids: [name] });
    await expect.poll(() => watch.samplesOf(name).at(-1)?.memoryBytes ?? 0, { timeout: 15_000 }).toBeGreaterThan(48 * 1024 * 1024);
    const last = watch.samplesOf(name).at(-1)!;
    watch.dispose();
    expect(last.memoryLimitBytes).toBe(128 * 1024 * 1024);
    expect(last.memoryPercent).toBeGreaterThan(37.5);
    expect(last.pids).toBeGreaterThanOrEqual(1);
  });

  it('shares one source between subscribers and gives a late one the history at once', async () => {
    const name = uniqueName('berth-stats-shared');
    await dockerCli(dockerHost, ['run', '-d', '--name', name, '--label', label, image, 'sleep', '3600']);
    const first = await subscribe({ ids: [name] });
    await expect.poll(() => first.samplesOf(name).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const second = await subscribe({ ids: [name] });
    expect(second.events[0]!.samples[name]!.length).toBeGreaterThanOrEqual(3);
    expect(hub.activeSources).toBe(1);
    first.dispose();
    second.dispose();
    expect(hub.activeSources).toBe(0);
  });

  it('`all` follows containers as they start and stop', async () => {
    const name = uniqueName('berth-stats-all');
    const openedAt = Date.now();
    const watch = await subscribe({ all: true, intervalMs: 2000 });
    expect(watch.events[0]!.completeSince).toBeGreaterThanOrEqual(openedAt - 600_000);
    const id = await dockerCli(dockerHost, ['run', '-d', '--name', name, '--label', label, image, 'sleep', '3600']);
    await expect.poll(() => watch.samplesOf(id).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await dockerCli(dockerHost, ['stop', '-t', '0', name]);
    await expect.poll(() => watch.stoppedKeys().includes(id), { timeout: 15_000 }).toBe(true);
    watch.dispose();
  });

  it('a named container that is stopped is reported stopped; one that does not exist fails the subscription', async () => {
    const name = uniqueName('berth-stats-exited');
    await dockerCli(dockerHost, ['run', '--name', name, '--label', label, image, 'true']);
    const watch = await subscribe({ ids: [name] });
    await expect.poll(() => watch.stoppedKeys(), { timeout: 15_000 }).toContain(name);
    watch.dispose();
    const missing = subscribe({ ids: ['berth-no-such-container'] });
    await expect(missing).rejects.toBeInstanceOf(ApiError);
    await missing.catch((err: ApiError) => {
      expect(err.code).toBe('not-found');
      expect(err.message).toMatch(/no such container/i);
    });
  });

  it('ends its streams when Berth switches to another engine, since their containers belong to the old one', async () => {
    const name = uniqueName('berth-stats-switch');
    await dockerCli(dockerHost, ['run', '-d', '--name', name, '--label', label, image, 'sleep', '3600']);
    const watch = await subscribe({ ids: [name] });
    engine.switchTo(engine.target);
    expect(watch.ended).toHaveLength(1);
    expect(watch.ended[0]).toMatchObject({ code: 'engine-unreachable' });
    watch.dispose();
    await engine.waitUntilConnected();
  });
});
