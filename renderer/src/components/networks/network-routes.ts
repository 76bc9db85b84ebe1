export type NetworkTab = 'containers' | 'inspect';

export function networkHref(id: string, tab: NetworkTab = 'containers'): string {
  return `#/networks/${encodeURIComponent(id)}/${tab}`;
}

export function parseNetworkRoute(segments: string[]): { id: string; tab: NetworkTab } {
  const [id = '', tab] = segments;
  return { id: decodeURIComponent(id), tab: tab === 'inspect' ? 'inspect' : 'containers' };
}
