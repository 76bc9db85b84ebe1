// Builds Berth's guest image (kernel, initramfs, manifest) for amd64 and/or arm64 from Debian packages only, without
// emulation: .debs are resolved from the suite's signed index, downloaded by checksum and unpacked with dpkg-deb.
// Usage: npm run build:vm-image -- [--arch amd64|arm64|all] [--suite trixie] [--compression zstd|gzip|lz4|xz|none]
//        [--mirror URL] [--cache DIR] [--out DIR] [--force]
// Output: <cache>/<arch>/<inputs hash>/{vmlinuz,initramfs.img,manifest.json}, copied to vm/out/<arch>/.
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { homedir, arch as hostArch } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_KEYRING, fetchDeb, fetchPackagesIndex, fetchRelease, mapLimit } from './lib/archive';
import { encodeCpioAsync } from './lib/cpio';
import { debArchMachine, elfMachine } from './lib/elf';
import { pipeThrough, run, sha256File, writeChunks } from './lib/exec';
import { cgroupV2, parseKconfig, shareSupport, supportsInitramfs, type InitramfsCompression } from './lib/kconfig';
import { GUEST_CONTRACT, MANIFEST_SCHEMA, inputsHash, upstreamVersion, type Manifest, type ManifestPackage } from './lib/manifest';
import { loadOrder, moduleName, parseModulesBuiltin, parseModulesDep, selectModules } from './lib/modules';
import type { PackageEntry } from './lib/packages';
import { resolveDependencies } from './lib/resolve';
import { cpioEntries, debFileList, linkIptables, prune, unpackDebs, walkTree, writeCaBundle, writeFiles } from './lib/rootfs';
import * as recipe from './recipe';

const VM_DIR = dirname(fileURLToPath(import.meta.url));

export interface BuildOptions {
  arch: recipe.GuestArch;
  suite?: string;
  mirror?: string;
  compression?: InitramfsCompression;
  /** Cache root (default $BERTH_VM_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/berth/vm-images). */
  cache?: string;
  /** Where the result is copied for dev mode (default vm/out); null: do not copy. */
  out?: string | null;
  force?: boolean;
  log?: (line: string) => void;
}

export interface BuildResult {
  dir: string;
  manifest: Manifest;
  cached: boolean;
}

export const DEFAULT_COMPRESSION: InitramfsCompression = 'lz4';

export function defaultCacheRoot(env = process.env): string {
  if (env.BERTH_VM_CACHE) return env.BERTH_VM_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth', 'vm-images');
}

const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;

/** sha256 of every file that decides what the builder produces (its own sources and the guest's scripts). */
async function recipeHashes(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const visit = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, name.name);
      if (name.isDirectory()) await visit(full);
      else if (!name.name.endsWith('.test.ts')) out[relative(VM_DIR, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
    }
  };
  await visit(join(VM_DIR, 'guest'));
  await visit(join(VM_DIR, 'lib'));
  for (const f of ['build.ts', 'recipe.ts']) out[f] = createHash('sha256').update(await readFile(join(VM_DIR, f))).digest('hex');
  return out;
}

const asManifestPackage = (p: PackageEntry): ManifestPackage => ({ name: p.name, version: p.version, arch: p.arch, sha256: p.sha256 });

/** Whether a cached build dir is complete: its manifest parses and the files have the recorded sizes. */
async function cachedManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    for (const [name, info] of Object.entries(manifest.files)) if ((await stat(join(dir, name))).size !== info.size) return undefined;
    return manifest;
  } catch {
    return undefined;
  }
}

async function copyOut(dir: string, outRoot: string, arch: string): Promise<string> {
  const target = join(outRoot, arch);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  for (const f of ['vmlinuz', 'initramfs.img', 'engine.img', 'manifest.json']) await copyFile(join(dir, f), join(target, f));
  return target;
}

const COMPRESSORS: Record<Exclude<InitramfsCompression, 'none'>, [string, string[]]> = {
  zstd: ['zstd', ['-q', '-c', '-T0', '-9']],
  gzip: ['gzip', ['-c', '-6', '-n']],
  lz4: ['lz4', ['-q', '-c', '-l', '-9']], // -l: the legacy frame format the kernel unpacks
  xz: ['xz', ['-c', '-6', '-T0', '--check=crc32']], // the kernel's xz decoder checks crc32 only
};

/**
 * A read-only ext4 image of `dir` (its files at the top), sized to fit: `mkfs.ext4 -d`, no journal, no reserved
 * blocks, the UUID and directory hash seed derived from the inputs hash, file times at 0 (same inputs, same bytes).
 */
async function writeEngineDisk(dir: string, image: string, bytes: number, inputsHash: string): Promise<void> {
  const mib1 = 1024 * 1024;
  const size = Math.ceil((bytes * 1.05 + 8 * mib1) / mib1) * mib1;
  await rm(image, { force: true });
  const uuid = (n: number) => `${inputsHash.slice(n, n + 8)}-${inputsHash.slice(n + 8, n + 12)}-4${inputsHash.slice(n + 13, n + 16)}-8${inputsHash.slice(n + 17, n + 20)}-${inputsHash.slice(n + 20, n + 32)}`;
  for (const name of await readdir(dir)) await utimes(join(dir, name), 0, 0);
  await utimes(dir, 0, 0);
  await run('mkfs.ext4', ['-q', '-F', '-d', dir, '-L', 'berth-engine', '-b', '4096', '-O', '^has_journal', '-m', '0', '-N', '64', '-U', uuid(0), '-E', `hash_seed=${uuid(32)},root_owner=0:0`, image, `${size / 1024}k`], {
    env: { ...process.env, E2FSPROGS_FAKE_TIME: '1' },
  });
}

export async function buildImage(opts: BuildOptions): Promise<BuildResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const arch = opts.arch;
  const suite = opts.suite ?? recipe.DEFAULT_SUITE;
  const mirror = (opts.mirror ?? recipe.DEFAULT_MIRROR).replace(/\/$/, '');
  const compression = opts.compression ?? DEFAULT_COMPRESSION;
  const cacheRoot = opts.cache ?? defaultCacheRoot();
  const keyring = process.env.BERTH_VM_KEYRING ?? DEFAULT_KEYRING;

  const release = await fetchRelease(mirror, suite, cacheRoot, keyring, log);
  const { index, sha256: packagesSha256 } = await fetchPackagesIndex(mirror, suite, arch, release.info, cacheRoot);

  // The kernel: what linux-image-cloud-<arch> points at in this suite.
  const meta = index.packages.get(`linux-image-cloud-${arch}`);
  if (!meta) throw new Error(`${suite} has no linux-image-cloud-${arch}`);
  const kernelName = meta.depends.flat().find((d) => /^linux-image-\d/.test(d.name))?.name;
  const kernel = kernelName ? index.packages.get(kernelName) : undefined;
  if (!kernel) throw new Error(`linux-image-cloud-${arch} in ${suite} depends on no linux-image-<version> package`);
  const kver = kernel.name.replace(/^linux-image-/, '');

  const skip = new Set(recipe.SKIP_PACKAGES.keys());
  const resolution = resolveDependencies(index, recipe.ROOT_PACKAGES, skip);
  const packages = resolution.packages;
  const recipeFiles = await recipeHashes();
  const hash = inputsHash({ arch, suite, compression, packages: [...packages, kernel].map(asManifestPackage), recipe: recipeFiles });
  const dir = join(cacheRoot, arch, hash);
  const outRoot = opts.out === undefined ? join(VM_DIR, 'out') : opts.out;

  const cached = opts.force ? undefined : await cachedManifest(dir);
  if (cached) {
    log(`${arch}: inputs unchanged (${hash.slice(0, 16)}…): using the cached image in ${dir}`);
    if (outRoot) log(`${arch}: copied to ${await copyOut(dir, outRoot, arch)}`);
    return { dir, manifest: cached, cached: true };
  }

  const started = Date.now();
  log(`${arch}: building from ${suite} (${release.info.version ?? release.info.date}); ${packages.length} packages + ${kernel.name}; inputs ${hash.slice(0, 16)}…`);
  for (const s of resolution.skipped) log(`  skipped dependency: ${s}`);
  const debs = await mapLimit([...packages, kernel], 4, (p) => fetchDeb(mirror, p, cacheRoot));
  const fetched = debs.filter((d) => d.downloaded).length;
  const bytes = [...packages, kernel].reduce((n, p) => n + p.size, 0);
  log(`${arch}: ${fetched} .debs downloaded, ${debs.length - fetched} from the cache (${mib(bytes)} in all)`);

  const work = join(cacheRoot, 'tmp', `${arch}-${hash.slice(0, 12)}-${process.pid}`);
  await rm(work, { recursive: true, force: true });
  const root = join(work, 'root');
  const kroot = join(work, 'kernel');
  const outTmp = join(work, 'out');
  await mkdir(outTmp, { recursive: true });
  try {
    await unpackDebs(debs.slice(0, -1).map((d) => d.path), root);
    await unpackDebs([debs[debs.length - 1]!.path], kroot);

    // What maintainer scripts and update-alternatives would have done, done on the tree.
    const certs = await writeCaBundle(root);
    await prune(root, recipe.PRUNE);
    await linkIptables(root, recipe.IPTABLES_BACKEND);

    // Kernel and its config.
    const kconfig = parseKconfig(await readFile(join(kroot, 'boot', `config-${kver}`), 'utf8'));
    if (!supportsInitramfs(kconfig, compression)) throw new Error(`${kernel.name} cannot unpack a ${compression} initramfs`);
    if (!cgroupV2(kconfig)) throw new Error(`${kernel.name} lacks cgroup v2 with the memory controller`);
    const share = shareSupport(kconfig);
    await copyFile(join(kroot, 'boot', `vmlinuz-${kver}`), join(outTmp, 'vmlinuz'));

    // Modules: the closure of what the guest needs, decompressed (busybox modprobe reads plain .ko), then depmod.
    const kmods = join(kroot, 'usr/lib/modules', kver);
    await symlink('usr/lib', join(kroot, 'lib')).catch(() => undefined);
    await run('depmod', ['-b', kroot, kver]);
    const deps = parseModulesDep(await readFile(join(kmods, 'modules.dep'), 'utf8'));
    const builtin = parseModulesBuiltin(await readFile(join(kmods, 'modules.builtin'), 'utf8'));
    const wanted = [...recipe.BOOT_MODULES[arch], ...recipe.ENGINE_MODULES, ...recipe.EXTRA_MODULES];
    const selection = selectModules(deps, wanted, recipe.EXTRA_MODULE_DIRS);
    const absent = selection.notModules.filter((n) => !builtin.has(n.replace(/-/g, '_')));
    if (absent.length > 0) log(`${arch}: not in ${kver} (neither module nor built in): ${absent.join(', ')}`);
    const gmods = join(root, 'usr/lib/modules', kver);
    await mapLimit(selection.paths, 4, async (p) => {
      const plain = p.replace(/\.(xz|zst|gz)$/, '');
      await mkdir(dirname(join(gmods, plain)), { recursive: true });
      const tool = p.endsWith('.xz') ? 'xz' : p.endsWith('.zst') ? 'zstd' : p.endsWith('.gz') ? 'gzip' : undefined;
      if (tool) await writeFile(join(gmods, plain), await run(tool, ['-dc', join(kmods, p)]));
      else await copyFile(join(kmods, p), join(gmods, plain));
    });
    for (const f of ['modules.builtin', 'modules.builtin.modinfo', 'modules.order']) await copyFile(join(kmods, f), join(gmods, f));
    await run('depmod', ['-b', root, kver]);
    const selectedNames = new Set(selection.paths.map(moduleName));
    const bootModules = [...recipe.BOOT_MODULES[arch], ...recipe.ENGINE_MODULES]
      .map((n) => n.replace(/-/g, '_'))
      .filter((n) => selectedNames.has(n) && !builtin.has(n));
    // Load order is modprobe's business (it follows modules.dep); this only drops duplicates.
    const bootList = [...new Set(bootModules)];
    const deviceModules = new Set(recipe.BOOT_MODULES[arch].map((n) => n.replace(/-/g, '_')));
    void loadOrder;

    // Berth's own files.
    const guest = (f: string): Promise<Buffer> => readFile(join(VM_DIR, 'guest', f));
    await writeFiles(root, {
      init: { content: await guest('init'), mode: 0o755 },
      'etc/inittab': { content: await guest('inittab') },
      'usr/lib/berth/boot': { content: await guest('boot'), mode: 0o755 },
      'usr/lib/berth/shutdown': { content: await guest('shutdown'), mode: 0o755 },
      'usr/lib/berth/lib.sh': { content: await guest('lib.sh') },
      'usr/lib/berth/modules.boot': { content: `${bootList.join('\n')}\n` },
      // The boot loads the devices' drivers first and the engine's modules in the background (boot, step modules).
      'usr/lib/berth/modules.devices': { content: `${bootList.filter((n) => deviceModules.has(n)).join('\n')}\n` },
      'usr/lib/berth/modules.engine': { content: `${bootList.filter((n) => !deviceModules.has(n)).join('\n')}\n` },
      'usr/lib/berth/share-types': { content: `${share.join(' ') || 'none'}\n` },
      'etc/acpi/PWRF/00000080': { content: await guest('acpi/PWRF/00000080'), mode: 0o755 },
      'etc/containerd/config.toml': { content: await guest('containerd.toml') },
      'etc/passwd': { content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' },
      'etc/group': { content: 'root:x:0:\ntty:x:5:\ndocker:x:999:\nnogroup:x:65534:\n' },
      'etc/nsswitch.conf': { content: 'passwd: files\ngroup: files\nhosts: files dns\n' },
      'etc/hosts': { content: '127.0.0.1\tlocalhost\n::1\tlocalhost\n' },
      'usr/lib/os-release': {
        content: `PRETTY_NAME="Berth guest (Debian ${suite} packages)"\nNAME="Berth guest"\nID=berth\nID_LIKE=debian\nVERSION_ID="${GUEST_CONTRACT}"\nHOME_URL="https://github.com/berth-app/berth"\n`,
      },
    });
    for (const d of ['proc', 'sys', 'run', 'tmp', 'root', 'mnt', 'var/lib/berth', 'var/tmp', 'var/log', 'etc/docker']) await mkdir(join(root, d), { recursive: true });
    const links: Array<[string, string]> = [
      ['usr/bin/sh', 'busybox'],
      ['var/run', '../run'],
      ['etc/mtab', '../proc/self/mounts'],
      ['etc/os-release', '../usr/lib/os-release'],
    ];
    for (const [path, target] of links) {
      await rm(join(root, path), { force: true, recursive: true });
      await symlink(target, join(root, path));
    }

    // Sanity: the binaries are for the guest's architecture.
    for (const bin of ['usr/sbin/dockerd', 'usr/bin/containerd', 'usr/sbin/runc', 'usr/bin/busybox']) {
      const head = (await readFile(join(root, bin))).subarray(0, 64);
      if (elfMachine(head) !== debArchMachine[arch]) throw new Error(`${bin} is ${elfMachine(head)}, not ${debArchMachine[arch]}`);
    }

    // The engine's binaries onto their own read-only disk; symlinks to where the guest mounts it stay in the tree.
    const engineDir = join(work, 'engine');
    await mkdir(engineDir, { recursive: true });
    await mkdir(join(root, recipe.ENGINE_MOUNT), { recursive: true });
    let engineBytes = 0;
    for (const file of recipe.ENGINE_DISK_FILES) {
      const name = basename(file);
      await rename(join(root, file), join(engineDir, name));
      await symlink(`/${recipe.ENGINE_MOUNT}/${name}`, join(root, file));
      engineBytes += (await stat(join(engineDir, name))).size;
    }
    const engineImg = join(outTmp, 'engine.img');
    await writeEngineDisk(engineDir, engineImg, engineBytes, hash);

    // Pack.
    const tree = await walkTree(root);
    const uncompressed = tree.reduce((n, e) => n + e.size, 0);
    const packStart = Date.now();
    const chunks = encodeCpioAsync(cpioEntries(root, tree));
    const initrd = join(outTmp, 'initramfs.img');
    if (compression === 'none') await writeChunks(chunks, initrd);
    else await pipeThrough(chunks, COMPRESSORS[compression][0], COMPRESSORS[compression][1], initrd);
    const packMs = Date.now() - packStart;

    // Size breakdown by package (files as left after pruning).
    const owner = new Map<string, string>();
    for (let i = 0; i < packages.length; i++) for (const f of await debFileList(debs[i]!.path)) if (!owner.has(f)) owner.set(f, packages[i]!.name);
    const bySource = new Map<string, number>();
    for (const e of tree) {
      if (e.kind !== 'file') continue;
      const who = e.path.startsWith('usr/lib/modules/') ? `kernel modules (${selection.paths.length})` : owner.get(e.path) ?? 'berth (generated)';
      bySource.set(who, (bySource.get(who) ?? 0) + e.size);
    }
    log(`${arch}: initramfs content ${mib(uncompressed)} in ${tree.length} entries; by package:`);
    for (const [who, n] of [...bySource].sort((a, b) => b[1] - a[1])) log(`  ${mib(n).padStart(10)}  ${who}`);

    const files = {
      vmlinuz: { sha256: await sha256File(join(outTmp, 'vmlinuz')), size: (await stat(join(outTmp, 'vmlinuz'))).size },
      'initramfs.img': { sha256: await sha256File(initrd), size: (await stat(initrd)).size },
      'engine.img': { sha256: await sha256File(engineImg), size: (await stat(engineImg)).size },
    };
    log(`${arch}: engine.img ${mib(files['engine.img'].size)} (ext4, read-only in the guest): ${recipe.ENGINE_DISK_FILES.join(', ')} (${mib(engineBytes)})`);
    log(`${arch}: initramfs.img ${mib(files['initramfs.img'].size)} (${compression}, packed in ${(packMs / 1000).toFixed(1)} s); vmlinuz ${mib(files.vmlinuz.size)}; CA roots ${certs}`);

    const version = (name: string): string => {
      const p = index.packages.get(name);
      if (!p) throw new Error(`${name} missing from the index`);
      return upstreamVersion(p.version);
    };
    const manifest: Manifest = {
      schema: MANIFEST_SCHEMA,
      guestContract: GUEST_CONTRACT,
      arch,
      suite,
      kernel: { package: kernel.name, version: kernel.version, release: kver },
      packages: packages.map(asManifestPackage).concat(asManifestPackage(kernel)),
      engine: { docker: version('docker.io'), containerd: version('containerd'), runc: version('runc') },
      inputsHash: hash,
      files,
      share,
      initramfs: { compression, uncompressedSize: uncompressed },
      cgroup: 'v2',
      index: { mirror, suite: release.info.suite, codename: release.info.codename, date: release.info.date, packagesSha256 },
      modules: bootList,
    };
    await writeFile(join(outTmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await mkdir(dirname(dir), { recursive: true });
    await rm(dir, { recursive: true, force: true });
    await rename(outTmp, dir);
    log(`${arch}: built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${dir}`);
    if (outRoot) log(`${arch}: copied to ${await copyOut(dir, outRoot, arch)}`);
    return { dir, manifest, cached: false };
  } finally {
    if (!process.env.BERTH_VM_KEEP_WORK) await rm(work, { recursive: true, force: true });
    else log(`${arch}: work tree kept in ${work}`);
  }
}

function parseArgs(argv: string[]): { arches: recipe.GuestArch[]; rest: Omit<BuildOptions, 'arch'> } {
  const rest: Omit<BuildOptions, 'arch'> = {};
  let arches: recipe.GuestArch[] = [hostArch() === 'arm64' ? 'arm64' : 'amd64'];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--arch': {
        const v = value();
        if (v === 'all') arches = [...recipe.ARCHES];
        else if ((recipe.ARCHES as string[]).includes(v)) arches = [v as recipe.GuestArch];
        else throw new Error(`--arch must be amd64, arm64 or all`);
        break;
      }
      case '--suite': rest.suite = value(); break;
      case '--mirror': rest.mirror = value(); break;
      case '--compression': {
        const v = value();
        if (!['none', 'gzip', 'zstd', 'lz4', 'xz'].includes(v)) throw new Error('--compression must be zstd, gzip, lz4, xz or none');
        rest.compression = v as InitramfsCompression;
        break;
      }
      case '--cache': rest.cache = value(); break;
      case '--out': rest.out = value(); break;
      case '--force': rest.force = true; break;
      case '--help':
        console.log('usage: npm run build:vm-image -- [--arch amd64|arm64|all] [--suite SUITE] [--compression zstd|gzip|lz4|xz|none] [--mirror URL] [--cache DIR] [--out DIR] [--force]');
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${flag} (see --help)`);
    }
  }
  return { arches, rest };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { arches, rest } = parseArgs(process.argv.slice(2));
    for (const arch of arches) {
      const result = await buildImage({ ...rest, arch });
      console.log(`${arch}: ${result.dir}`);
    }
  } catch (e) {
    console.error(`build:vm-image: ${(e as Error).message}`);
    process.exit(1);
  }
}


