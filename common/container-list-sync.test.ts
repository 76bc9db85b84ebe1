import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContainerSummary } from './contract/containers';
import { ContainerListSync, ContainerTable, lagsBehind } from './container-list-sync';
import type { EngineEvent } from './contract/engine';

const container = (id: string, state = 'running'): ContainerSummary => ({
  id,
  name: `n-${id}`,
  image: 'img',
  imageId: 'sha256:x',
  command: 'sh',
  state,
  status: state,
  ports: [],
  labels: {},
  created: 1,
  networks: {},
  mounts: [],
});

describe('ContainerTable', () => {
  it('applies a full load, then patches rows and removes the ones the engine no longer lists', () => {
    const table = new ContainerTable();
    table.applyFull(table.begin(), [container('a'), container('b')]);
    const seq = table.begin(['a', 'b']);
    table.applyPatch(seq, ['a', 'b'], [container('a', 'exited')]);
    expect(table.snapshot()).toEqual([container('a', 'exited')]);
  });

  it('ignores an older answer that arrives after a newer one for the same container', () => {
    const table = new ContainerTable();
    const older = table.begin(['a']);
    const newer = table.begin(['a']);
    table.applyPatch(newer, ['a'], [container('a', 'exited')]);
    table.applyPatch(older, ['a'], [container('a', 'running')]);
    expect(table.snapshot()).toEqual([container('a', 'exited')]);
  });

  it('does not bring back a container destroyed while a patch or a reload was in flight', () => {
    const table = new ContainerTable();
    const reload = table.begin();
    const patch = table.begin(['a']);
    table.destroyed('a');
    table.applyPatch(patch, ['a'], [container('a')]);
    table.applyFull(reload, [container('a'), container('b')]);
    expect(table.snapshot().map((c) => c.id)).toEqual(['b']);
  });

  it('keeps a row patched after a reload began when the reload answers late', () => {
    const table = new ContainerTable();
    table.applyFull(table.begin(), [container('a')]);
    const reload = table.begin();
    const patch = table.begin(['c']);
    table.applyPatch(patch, ['c'], [container('c')]);
    table.applyFull(reload, [container('a')]);
    expect(table.snapshot().map((c) => c.id).sort()).toEqual(['a', 'c']);
  });

  it('ignores a superseded full reload', () => {
    const table = new ContainerTable();
    const first = table.begin();
    const second = table.begin();
    table.applyFull(second, [container('b')]);
    table.applyFull(first, [container('a')]);
    expect(table.snapshot().map((c) => c.id)).toEqual(['b']);
  });
});

describe('lagsBehind', () => {
  const listed = (state: string, name = 'web') => ({ state, name });
  it('flags a listed state that cannot follow the reported action', () => {
    expect(lagsBehind({ action: 'pause' }, listed('running'))).toBe(true);
    expect(lagsBehind({ action: 'pause' }, listed('paused'))).toBe(false);
    expect(lagsBehind({ action: 'unpause' }, listed('paused'))).toBe(true);
    expect(lagsBehind({ action: 'die' }, listed('running'))).toBe(true);
    expect(lagsBehind({ action: 'die' }, listed('restarting'))).toBe(false);
    expect(lagsBehind({ action: 'start' }, listed('created'))).toBe(true);
  });

  it('flags a listed name other than the one the event was logged with', () => {
    expect(lagsBehind({ action: 'rename', name: 'web-2' }, listed('running', 'web'))).toBe(true);
    expect(lagsBehind({ action: 'rename', name: 'web-2' }, listed('running', 'web-2'))).toBe(false);
    expect(lagsBehind({ action: 'rename' }, listed('running'))).toBe(false);
  });
});

describe('ContainerListSync', () => {
  const event = (id: string, action: string): EngineEvent => ({ type: 'container', action, actor: { id, attributes: {} }, timeNano: 0 });
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads a container again when the read its event caused failed, instead of losing the change', async () => {
    let failures = 2;
    const sync = new ContainerListSync(
      {
        list: async () => {
          if (failures-- > 0) throw new Error('socket hang up');
          return [{ ...container('a'), name: 'renamed' }];
        },
      },
      () => undefined,
    );
    sync.handleEvent(event('a', 'rename'));
    await vi.runAllTimersAsync();
    expect(sync.snapshot().map((c) => c.name)).toEqual(['renamed']);
    sync.dispose();
  });

  it('reads a renamed container again while the engine still lists its old name', async () => {
    const answers = ['web', 'web', 'web-2'];
    const list = vi.fn(async () => [{ ...container('a'), name: answers.shift() ?? 'web-2' }]);
    const sync = new ContainerListSync({ list }, () => undefined);
    sync.handleEvent({ ...event('a', 'rename'), actor: { id: 'a', attributes: { name: 'web-2', oldName: '/web' } } });
    await vi.runAllTimersAsync();
    expect(sync.snapshot().map((c) => c.name)).toEqual(['web-2']);
    expect(list).toHaveBeenCalledTimes(3);
    sync.dispose();
  });

  it('stops retrying after a few failures in a row, leaving the rest to the reload on reconnect', async () => {
    const list = vi.fn(async (): Promise<ContainerSummary[]> => {
      throw new Error('engine gone');
    });
    const sync = new ContainerListSync({ list }, () => undefined);
    sync.handleEvent(event('a', 'start'));
    await vi.runAllTimersAsync();
    expect(list).toHaveBeenCalledTimes(6);
    sync.dispose();
  });
});
