export type NetworkTab = 'containers' | 'inspect';

export function networkHref(id: string, tab: NetworkTab = 'containers'): string {
  return `#/networks/${encodeURIComponent(id)}/${tab}`;
}

/** The reverse of networkHref for the (decoded) segments after `networks/`. */
export function parseNetworkRoute(segments: string[]): { id: string; tab: NetworkTab } {
  const [id = '', tab] = segments;
  return { id, tab: tab === 'inspect' ? 'inspect' : 'containers' };
}
