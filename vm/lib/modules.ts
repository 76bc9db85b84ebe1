// Kernel modules: which files to carry, from the modules.dep that depmod writes for the full kernel package.

/** Module name as the kernel and modprobe compare them: basename without .ko[.xz|.zst|.gz], '-' as '_'. */
export function moduleName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}

/** modules.dep: "kernel/fs/overlayfs/overlay.ko.xz: dep1.ko.xz dep2.ko.xz" -> path -> dependency paths. */
export function parseModulesDep(text: string): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`modules.dep: bad line ${JSON.stringify(line)}`);
    const rest = line.slice(colon + 1).trim();
    deps.set(line.slice(0, colon), rest === '' ? [] : rest.split(/\s+/));
  }
  return deps;
}

export interface ModuleSelection {
  /** Module files (paths as in modules.dep), dependencies included, sorted. */
  paths: string[];
  /** Requested names the kernel does not have as a module (built in, or absent: see builtin). */
  notModules: string[];
}

/**
 * Selects the requested modules (by name) and everything under the requested directories (path prefixes such as
 * "kernel/net/netfilter/"), plus their dependencies.
 */
export function selectModules(deps: Map<string, string[]>, names: string[], dirPrefixes: string[] = []): ModuleSelection {
  const byName = new Map<string, string>();
  for (const path of deps.keys()) byName.set(moduleName(path), path);
  const selected = new Set<string>();
  const add = (path: string): void => {
    if (selected.has(path)) return;
    selected.add(path);
    for (const d of deps.get(path) ?? []) add(d);
  };
  const notModules: string[] = [];
  for (const name of names) {
    const path = byName.get(name.replace(/-/g, '_'));
    if (path) add(path);
    else notModules.push(name);
  }
  for (const path of deps.keys()) if (dirPrefixes.some((prefix) => path.startsWith(prefix))) add(path);
  return { paths: [...selected].sort(), notModules };
}

/** modules.builtin lists built-in "modules" as paths: the set of their names. */
export function parseModulesBuiltin(text: string): Set<string> {
  return new Set(text.split('\n').filter((l) => l.trim() !== '').map(moduleName));
}

/** Orders module names so that each comes after its dependencies (for loading one by one with insmod). */
export function loadOrder(deps: Map<string, string[]>, paths: string[]): string[] {
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (p: string, stack: Set<string>): void => {
    if (done.has(p)) return;
    if (stack.has(p)) throw new Error(`modules.dep: dependency cycle at ${p}`);
    stack.add(p);
    for (const d of deps.get(p) ?? []) visit(d, stack);
    stack.delete(p);
    done.add(p);
    out.push(p);
  };
  for (const p of paths) visit(p, new Set());
  return out;
}
