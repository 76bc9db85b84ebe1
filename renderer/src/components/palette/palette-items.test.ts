import { describe, expect, it, vi } from 'vitest';
import type { ContainerSummary } from '../../../../common/contract';
import type { PaletteItem } from './palette-items';

vi.mock('../../api/client', () => ({ api: { call: vi.fn(() => Promise.resolve()) } }));
const { containerActionItems, groupTogether, resourceItems, targetActionItems, targetName } = await import('./palette-items');
const { api } = await import('../../api/client');

const container = (state: string) => ({ id: 'abc123def4567890', name: 'web', image: 'nginx:1', state }) as ContainerSummary;

describe('containerActionItems', () => {
  it('offers what applies to a running container, with the terminal, and asks before removing', async () => {
    const remove = vi.fn(() => Promise.resolve());
    const items = containerActionItems(container('running'), remove);
    expect(items.map((item) => item.label)).toEqual(['Open', 'Logs', 'Terminal', 'Stats', 'Stop', 'Restart', 'Pause', 'Kill', 'Remove…']);
    expect(items.find((item) => item.label === 'Logs')?.action).toEqual({ kind: 'navigate', href: '#/containers/abc123def4567890/logs' });
    const stop = items.find((item) => item.label === 'Stop')!.action;
    if (stop.kind !== 'run') throw new Error('Stop should run');
    await stop.run();
    expect(api.call).toHaveBeenCalledWith('containers.stop', { id: 'abc123def4567890' });
    const removeAction = items.at(-1)!.action;
    if (removeAction.kind !== 'run') throw new Error('Remove should run');
    expect(removeAction.confirm).toMatch(/^Remove web \(it is running/);
    await removeAction.run();
    expect(remove).toHaveBeenCalledWith('abc123def4567890', true);
  });

  it('offers Start and no terminal for a stopped container', () => {
    const labels = containerActionItems(container('exited'), () => Promise.resolve()).map((item) => item.label);
    expect(labels).toEqual(['Open', 'Logs', 'Stats', 'Start', 'Restart', 'Remove…']);
  });
});

describe('resourceItems', () => {
  it('lists each image tag (or the short id of an untagged one), volumes and networks, each with its actions', () => {
    const items = resourceItems({
      containers: [container('running')],
      images: [
        { id: 'sha256:1111111111112222', tags: ['nginx:1', 'nginx:latest'] },
        { id: 'sha256:3333333333334444', tags: [] },
      ] as never,
      volumes: [{ name: 'my data', driver: 'local' }] as never,
      networks: [{ id: 'n1', name: 'backend', driver: 'bridge' }] as never,
    });
    expect(items.map((item) => [item.group, item.label])).toEqual([
      ['Containers', 'web'],
      ['Images', 'nginx:1'],
      ['Images', 'nginx:latest'],
      ['Images', '333333333333'],
      ['Volumes', 'my data'],
      ['Networks', 'backend'],
    ]);
    expect(items[0]!.action).toEqual({ kind: 'select', target: { kind: 'container', id: 'abc123def4567890' } });
    expect(items[2]!.action).toEqual({ kind: 'select', target: { kind: 'image', id: 'sha256:1111111111112222', tag: 'nginx:latest' } });
    expect(items[4]!.action).toEqual({ kind: 'select', target: { kind: 'volume', name: 'my data' } });
    expect(items[5]!.action).toEqual({ kind: 'select', target: { kind: 'network', id: 'n1' } });
  });
});

describe('targetActionItems', () => {
  const data = {
    containers: [],
    images: [
      { id: 'sha256:1111111111112222', tags: ['nginx:1', 'nginx:latest'] },
      { id: 'sha256:3333333333334444', tags: ['solo:1'] },
    ],
    volumes: [{ name: 'my data', driver: 'local' }],
    networks: [
      { id: 'n1', name: 'backend', driver: 'bridge', system: false },
      { id: 'n0', name: 'bridge', driver: 'bridge', system: true },
    ],
  } as never;
  const removers = () => ({ container: vi.fn(() => Promise.resolve()), image: vi.fn(() => Promise.resolve()), volume: vi.fn(() => Promise.resolve()), network: vi.fn(() => Promise.resolve()) });
  const run = async (item: PaletteItem | undefined) => {
    if (item?.action.kind !== 'run') throw new Error('expected an action that runs');
    await item.action.run();
  };

  it('untags one tag of a many-tagged image, and removes an image with one tag, asking first', async () => {
    const remove = removers();
    const many = targetActionItems({ kind: 'image', id: 'sha256:1111111111112222', tag: 'nginx:1' }, data, remove);
    expect(many.map((item) => item.label)).toEqual(['Show in Images', 'Remove this tag…']);
    expect(many[1]!.action).toMatchObject({ confirm: 'Remove the tag nginx:1? The image keeps its other tag.' });
    await run(many[1]);
    expect(remove.image).toHaveBeenCalledWith('nginx:1');
    const solo = targetActionItems({ kind: 'image', id: 'sha256:3333333333334444', tag: 'solo:1' }, data, remove);
    expect(solo.map((item) => item.label)).toEqual(['Show in Images', 'Remove…']);
  });

  it('browses, inspects and removes a volume; never offers to remove an engine network', async () => {
    const remove = removers();
    const volume = targetActionItems({ kind: 'volume', name: 'my data' }, data, remove);
    expect(volume.map((item) => [item.label, item.action.kind === 'navigate' ? item.action.href : ''])).toEqual([
      ['Browse files', '#/volumes/my%20data/files'],
      ['Inspect', '#/volumes/my%20data/inspect'],
      ['Remove…', ''],
    ]);
    await run(volume[2]);
    expect(remove.volume).toHaveBeenCalledWith('my data');
    expect(targetActionItems({ kind: 'network', id: 'n1' }, data, remove).map((item) => item.label)).toEqual(['Open', 'Inspect', 'Remove…']);
    expect(targetActionItems({ kind: 'network', id: 'n0' }, data, remove).map((item) => item.label)).toEqual(['Open', 'Inspect']);
  });

  it('names a chosen object, and nothing once it is gone', () => {
    expect(targetName({ kind: 'network', id: 'n1' }, data)).toBe('backend');
    expect(targetName({ kind: 'image', id: 'sha256:1111111111112222', tag: 'nginx:1' }, data)).toBe('nginx:1');
    expect(targetName({ kind: 'volume', name: 'gone' }, data)).toBeUndefined();
    expect(targetActionItems({ kind: 'network', id: 'gone' }, data, removers())).toEqual([]);
  });
});

describe('groupTogether', () => {
  it('keeps a group under one heading, groups ordered by their best entry', () => {
    const ranked = [['Pages', 'Networks'], ['Networks', 'none'], ['Pages', 'Engine'], ['Pages', 'Containers'], ['Volumes', 'data']];
    expect(groupTogether(ranked, ([group]) => group!)).toEqual([['Pages', 'Networks'], ['Pages', 'Engine'], ['Pages', 'Containers'], ['Networks', 'none'], ['Volumes', 'data']]);
  });
});
