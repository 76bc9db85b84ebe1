/** Path arithmetic for absolute POSIX paths, as inside a container or a volume. */

export function joinPath(directory: string, name: string): string {
  return directory === '/' ? `/${name}` : `${directory}/${name}`;
}

/** Where a symlink points, as an absolute path (a relative target is relative to the link's folder). */
export function resolveLink(directory: string, target: string): string {
  const parts: string[] = [];
  for (const part of (target.startsWith('/') ? target : `${directory}/${target}`).split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function parentOf(directory: string): string {
  const at = directory.lastIndexOf('/');
  return at <= 0 ? '/' : directory.slice(0, at);
}
