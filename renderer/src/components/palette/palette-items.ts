import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../../../../common/contract';
import { SIMPLE_ACTIONS } from '../containers/container-actions';
import { networkHref } from '../networks/network-routes';
import { volumeHref } from '../volumes/volume-routes';

/** What choosing an entry does. */
export type PaletteAction =
  | { kind: 'navigate'; href: string }
  /** Shows the actions for one object (the palette's second step). */
  | { kind: 'select'; target: PaletteTarget }
  /** Runs at once and closes the palette when done; with `confirm`, asks first (Enter again confirms). */
  | { kind: 'run'; progress: string; run: () => Promise<unknown>; confirm?: string };

/** An object the palette can act on. */
export type PaletteTarget =
  | { kind: 'container'; id: string }
  | { kind: 'image'; id: string; tag: string }
  | { kind: 'volume'; name: string }
  | { kind: 'network'; id: string };

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

/** Containers, images, volumes and networks: choosing one shows its actions. */
export function resourceItems(data: PaletteData): PaletteItem[] {
  return [
    ...data.containers.map<PaletteItem>((container) => ({
      key: `container:${container.id}`,
      group: 'Containers',
      label: container.name,
      detail: `${container.state} · ${container.image}`,
      keywords: container.id.slice(0, 12),
      action: { kind: 'select', target: { kind: 'container', id: container.id } },
    })),
    ...data.images.flatMap<PaletteItem>((image) =>
      (image.tags.length ? image.tags : [image.id.replace(/^sha256:/, '').slice(0, 12)]).map((tag) => ({
        key: `image:${image.id}:${tag}`,
        group: 'Images',
        label: tag,
        keywords: image.id.replace(/^sha256:/, '').slice(0, 12),
        action: { kind: 'select', target: { kind: 'image', id: image.id, tag } },
      })),
    ),
    ...data.volumes.map<PaletteItem>((volume) => ({
      key: `volume:${volume.name}`,
      group: 'Volumes',
      label: volume.name,
      detail: volume.driver,
      action: { kind: 'select', target: { kind: 'volume', name: volume.name } },
    })),
    ...data.networks.map<PaletteItem>((network) => ({
      key: `network:${network.id}`,
      group: 'Networks',
      label: network.name,
      detail: network.driver,
      action: { kind: 'select', target: { kind: 'network', id: network.id } },
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

/** The name the palette shows for a chosen object, or undefined when it is gone (removed meanwhile). */
export function targetName(target: PaletteTarget, data: PaletteData): string | undefined {
  switch (target.kind) {
    case 'container':
      return data.containers.find((container) => container.id === target.id)?.name;
    case 'image':
      return data.images.some((image) => image.id === target.id) ? target.tag : undefined;
    case 'volume':
      return data.volumes.some((volume) => volume.name === target.name) ? target.name : undefined;
    case 'network':
      return data.networks.find((network) => network.id === target.id)?.name;
  }
}

/** The calls an object's actions make; the palette passes the API's, tests their own. */
export interface PaletteRemovers {
  container(id: string, force: boolean): Promise<unknown>;
  image(reference: string): Promise<unknown>;
  volume(name: string): Promise<unknown>;
  network(id: string): Promise<unknown>;
}

/** What can be done to the chosen object: open it, what its page offers first, and remove it (asked first). */
export function targetActionItems(target: PaletteTarget, data: PaletteData, remove: PaletteRemovers): PaletteItem[] {
  switch (target.kind) {
    case 'container': {
      const container = data.containers.find((candidate) => candidate.id === target.id);
      return container ? containerActionItems(container, remove.container) : [];
    }
    case 'image': {
      const image = data.images.find((candidate) => candidate.id === target.id);
      if (!image) return [];
      const group = target.tag;
      const tagged = image.tags.includes(target.tag);
      return [
        { key: 'open', group, label: 'Show in Images', action: { kind: 'navigate', href: '#/images' } },
        {
          key: 'remove',
          group,
          label: tagged && image.tags.length > 1 ? 'Remove this tag…' : 'Remove…',
          action: {
            kind: 'run',
            progress: `Removing ${target.tag}…`,
            run: () => remove.image(tagged ? target.tag : image.id),
            confirm:
              tagged && image.tags.length > 1
                ? `Remove the tag ${target.tag}? The image keeps its other ${image.tags.length - 1 === 1 ? 'tag' : 'tags'}.`
                : `Remove ${target.tag}? The engine refuses while a container uses it.`,
          },
        },
      ];
    }
    case 'volume': {
      const group = target.name;
      return [
        { key: 'open', group, label: 'Browse files', action: { kind: 'navigate', href: volumeHref(target.name) } },
        { key: 'inspect', group, label: 'Inspect', action: { kind: 'navigate', href: volumeHref(target.name, 'inspect') } },
        {
          key: 'remove',
          group,
          label: 'Remove…',
          action: { kind: 'run', progress: `Removing ${target.name}…`, run: () => remove.volume(target.name), confirm: `Remove the volume ${target.name} and the data in it?` },
        },
      ];
    }
    case 'network': {
      const network = data.networks.find((candidate) => candidate.id === target.id);
      if (!network) return [];
      const group = network.name;
      return [
        { key: 'open', group, label: 'Open', detail: 'containers', action: { kind: 'navigate', href: networkHref(network.id) } },
        { key: 'inspect', group, label: 'Inspect', action: { kind: 'navigate', href: networkHref(network.id, 'inspect') } },
        // bridge, host and none belong to the engine: it refuses to remove them.
        ...(network.system
          ? []
          : [
              {
                key: 'remove',
                group,
                label: 'Remove…',
                action: { kind: 'run', progress: `Removing ${network.name}…`, run: () => remove.network(network.id), confirm: `Remove the network ${network.name}?` },
              } satisfies PaletteItem,
            ]),
      ];
    }
  }
}
