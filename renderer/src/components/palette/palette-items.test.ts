import { describe, expect, it, vi } from 'vitest';
import type { ContainerSummary } from '../../../../common/contract';

vi.mock('../../api/client', () => ({ api: { call: vi.fn(() => Promise.resolve()) } }));
const { containerActionItems, groupTogether, resourceItems } = await import('./palette-items');
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
  it('lists each image tag (or the short id of an untagged one) and links volumes and networks to their pages', () => {
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
    expect(items[0]!.action).toEqual({ kind: 'select', containerId: 'abc123def4567890' });
    expect(items[4]!.action).toEqual({ kind: 'navigate', href: '#/volumes/my%20data/files' });
    expect(items[5]!.action).toEqual({ kind: 'navigate', href: '#/networks/n1/containers' });
  });
});

describe('groupTogether', () => {
  it('keeps a group under one heading, groups ordered by their best entry', () => {
    const ranked = [['Pages', 'Networks'], ['Networks', 'none'], ['Pages', 'Engine'], ['Pages', 'Containers'], ['Volumes', 'data']];
    expect(groupTogether(ranked, ([group]) => group!)).toEqual([['Pages', 'Networks'], ['Pages', 'Engine'], ['Pages', 'Containers'], ['Networks', 'none'], ['Volumes', 'data']]);
  });
});
