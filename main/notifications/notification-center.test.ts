import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EngineEvent } from '../../common/contract/engine';
import type { BerthNotification } from '../../common/notifications/notification';
import { dockerCli, uniqueName } from '../../testing/docker-cli';
import { TEST_LABEL } from '../../testing/test-engine';
import { EngineConnection } from '../engine/connection';
import { NotificationCenter } from './notification-center';

describe('NotificationCenter against the real engine', () => {
  const { dockerHost, image } = inject('testEngine');
  const label = `${TEST_LABEL}=notifications`;
  let engine: EngineConnection;
  let center: NotificationCenter;
  const shown: BerthNotification[] = [];
  const events: EngineEvent[] = [];

  beforeAll(async () => {
    engine = new EngineConnection(dockerHost);
    // Registered before the test's own listener, so by the time the test sees an event the center has judged it.
    center = new NotificationCenter(engine);
    center.onNotification((notification) => shown.push(notification));
    engine.onEvent((event) => events.push(event));
    engine.start();
    await engine.waitUntilConnected();
  });

  afterAll(async () => {
    center.dispose();
    engine.stop();
    const ids = await dockerCli(dockerHost, ['ps', '-aq', '--filter', `label=${label}`]);
    if (ids) await dockerCli(dockerHost, ['rm', '-f', ...ids.split('\n')]);
  });

  const sawEvent = (id: string, action: string) => events.filter((event) => event.actor.id === id && event.action === action).length;
  const shownFor = (id: string) => shown.filter((notification) => notification.route === `containers/${id}`);

  it('gives a crash loop (restart on-failure:3, exit 2) exactly one notification that counts every exit', async () => {
    const id = await dockerCli(dockerHost, ['run', '-d', '--name', uniqueName('berth-crashloop'), '--label', label, '--restart', 'on-failure:3', image, 'sh', '-c', 'exit 2']);
    // The first run and three restarts: four dies.
    await expect.poll(() => sawEvent(id, 'die'), { timeout: 30_000 }).toBe(4);
    const mine = shownFor(id);
    expect(new Set(mine.map((notification) => notification.id)).size).toBe(1);
    expect(mine.at(-1)).toMatchObject({ kind: 'containerCrashed', count: 4, level: 'error' });
    expect(mine.at(-1)!.title).toMatch(/exited with code 2$/);
  });

  it('says nothing when the user stops or kills a container', async () => {
    const stopped = await dockerCli(dockerHost, ['run', '-d', '--name', uniqueName('berth-userstop'), '--label', label, image, 'sleep', '300']);
    const killed = await dockerCli(dockerHost, ['run', '-d', '--name', uniqueName('berth-userkill'), '--label', label, image, 'sleep', '300']);
    await dockerCli(dockerHost, ['stop', '-t', '1', stopped]);
    await dockerCli(dockerHost, ['kill', killed]);
    await expect.poll(() => sawEvent(stopped, 'stop') + sawEvent(killed, 'die')).toBe(2);
    expect(shownFor(stopped)).toEqual([]);
    expect(shownFor(killed)).toEqual([]);
  });

  it('tells an OOM kill as out of memory, not as a crash', async () => {
    const id = await dockerCli(dockerHost, [
      'run', '-d', '--name', uniqueName('berth-oom'), '--label', label, '--memory', '8m', '--memory-swap', '8m', image, 'sh', '-c', 'x=a; while true; do x=$x$x; done',
    ]);
    await expect.poll(() => sawEvent(id, 'die'), { timeout: 30_000 }).toBe(1);
    expect(shownFor(id).map((notification) => notification.kind)).toEqual(['containerOom']);
  });

  it('leaves a kind the settings switch off unsaid', async () => {
    const quiet = new NotificationCenter(engine, { isEnabled: (kind) => kind !== 'containerCrashed' });
    const quietShown: BerthNotification[] = [];
    quiet.onNotification((notification) => quietShown.push(notification));
    const id = await dockerCli(dockerHost, ['run', '-d', '--name', uniqueName('berth-quiet'), '--label', label, image, 'sh', '-c', 'exit 5']);
    await expect.poll(() => sawEvent(id, 'die')).toBe(1);
    quiet.dispose();
    expect(quietShown).toEqual([]);
    expect(shownFor(id)).toHaveLength(1);
  });
});
