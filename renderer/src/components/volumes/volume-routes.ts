export type VolumeTab = 'files' | 'inspect';

/** `#/volumes/<name>/<tab>/<path…>`, each path segment encoded so any file name survives the hash. */
export function volumeHref(volume: string, tab: VolumeTab = 'files', path = '/'): string {
  const segments = path.split('/').filter(Boolean).map(encodeURIComponent);
  return `#/volumes/${encodeURIComponent(volume)}/${tab}${segments.length ? `/${segments.join('/')}` : ''}`;
}

/** The reverse of volumeHref for the (decoded) segments after `volumes/`. */
export function parseVolumeRoute(segments: string[]): { volume: string; tab: VolumeTab; path: string } {
  const [volume = '', tab, ...rest] = segments;
  return { volume, tab: tab === 'inspect' ? 'inspect' : 'files', path: `/${rest.filter(Boolean).join('/')}` };
}
