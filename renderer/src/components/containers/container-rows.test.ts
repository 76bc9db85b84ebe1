import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../../common/contract';
import { buildRows, matchesQuery, nextSelection, type ListRow } from './container-rows';

function make(name: string, overrides: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: `${name.replace(/[^a-f0-9]/g, '')}aaaa${name.length}`,
    name,
    image: 'busybox:latest',
    imageId: 'sha256:x',
    command: 'sh',
    state: 'running',
    status: 'Up',
    ports: [],
    labels: {},
    created: 100,
    networks: {},
    mounts: [],
    ...overrides,
  };
}

const compose = (project: string, service: string) => ({ 'com.docker.compose.project': project, 'com.docker.compose.service': service });
const names = (rows: ListRow[]) => rows.map((row) => (row.kind === 'group' ? `[${row.project}]` : row.container.name));
const base = { query: '', state: 'all' as const, sort: { key: 'name' as const, descending: false }, collapsed: new Set<string>() };

describe('sorting by live usage', () => {
  it('orders running containers by their latest CPU or memory sample, those without one last', () => {
    const containers = [make('idle'), make('busy'), make('stopped', { state: 'exited' }), make('heavy')];
    const samples: Record<string, { cpuPercent: number; memoryBytes: number }> = {
      [containers[0]!.id]: { cpuPercent: 0.1, memoryBytes: 5e6 },
      [containers[1]!.id]: { cpuPercent: 90, memoryBytes: 1e6 },
      [containers[3]!.id]: { cpuPercent: 2, memoryBytes: 9e8 },
    };
    const usage = (id: string) => samples[id];
    expect(names(buildRows(containers, { ...base, sort: { key: 'cpu', descending: true }, usage }))).toEqual(['busy', 'heavy', 'idle', 'stopped']);
    expect(names(buildRows(containers, { ...base, sort: { key: 'memory', descending: true }, usage }))).toEqual(['heavy', 'idle', 'busy', 'stopped']);
    expect(names(buildRows(containers, { ...base, sort: { key: 'memory', descending: false }, usage }))).toEqual(['stopped', 'busy', 'idle', 'heavy']);
  });
});

describe('buildRows', () => {
  const containers = [
    make('zeta', { state: 'exited', created: 5 }),
    make('shop-web-1', { labels: compose('shop', 'web'), created: 3 }),
    make('alpha', { state: 'paused', created: 9, image: 'nginx:1.27' }),
    make('shop-db-1', { labels: compose('shop', 'db'), state: 'exited', created: 1 }),
    make('blog-app-1', { labels: compose('blog', 'app') }),
  ];

  it('puts Compose projects first under a group row, then plain containers, each sorted', () => {
    expect(names(buildRows(containers, base))).toEqual(['[blog]', 'blog-app-1', '[shop]', 'shop-db-1', 'shop-web-1', 'alpha', 'zeta']);
  });

  it('sorts by any column, both ways', () => {
    expect(names(buildRows(containers, { ...base, sort: { key: 'created', descending: true } })).slice(-2)).toEqual(['alpha', 'zeta']);
    expect(names(buildRows(containers, { ...base, sort: { key: 'state', descending: false } }))).toEqual([
      '[blog]', 'blog-app-1', '[shop]', 'shop-web-1', 'shop-db-1', 'alpha', 'zeta',
    ]);
    expect(names(buildRows(containers, { ...base, sort: { key: 'image', descending: true } })).slice(-2)).toEqual(['alpha', 'zeta']);
  });

  it('hides the rows of a collapsed group but keeps its header', () => {
    expect(names(buildRows(containers, { ...base, collapsed: new Set(['shop']) }))).toEqual(['[blog]', 'blog-app-1', '[shop]', 'alpha', 'zeta']);
  });

  it('filters by state; "stopped" covers exited and created', () => {
    expect(names(buildRows(containers, { ...base, state: 'exited' }))).toEqual(['[shop]', 'shop-db-1', 'zeta']);
    expect(names(buildRows(containers, { ...base, state: 'paused' }))).toEqual(['alpha']);
    expect(names(buildRows(containers, { ...base, state: 'running' }))).toEqual(['[blog]', 'blog-app-1', '[shop]', 'shop-web-1']);
  });
});

describe('matchesQuery', () => {
  const c = make('web', { id: 'abc123def', image: 'nginx:1.27', labels: { tier: 'frontend', 'com.example.owner': 'ops' } });
  it('matches name, image, id prefix and labels; every word must match', () => {
    expect(matchesQuery(c, 'we')).toBe(true);
    expect(matchesQuery(c, 'NGINX')).toBe(true);
    expect(matchesQuery(c, 'abc1')).toBe(true);
    expect(matchesQuery(c, '123')).toBe(false);
    expect(matchesQuery(c, 'tier=front')).toBe(true);
    expect(matchesQuery(c, 'tier=back')).toBe(false);
    expect(matchesQuery(c, 'owner')).toBe(true);
    expect(matchesQuery(c, 'web ops')).toBe(true);
    expect(matchesQuery(c, 'web nope')).toBe(false);
  });
});

describe('nextSelection', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  it('replaces, toggles and extends a range from the anchor', () => {
    expect([...nextSelection(new Set(['a']), ids, 'c', 'a', 'replace')]).toEqual(['c']);
    expect([...nextSelection(new Set(['a']), ids, 'c', 'a', 'toggle')].sort()).toEqual(['a', 'c']);
    expect([...nextSelection(new Set(['a', 'c']), ids, 'c', 'a', 'toggle')]).toEqual(['a']);
    expect([...nextSelection(new Set(['e']), ids, 'd', 'b', 'range')].sort()).toEqual(['b', 'c', 'd', 'e']);
    expect([...nextSelection(new Set(), ids, 'a', 'd', 'range')].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});
