import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../../../../common/contract';
import { SIMPLE_ACTIONS } from '../containers/container-actions';
import { networkHref } from '../networks/network-routes';
import { volumeHref } from '../volumes/volume-routes';

/** What choosing an entry does. */
export type PaletteAction =
  | { kind: 'navigate'; href: string }
  /** Shows the actions for one container (the palette's second step). */
  | { kind: 'select'; containerId: string }
  /** Runs at once and closes the palette when done; with `confirm`, asks first (Enter again confirms). */
  | { kind: 'run'; progress: string; run: () => Promise<unknown>; confirm?: string };

export interface PaletteItem {
  key: string;
  group: string;
  label: string;
  /** Shown dimmed beside the label (an image, a state, a driver). */
  detail?: string;
  /** Also matched, not shown (an id, a tag). */
  keywords?: string;
  action: PaletteAction;
}

export interface PaletteData {
  containers: ContainerSummary[];
  images: ImageSummary[];
  volumes: VolumeSummary[];
  networks: NetworkSummary[];
}

export function containerHref(id: string, tab?: string): string {
  return `#/containers/${encodeURIComponent(id)}${tab ? `/${tab}` : ''}`;
}

export function pageItems(pages: readonly { route: string; label: string }[]): PaletteItem[] {
  return pages.map((page) => ({ key: `page:${page.route}`, group: 'Pages', label: page.label, action: { kind: 'navigate', href: `#/${page.route}` } }));
}

/** Containers (choosing one shows its actions), then images, volumes and networks (choosing one opens it). */
export function resourceItems(data: PaletteData): PaletteItem[] {
  return [
    ...data.containers.map<PaletteItem>((container) => ({
      key: `container:${container.id}`,
      group: 'Containers',
      label: container.name,
      detail: `${container.state} · ${container.image}`,
      keywords: container.id.slice(0, 12),
      action: { kind: 'select', containerId: container.id },
    })),
    ...data.images.flatMap<PaletteItem>((image) =>
      (image.tags.length ? image.tags : [image.id.replace(/^sha256:/, '').slice(0, 12)]).map((tag) => ({
        key: `image:${image.id}:${tag}`,
        group: 'Images',
        label: tag,
        keywords: image.id.replace(/^sha256:/, '').slice(0, 12),
        action: { kind: 'navigate', href: '#/images' },
      })),
    ),
    ...data.volumes.map<PaletteItem>((volume) => ({
      key: `volume:${volume.name}`,
      group: 'Volumes',
      label: volume.name,
      detail: volume.driver,
      action: { kind: 'navigate', href: volumeHref(volume.name) },
    })),
    ...data.networks.map<PaletteItem>((network) => ({
      key: `network:${network.id}`,
      group: 'Networks',
      label: network.name,
      detail: network.driver,
      action: { kind: 'navigate', href: networkHref(network.id) },
    })),
  ];
}

/**
 * What can be done to one container, in the order people reach for it: open it, its logs and terminal, the state
 * actions that apply to its state (the list's own, so the palette and the list never disagree), then remove.
 */
export function containerActionItems(container: ContainerSummary, remove: (id: string, force: boolean) => Promise<unknown>): PaletteItem[] {
  const group = container.name;
  const up = container.state === 'running' || container.state === 'restarting' || container.state === 'paused';
  return [
    { key: 'open', group, label: 'Open', detail: 'overview', action: { kind: 'navigate', href: containerHref(container.id) } },
    { key: 'logs', group, label: 'Logs', action: { kind: 'navigate', href: containerHref(container.id, 'logs') } },
    ...(container.state === 'running' ? [{ key: 'terminal', group, label: 'Terminal', action: { kind: 'navigate', href: containerHref(container.id, 'terminal') } } satisfies PaletteItem] : []),
    { key: 'stats', group, label: 'Stats', action: { kind: 'navigate', href: containerHref(container.id, 'stats') } },
    ...SIMPLE_ACTIONS.filter((action) => action.appliesTo(container.state)).map<PaletteItem>((action) => ({
      key: action.id,
      group,
      label: action.label,
      action: { kind: 'run', progress: `${action.progress} ${container.name}…`, run: () => action.run(container.id) },
    })),
    {
      key: 'remove',
      group,
      label: 'Remove…',
      action: {
        kind: 'run',
        progress: `Removing ${container.name}…`,
        run: () => remove(container.id, up),
        confirm: `Remove ${container.name}${up ? ' (it is running: it will be stopped first)' : ''}? Its anonymous volumes are kept.`,
      },
    },
  ];
}

/**
 * Keeps each group's entries together under one heading, the groups in the order of their best entry and the
 * entries in their rank within it: ranked results would otherwise interleave ("Pages", "Networks", "Pages" again).
 */
export function groupTogether<T>(ranked: readonly T[], groupOf: (item: T) => string): T[] {
  const groups = new Map<string, T[]>();
  for (const item of ranked) {
    const group = groupOf(item);
    const members = groups.get(group);
    if (members) members.push(item);
    else groups.set(group, [item]);
  }
  return [...groups.values()].flat();
}
