// Dependency closure over one Packages index, without installing anything: which .debs to unpack.
import type { DepGroup, PackageEntry, PackageIndex } from './packages';

export interface Resolution {
  /** Packages to unpack, sorted by name. */
  packages: PackageEntry[];
  /** Dependencies not followed because the skip list names them: "<dependent> -> <dependency>". */
  skipped: string[];
  /** Why each package is in: the first package that pulled it ("<root>" for roots). */
  reasons: Map<string, string>;
}

export class ResolveError extends Error {}

/**
 * Resolves Depends and Pre-Depends recursively from `roots`.
 * For "a | b" the first alternative that the index has as a real package is taken; a virtual package is
 * satisfied by its first provider. A group with any alternative in `skip` is not followed at all (the skip list
 * names what only makes sense in a full distro: an init system, debconf, a Perl interpreter...).
 */
export function resolveDependencies(index: PackageIndex, roots: string[], skip: ReadonlySet<string>): Resolution {
  const chosen = new Map<string, PackageEntry>();
  const reasons = new Map<string, string>();
  const skipped: string[] = [];
  const queue: Array<{ name: string; from: string }> = roots.map((name) => ({ name, from: '<root>' }));

  const pick = (group: DepGroup, from: string): string | undefined => {
    if (group.some((alt) => skip.has(alt.name))) {
      skipped.push(`${from} -> ${group.map((a) => a.name).join(' | ')}`);
      return undefined;
    }
    for (const alt of group) if (chosen.has(alt.name)) return alt.name;
    for (const alt of group) if (index.packages.has(alt.name)) return alt.name;
    for (const alt of group) {
      const provider = index.providers.get(alt.name)?.find((p) => !skip.has(p));
      if (provider) return provider;
    }
    throw new ResolveError(`${from} depends on ${group.map((a) => a.name).join(' | ')}, which the index does not have`);
  };

  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    if (chosen.has(name)) continue;
    if (skip.has(name)) throw new ResolveError(`${name} is both wanted (${from}) and in the skip list`);
    const entry = index.packages.get(name);
    if (!entry) throw new ResolveError(`${from === '<root>' ? 'root package' : from + ' needs'} ${name}, which the index does not have`);
    chosen.set(name, entry);
    reasons.set(name, from);
    for (const group of [...entry.preDepends, ...entry.depends]) {
      const dep = pick(group, name);
      if (dep !== undefined && !chosen.has(dep)) queue.push({ name: dep, from: name });
    }
  }
  return { packages: [...chosen.values()].sort((a, b) => a.name.localeCompare(b.name)), skipped, reasons };
}
