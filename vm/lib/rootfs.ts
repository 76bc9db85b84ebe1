// Assembling the guest's root tree from unpacked .debs (no guest binary runs on the build host), and packing it.
import { existsSync } from 'node:fs';
import { chmod, copyFile, cp, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { run } from './exec';
import type { CpioEntry } from './cpio';

/** dpkg-deb -x into `root`, then lays the tree out merged-/usr (bin, sbin, lib* are symlinks into usr/). */
export async function unpackDebs(debPaths: string[], root: string): Promise<void> {
  await mkdir(root, { recursive: true });
  for (const deb of debPaths) await run('dpkg-deb', ['-x', deb, root]);
  for (const top of ['bin', 'sbin', 'lib', 'lib64']) {
    const path = join(root, top);
    const st = await lstat(path).catch(() => undefined);
    if (st?.isDirectory()) {
      await mergeInto(path, join(root, 'usr', top));
      await rm(path, { recursive: true });
    }
    if (!st?.isSymbolicLink()) await symlink(`usr/${top}`, path);
  }
}

async function mergeInto(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from)) {
    const src = join(from, name);
    const dst = join(to, name);
    const st = await lstat(src);
    const dstSt = await lstat(dst).catch(() => undefined);
    if (st.isDirectory() && dstSt?.isDirectory()) await mergeInto(src, dst);
    else {
      if (dstSt) await rm(dst, { recursive: true });
      await rename(src, dst);
    }
  }
}

/** Files of a .deb as tree paths after the /usr merge (for the per-package size breakdown). */
export async function debFileList(deb: string): Promise<string[]> {
  const out = (await run('dpkg-deb', ['--fsys-tarfile', deb]).then((tar) => run('tar', ['-t'], { input: tar }))).toString();
  return out
    .split('\n')
    .map((l) => l.replace(/^\.\//, ''))
    .filter((l) => l !== '' && !l.endsWith('/'))
    .map((l) => l.replace(/^(bin|sbin|lib|lib64)\//, 'usr/$1/'));
}

/** Expands "usr/lib/<star>/gconv"-style patterns (a star matches within one segment) against the tree. */
export async function expandPattern(root: string, pattern: string): Promise<string[]> {
  let paths = [''];
  for (const seg of pattern.split('/')) {
    const next: string[] = [];
    for (const base of paths) {
      if (!seg.includes('*')) {
        next.push(base ? `${base}/${seg}` : seg);
        continue;
      }
      const re = new RegExp(`^${seg.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
      const names = await readdir(join(root, base)).catch(() => [] as string[]);
      for (const n of names) if (re.test(n)) next.push(base ? `${base}/${n}` : n);
    }
    paths = next;
  }
  const existing: string[] = [];
  for (const p of paths) if (await lstat(join(root, p)).catch(() => undefined)) existing.push(p);
  return existing;
}

export async function prune(root: string, patterns: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const pattern of patterns) {
    for (const p of await expandPattern(root, pattern)) {
      await rm(join(root, p), { recursive: true, force: true });
      removed.push(p);
    }
  }
  return removed;
}

/** /etc/ssl/certs/ca-certificates.crt from the Mozilla roots ca-certificates ships (what update-ca-certificates would do). */
export async function writeCaBundle(root: string): Promise<number> {
  const dir = join(root, 'usr/share/ca-certificates/mozilla');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.crt')).sort();
  if (names.length === 0) throw new Error('ca-certificates: no certificates found');
  const parts = await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
  await mkdir(join(root, 'etc/ssl/certs'), { recursive: true });
  await writeFile(join(root, 'etc/ssl/certs/ca-certificates.crt'), parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join(''));
  return names.length;
}

/** What update-alternatives would link for iptables. */
export async function linkIptables(root: string, backend: 'nft' | 'legacy'): Promise<void> {
  for (const tool of ['iptables', 'iptables-save', 'iptables-restore', 'ip6tables', 'ip6tables-save', 'ip6tables-restore']) {
    const target = `xtables-${backend}-multi`;
    if (!existsSync(join(root, 'usr/sbin', target))) throw new Error(`iptables: usr/sbin/${target} missing`);
    await rm(join(root, 'usr/sbin', tool), { force: true });
    await symlink(target, join(root, 'usr/sbin', tool));
  }
}

export async function writeFiles(root: string, files: Record<string, { content: string | Buffer; mode?: number }>): Promise<void> {
  for (const [path, f] of Object.entries(files)) {
    const full = join(root, path);
    await mkdir(dirname(full), { recursive: true });
    await rm(full, { force: true });
    await writeFile(full, f.content);
    await chmod(full, f.mode ?? 0o644);
  }
}

export async function copyTree(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true, verbatimSymlinks: true });
}

export { copyFile };

export interface TreeFile {
  path: string;
  size: number;
}

/** Every entry of the tree, parents before children, names sorted: the cpio order (reproducible). */
export async function walkTree(root: string): Promise<Array<{ path: string; kind: 'dir' | 'file' | 'symlink'; mode: number; size: number }>> {
  const out: Array<{ path: string; kind: 'dir' | 'file' | 'symlink'; mode: number; size: number }> = [];
  const visit = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const full = join(dir, name);
      const rel = relative(root, full);
      const st = await lstat(full);
      if (st.isSymbolicLink()) out.push({ path: rel, kind: 'symlink', mode: 0o777, size: 0 });
      else if (st.isDirectory()) {
        out.push({ path: rel, kind: 'dir', mode: st.mode & 0o7777, size: 0 });
        await visit(full);
      } else if (st.isFile()) out.push({ path: rel, kind: 'file', mode: st.mode & 0o7777, size: st.size });
      else throw new Error(`rootfs: unsupported file type at ${rel}`);
    }
  };
  await visit(root);
  return out;
}

/** The initramfs content: device nodes the kernel needs before devtmpfs (/dev/console), then the tree. */
export async function* cpioEntries(root: string, tree: Awaited<ReturnType<typeof walkTree>>): AsyncGenerator<CpioEntry> {
  yield { type: 'dir', path: 'dev', mode: 0o755 };
  yield { type: 'chardev', path: 'dev/console', mode: 0o600, major: 5, minor: 1 };
  yield { type: 'chardev', path: 'dev/null', mode: 0o666, major: 1, minor: 3 };
  for (const e of tree) {
    if (e.path === 'dev') continue;
    if (e.kind === 'dir') yield { type: 'dir', path: e.path, mode: e.mode };
    else if (e.kind === 'symlink') yield { type: 'symlink', path: e.path, target: await readlink(join(root, e.path)) };
    else yield { type: 'file', path: e.path, mode: e.mode, data: await readFile(join(root, e.path)) };
  }
}
