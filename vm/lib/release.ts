// The Release/InRelease file of a suite: the SHA256 list that authenticates every index in it.
import { clearsignedBody, parseStanzas } from './deb822';

export interface ReleaseInfo {
  suite: string;
  codename: string;
  version?: string;
  date: string;
  /** Path relative to dists/<suite>/ -> checksum and size. */
  sha256: Map<string, { sha256: string; size: number }>;
}

export function parseRelease(inRelease: string): ReleaseInfo {
  const [stanza] = parseStanzas(clearsignedBody(inRelease));
  if (!stanza) throw new Error('Release: empty');
  const list = stanza.get('SHA256');
  if (!list) throw new Error('Release: no SHA256 field');
  const sha256 = new Map<string, { sha256: string; size: number }>();
  for (const line of list.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 3) continue;
    const [sum, size, path] = parts as [string, string, string];
    if (!/^[0-9a-f]{64}$/.test(sum)) throw new Error(`Release: bad SHA256 ${sum}`);
    sha256.set(path, { sha256: sum, size: Number(size) });
  }
  const info: ReleaseInfo = {
    suite: stanza.get('Suite') ?? '',
    codename: stanza.get('Codename') ?? '',
    date: stanza.get('Date') ?? '',
    sha256,
  };
  const version = stanza.get('Version');
  if (version) info.version = version;
  return info;
}
