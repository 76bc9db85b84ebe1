import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, EngineStatus } from '../../common/contract/engine';
import { notificationText } from '../../common/notifications/notification';
import { toEngineEvent, type RawEngineEvent } from '../engine/connection';
import { Coalescer } from './coalescer';
import { ContainerEventRules } from './container-rules';
import { EngineStatusRule } from './engine-rules';
import { imageOperationNotice } from './operation-rules';

/** Event sequences recorded from dockerd with `docker events --format '{{json .}}'` (see each test). */
function recorded(name: string): EngineEvent[] {
  return readFileSync(new URL(`./fixtures/${name}.jsonl`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => toEngineEvent(JSON.parse(line) as RawEngineEvent));
}

function noticesFor(events: EngineEvent[]) {
  const rules = new ContainerEventRules();
  return events.map((event) => rules.onEvent(event)).filter((notice) => notice !== undefined);
}

describe('ContainerEventRules on recorded engine events', () => {
  it('says nothing for docker stop (kill 15, kill 9, die 137, stop) or docker kill (kill 9, die 137)', () => {
    expect(recorded('stop').map((event) => event.action)).toEqual(['create', 'start', 'kill', 'kill', 'die', 'stop']);
    expect(noticesFor(recorded('stop'))).toEqual([]);
    expect(recorded('kill').map((event) => event.action)).toEqual(['create', 'start', 'kill', 'die']);
    expect(noticesFor(recorded('kill'))).toEqual([]);
  });

  it('reports a crash (sh -c "exit 3": a bare die with exitCode 3) with the code and a route to the container', () => {
    const [crash] = recorded('crash').filter((event) => event.action === 'die');
    const notices = noticesFor(recorded('crash'));
    expect(notices).toEqual([
      expect.objectContaining({ kind: 'containerCrashed', level: 'error', title: 'pal-crash exited with code 3', route: `containers/${crash!.actor.id}` }),
    ]);
  });

  it('reports an OOM kill (oom, then die 137) once, as out of memory and not as a crash', () => {
    expect(recorded('oom').map((event) => event.action)).toEqual(['create', 'start', 'oom', 'die']);
    expect(noticesFor(recorded('oom'))).toEqual([expect.objectContaining({ kind: 'containerOom', title: 'pal-oom ran out of memory' })]);
  });

  it('reports a failing health check (health_status: unhealthy) and ignores healthy and exec events', () => {
    expect(noticesFor(recorded('unhealthy'))).toEqual([expect.objectContaining({ kind: 'containerUnhealthy', level: 'warning', title: 'pal-unhealthy is unhealthy' })]);
  });

  it('reports each die of a restart loop under one key, and a crash after a stop-and-start again', () => {
    const loop = noticesFor(recorded('loop'));
    expect(loop).toHaveLength(4);
    expect(new Set(loop.map((notice) => notice.key)).size).toBe(1);
    // A user stop is consumed by its die: the next crash after a start is reported.
    const stop = recorded('stop');
    const crashDie = { ...stop.find((event) => event.action === 'die')!, actor: { ...stop[0]!.actor, attributes: { ...stop[0]!.actor.attributes, exitCode: '1' } } };
    const start = stop.find((event) => event.action === 'start')!;
    expect(noticesFor([...stop, start, crashDie])).toEqual([expect.objectContaining({ kind: 'containerCrashed', title: 'pal-stop exited with code 1' })]);
  });
});

describe('Coalescer', () => {
  it('folds a crash loop into one notification that counts up, and starts a new one after a quiet window', () => {
    const coalescer = new Coalescer(60_000);
    const notices = noticesFor(recorded('loop'));
    const shown = notices.map((notice, index) => coalescer.add(notice, 1000 + index * 1000));
    expect(new Set(shown.map((notification) => notification.id)).size).toBe(1);
    expect(shown.at(-1)).toMatchObject({ count: 4, firstAt: 1000, lastAt: 4000 });
    expect(notificationText(shown.at(-1)!)).toEqual({
      title: 'pal-loop exited with code 2 (4 times)',
      body: expect.stringMatching(/4 times in 3 s\.$/),
    });
    const later = coalescer.add(notices[0]!, 4000 + 60_001);
    expect(later.id).not.toBe(shown[0]!.id);
    expect(later.count).toBe(1);
  });
});

describe('EngineStatusRule', () => {
  const status = (state: EngineStatus['state'], endpoint = 'unix:///run/docker.sock'): EngineStatus => ({ state, endpoint, since: 0 });

  it('reports connected → unreachable, but not a stop the user asked for, a switch, or a first connection failing', () => {
    const rule = new EngineStatusRule();
    expect(rule.onStatus(status('connecting'), false)).toBeUndefined();
    expect(rule.onStatus(status('unreachable'), false)).toBeUndefined();
    expect(rule.onStatus(status('connected'), false)).toBeUndefined();
    expect(rule.onStatus(status('unreachable'), false)).toMatchObject({ kind: 'engineStopped', route: 'engine' });
    rule.onStatus(status('connected'), false);
    expect(rule.onStatus(status('unreachable'), true)).toBeUndefined();
    rule.onStatus(status('connected'), false);
    expect(rule.onStatus(status('connecting', 'tcp://other:2375'), false)).toBeUndefined();
  });
});

describe('imageOperationNotice', () => {
  it('says what finished or failed and why, one key per outcome and subject', () => {
    expect(imageOperationNotice({ operation: 'pull', subject: 'alpine:3', ok: true })).toMatchObject({ kind: 'pullPushBuild', level: 'success', title: 'Pulled alpine:3', route: 'images' });
    const failed = imageOperationNotice({ operation: 'build', subject: '/src/app', ok: false, error: 'The build failed: exit 1' });
    expect(failed).toMatchObject({ level: 'error', title: 'The build of /src/app failed', body: 'The build failed: exit 1' });
    expect(failed.key).not.toBe(imageOperationNotice({ operation: 'build', subject: '/src/app', ok: true }).key);
  });
});

describe('NotificationCenter and the engine going away', () => {
  it('tells an engine lost by itself, not one the user stopped, and follows the kind switch', async () => {
    const { EventEmitter } = await import('node:events');
    const { NotificationCenter } = await import('./notification-center');
    const events = new EventEmitter();
    const source = {
      onEvent: () => () => undefined,
      onStatus: (listener: (status: EngineStatus) => void) => (events.on('status', listener), () => events.off('status', listener)),
    };
    let engineStopped = true;
    let now = 0;
    const center = new NotificationCenter(source, { isEnabled: (kind) => kind !== 'engineStopped' || engineStopped, now: () => now });
    const shown: string[] = [];
    center.onNotification((notification) => shown.push(`${notification.kind}: ${notification.body}`));
    const status = (state: EngineStatus['state'], error?: string): EngineStatus => ({ state, endpoint: 'unix:///run/docker.sock', name: 'Managed engine', since: now, ...(error ? { error } : {}) });

    events.emit('status', status('connected'));
    events.emit('status', status('unreachable', 'connect ENOENT'));
    expect(shown).toEqual(['engineStopped: Managed engine is not reachable: connect ENOENT']);

    events.emit('status', status('connected'));
    center.expectEngineStop();
    events.emit('status', status('unreachable'));
    expect(shown).toHaveLength(1);

    // A minute after the user's stop, losing it again is news; switched off, it is not.
    now = 61_000;
    events.emit('status', status('connected'));
    events.emit('status', status('unreachable'));
    expect(shown).toHaveLength(2);
    events.emit('status', status('connected'));
    engineStopped = false;
    events.emit('status', status('unreachable'));
    expect(shown).toHaveLength(2);
    center.dispose();
  });
});
