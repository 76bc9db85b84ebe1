// A Packages index: one entry per binary package, with the fields the builder needs.
import { parseStanzas } from './deb822';

/** One alternative of a dependency ("foo (>= 1.0)"). Version constraints are kept for the record but not checked:
 *  the builder takes every package from one suite's index, which the archive keeps consistent. */
export interface DepAlternative {
  name: string;
  constraint?: string;
}
/** "a | b": satisfied by any one alternative. */
export type DepGroup = DepAlternative[];

export interface PackageEntry {
  name: string;
  version: string;
  arch: string;
  filename: string;
  sha256: string;
  size: number;
  installedSizeKiB: number;
  depends: DepGroup[];
  preDepends: DepGroup[];
  provides: string[];
}

export interface PackageIndex {
  /** Real packages by name. If the index lists a name twice, the last entry wins (the archive lists one per suite). */
  packages: Map<string, PackageEntry>;
  /** Virtual package name -> names of real packages that provide it, in index order. */
  providers: Map<string, string[]>;
}

export function parseDependsField(value: string | undefined): DepGroup[] {
  if (!value) return [];
  return value
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group !== '')
    .map((group) =>
      group.split('|').map((alt) => {
        const m = /^\s*([a-z0-9][a-z0-9+.-]*)(?::[a-z0-9-]+)?\s*(?:\(([^)]*)\))?\s*(?:\[[^\]]*\])?\s*(?:<[^>]*>)?\s*$/.exec(alt);
        if (!m) throw new Error(`cannot parse dependency ${JSON.stringify(alt)}`);
        const dep: DepAlternative = { name: m[1]! };
        if (m[2]) dep.constraint = m[2].trim();
        return dep;
      }),
    );
}

export function parsePackagesIndex(text: string): PackageIndex {
  const packages = new Map<string, PackageEntry>();
  const providers = new Map<string, string[]>();
  for (const s of parseStanzas(text)) {
    const name = s.get('Package');
    const version = s.get('Version');
    const filename = s.get('Filename');
    const sha256 = s.get('SHA256');
    if (!name || !version || !filename || !sha256) throw new Error(`Packages: stanza ${name ?? '?'} lacks Package/Version/Filename/SHA256`);
    const entry: PackageEntry = {
      name,
      version,
      arch: s.get('Architecture') ?? '',
      filename,
      sha256,
      size: Number(s.get('Size') ?? 0),
      installedSizeKiB: Number(s.get('Installed-Size') ?? 0),
      depends: parseDependsField(s.get('Depends')),
      preDepends: parseDependsField(s.get('Pre-Depends')),
      provides: parseDependsField(s.get('Provides')).map((g) => g[0]!.name),
    };
    packages.set(name, entry);
    for (const virtual of entry.provides) {
      const list = providers.get(virtual) ?? [];
      if (!list.includes(name)) list.push(name);
      providers.set(virtual, list);
    }
  }
  return { packages, providers };
}
