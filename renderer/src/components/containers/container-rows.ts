import { COMPOSE_PROJECT_LABEL } from '../../../../common/compose-labels';
import type { ContainerSummary } from '../../../../common/contract';

export type StateFilter = 'all' | 'running' | 'exited' | 'paused';
export type SortKey = 'name' | 'image' | 'state' | 'ports' | 'ip' | 'cpu' | 'memory' | 'created';

/** A running container's latest usage sample, for sorting by CPU or memory. */
export type UsageOf = (id: string) => { cpuPercent: number; memoryBytes: number } | undefined;
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

export type ListRow =
  | { kind: 'group'; project: string; containers: ContainerSummary[]; collapsed: boolean }
  | { kind: 'container'; container: ContainerSummary; project?: string };

/** The first IP address the container has on any network. */
export function primaryIp(container: ContainerSummary): string {
  for (const net of Object.values(container.networks)) if (net.ipAddress) return net.ipAddress;
  return '';
}

function matchesState(container: ContainerSummary, filter: StateFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'exited') return container.state === 'exited' || container.state === 'created' || container.state === 'dead';
  if (filter === 'running') return container.state === 'running' || container.state === 'restarting';
  return container.state === filter;
}

/**
 * Free-text filter: every word must match the name, image, id prefix, compose service, or a label
 * (`key`, `key=value`, or a substring of either).
 */
export function matchesQuery(container: ContainerSummary, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => {
    if (container.name.toLowerCase().includes(word) || container.image.toLowerCase().includes(word) || container.id.startsWith(word)) return true;
    const at = word.indexOf('=');
    return Object.entries(container.labels).some(([key, value]) => {
      const k = key.toLowerCase();
      const v = value.toLowerCase();
      if (at > 0) return k === word.slice(0, at) && v.includes(word.slice(at + 1));
      return k.includes(word) || v.includes(word);
    });
  });
}

const STATE_ORDER: Record<string, number> = { running: 0, restarting: 1, paused: 2, created: 3, exited: 4, dead: 5, removing: 6 };

function sortValue(container: ContainerSummary, key: SortKey, usage?: UsageOf): string | number {
  switch (key) {
    // Containers without a sample (stopped, or not read yet) sort below every running one.
    case 'cpu':
      return usage?.(container.id)?.cpuPercent ?? -1;
    case 'memory':
      return usage?.(container.id)?.memoryBytes ?? -1;
    case 'name':
      return container.name.toLowerCase();
    case 'image':
      return container.image.toLowerCase();
    case 'state':
      return STATE_ORDER[container.state] ?? 9;
    case 'ports':
      return container.ports.find((p) => p.publicPort)?.publicPort ?? container.ports[0]?.privatePort ?? 1e6;
    case 'ip':
      return primaryIp(container)
        .split('.')
        .map((part) => part.padStart(3, '0'))
        .join('.');
    case 'created':
      return container.created;
  }
}

export function compareContainers(order: SortOrder, usage?: UsageOf): (a: ContainerSummary, b: ContainerSummary) => number {
  return (a, b) => {
    const x = sortValue(a, order.key, usage);
    const y = sortValue(b, order.key, usage);
    const primary = x < y ? -1 : x > y ? 1 : 0;
    return (order.descending ? -primary : primary) || a.name.localeCompare(b.name);
  };
}

/**
 * The rows the list shows: filtered and sorted containers, those of a Compose project under a group row
 * (groups first, by project name; a collapsed group shows no rows), then the rest plainly.
 */
export function buildRows(
  containers: ContainerSummary[],
  options: { query: string; state: StateFilter; sort: SortOrder; collapsed: ReadonlySet<string>; usage?: UsageOf },
): ListRow[] {
  const visible = containers.filter((c) => matchesState(c, options.state) && matchesQuery(c, options.query)).sort(compareContainers(options.sort, options.usage));
  const groups = new Map<string, ContainerSummary[]>();
  const plain: ContainerSummary[] = [];
  for (const container of visible) {
    const project = container.labels[COMPOSE_PROJECT_LABEL];
    if (project) {
      let members = groups.get(project);
      if (!members) groups.set(project, (members = []));
      members.push(container);
    } else {
      plain.push(container);
    }
  }
  const rows: ListRow[] = [];
  for (const project of [...groups.keys()].sort((a, b) => a.localeCompare(b))) {
    const members = groups.get(project)!;
    const collapsed = options.collapsed.has(project);
    rows.push({ kind: 'group', project, containers: members, collapsed });
    if (!collapsed) for (const container of members) rows.push({ kind: 'container', container, project });
  }
  for (const container of plain) rows.push({ kind: 'container', container });
  return rows;
}

/** Selection after a click: plain replaces, toggle (ctrl/cmd) flips one, range (shift) adds everything from the anchor. */
export function nextSelection(
  current: ReadonlySet<string>,
  orderedIds: string[],
  clicked: string,
  anchor: string | undefined,
  mode: 'replace' | 'toggle' | 'range',
): Set<string> {
  if (mode === 'toggle') {
    const next = new Set(current);
    if (next.has(clicked)) next.delete(clicked);
    else next.add(clicked);
    return next;
  }
  if (mode === 'range' && anchor !== undefined) {
    const from = orderedIds.indexOf(anchor);
    const to = orderedIds.indexOf(clicked);
    if (from >= 0 && to >= 0) {
      const next = new Set(current);
      for (const id of orderedIds.slice(Math.min(from, to), Math.max(from, to) + 1)) next.add(id);
      return next;
    }
  }
  return new Set([clicked]);
}
