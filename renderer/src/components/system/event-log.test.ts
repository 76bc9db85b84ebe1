import { describe, expect, it } from 'vitest';
import { actorName, appendEvents, matchesEventFilter, type LoggedEvent } from './event-log';

function event(seq: number, overrides: Partial<LoggedEvent> = {}): LoggedEvent {
  return { seq, type: 'container', action: 'start', actor: { id: `id${seq}`, attributes: { name: `c${seq}` } }, timeNano: seq, ...overrides };
}

describe('event log', () => {
  it('keeps the newest first and drops the oldest past the limit', () => {
    let log: LoggedEvent[] = [];
    log = appendEvents(log, [event(1), event(2)], 3);
    log = appendEvents(log, [event(3), event(4)], 3);
    expect(log.map((entry) => entry.seq)).toEqual([4, 3, 2]);
  });

  it('keeps 1,000 events by default', () => {
    const log = appendEvents([], Array.from({ length: 1500 }, (_, i) => event(i)));
    expect(log).toHaveLength(1000);
    expect(log[0]!.seq).toBe(1499);
  });

  it('filters by type, action and name or id prefix', () => {
    const e = event(7, { type: 'network', action: 'connect', actor: { id: 'abcdef', attributes: { name: 'backend' } } });
    expect(matchesEventFilter(e, { type: 'network', action: 'conn', name: 'BACK' })).toBe(true);
    expect(matchesEventFilter(e, { type: 'container', action: '', name: '' })).toBe(false);
    expect(matchesEventFilter(e, { type: '', action: 'disconnect', name: '' })).toBe(false);
    expect(matchesEventFilter(e, { type: '', action: '', name: 'abc' })).toBe(true);
    expect(matchesEventFilter(e, { type: '', action: '', name: 'frontend' })).toBe(false);
  });

  it('names the actor by name, image, or short id', () => {
    expect(actorName(event(1))).toBe('c1');
    expect(actorName({ ...event(1), actor: { id: 'sha256:0123456789abcdef', attributes: {} } })).toBe('0123456789ab');
  });
});
