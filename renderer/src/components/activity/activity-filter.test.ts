import { describe, expect, it } from 'vitest';
import type { ApiCall } from '../../../../common/contract/proxy';
import { clientName, formatDuration, fullPath, isFiltering, matchesActivityFilter, NO_FILTER, shortUserAgent, statusClassOf, type ActivityFilter } from './activity-filter';

const call = (fields: Partial<ApiCall> = {}): ApiCall => ({
  id: 1,
  connectionId: 1,
  origin: 'client',
  userAgent: 'Docker-Client/20.10.24+dfsg1 (linux)',
  pid: 31337,
  processName: 'docker',
  startedAt: 0,
  method: 'GET',
  path: '/containers/json?all=1',
  apiVersion: '1.41',
  status: 200,
  durationMs: 3,
  bytesIn: 100,
  bytesOut: 200,
  state: 'done',
  requestHeaders: [],
  ...fields,
});

const only = (patch: Partial<ActivityFilter>) => ({ ...NO_FILTER, ...patch });

describe('matchesActivityFilter', () => {
  const calls = [
    call({ id: 1 }),
    call({ id: 2, method: 'POST', path: '/containers/create', status: 201 }),
    call({ id: 3, path: '/containers/nope/json', status: 404 }),
    call({ id: 4, method: 'HEAD', path: '/_ping', apiVersion: undefined, origin: 'berth', userAgent: undefined, pid: undefined, processName: undefined }),
    call({ id: 5, method: 'POST', path: '/containers/abc/attach?stream=1', status: 101, upgrade: 'upgrade', state: 'open', durationMs: undefined }),
    call({ id: 6, status: undefined, state: 'open', durationMs: undefined }),
    call({ id: 7, status: undefined, state: 'failed', error: 'reset' }),
    call({ id: 8, status: 502, userAgent: 'docker-compose/1.29.2 docker-py/5.0.3 Linux/6.1.0', pid: 77, processName: undefined }),
  ];
  const kept = (filter: ActivityFilter) => calls.filter((c) => matchesActivityFilter(c, filter)).map((c) => c.id);

  it('keeps everything, Berth’s calls included, by default', () => {
    expect(kept(NO_FILTER)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(isFiltering(NO_FILTER)).toBe(false);
  });

  it('narrows by method, status class, client text, path text and origin', () => {
    expect(kept(only({ method: 'POST' }))).toEqual([2, 5]);
    expect(kept(only({ status: '2xx' }))).toEqual([1, 2, 4]);
    expect(kept(only({ status: '4xx' }))).toEqual([3]);
    expect(kept(only({ status: '5xx' }))).toEqual([8]);
    expect(kept(only({ status: '1xx' }))).toEqual([5]);
    expect(kept(only({ status: 'open' }))).toEqual([6]);
    expect(kept(only({ status: 'failed' }))).toEqual([7]);
    expect(kept(only({ client: 'COMPOSE' }))).toEqual([8]);
    expect(kept(only({ client: '31337' }))).toEqual([1, 2, 3, 5, 6, 7]);
    expect(kept(only({ client: 'berth' }))).toEqual([4]);
    expect(kept(only({ path: 'v1.41/containers/create' }))).toEqual([2]);
    expect(kept(only({ path: ' ALL=1 ' }))).toEqual([1, 6, 7, 8]);
    expect(kept(only({ showBerth: false }))).toEqual([1, 2, 3, 5, 6, 7, 8]);
    expect(kept(only({ method: 'GET', status: '2xx', showBerth: false }))).toEqual([1]);
    expect(isFiltering(only({ showBerth: false }))).toBe(true);
  });

  it('classifies statuses, names clients and rebuilds the path the client sent', () => {
    expect(statusClassOf(calls[4]!)).toBe('1xx');
    expect(clientName(calls[0]!)).toBe('docker');
    expect(clientName(call({ processName: undefined }))).toBe('docker 20.10.24+dfsg1');
    expect(clientName(calls[3]!)).toBe('Berth');
    expect(clientName(calls[7]!)).toBe('docker-compose/1.29.2');
    expect(clientName(call({ processName: undefined, userAgent: undefined }))).toBe('Unknown client');
    expect(shortUserAgent('Docker-Client/20.10.24+dfsg1 (linux)')).toBe('Docker-Client/20.10.24+dfsg1');
    expect(fullPath(calls[0]!)).toBe('/v1.41/containers/json?all=1');
    expect(fullPath(calls[3]!)).toBe('/_ping');
  });
});

describe('formatDuration', () => {
  it('reads well from microseconds to hours', () => {
    expect(formatDuration(0.25)).toBe('250 µs');
    expect(formatDuration(0)).toBe('< 1 ms');
    expect(formatDuration(3.14)).toBe('3.1 ms');
    expect(formatDuration(512.4)).toBe('512 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(42_000)).toBe('42.0 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_725_000)).toBe('1 h 02 min');
    expect(formatDuration(-1)).toBe('—');
  });
});
