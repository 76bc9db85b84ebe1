// Builds the guest image for amd64 (or reuses the cached build) and checks what the host relies on: the manifest,
// the files it describes, and the initramfs content. Checks the arm64 build's manifest and binaries too.
// Downloads ~170 MB from deb.debian.org on the first run (cached under $BERTH_VM_CACHE or ~/.cache/berth/vm-images).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImage, type BuildResult } from './build';
import { parseCpio } from './lib/cpio';
import { elfMachine } from './lib/elf';
import { ENGINE_DISK_FILES, ENGINE_MOUNT, SKIP_PACKAGES, type GuestArch } from './recipe';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function checkImage(arch: GuestArch): Promise<BuildResult> {
  const result = await buildImage({ arch, out: null, log: () => undefined });
  const m = result.manifest;
  expect(m).toMatchObject({ schema: 1, guestContract: 1, arch, suite: 'trixie', cgroup: 'v2' });
  expect(m.kernel.package).toMatch(new RegExp(`^linux-image-\\d.*-cloud-${arch}$`));
  expect(m.kernel.release).toBe(m.kernel.package.replace('linux-image-', ''));
  expect(Number(m.engine.docker.split('.')[0])).toBeGreaterThanOrEqual(26);
  expect(m.engine.containerd).toMatch(/^\d+\.\d+\.\d+/);
  expect(m.engine.runc).toMatch(/^\d+\.\d+\.\d+/);
  expect(m.share).toContain('virtiofs');
  expect(m.inputsHash).toMatch(/^[0-9a-f]{64}$/);
  expect(result.dir.endsWith(join(arch, m.inputsHash))).toBe(true);
  const names = m.packages.map((p) => p.name);
  for (const p of ['docker.io', 'containerd', 'runc', 'busybox-static', 'iptables', 'e2fsprogs', m.kernel.package]) expect(names).toContain(p);
  for (const skipped of SKIP_PACKAGES.keys()) expect(names).not.toContain(skipped);
  for (const p of m.packages) expect(p).toMatchObject({ arch: expect.stringMatching(new RegExp(`^(${arch}|all)$`)), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  for (const [file, info] of Object.entries(m.files)) {
    const data = readFileSync(join(result.dir, file));
    expect(data.length, file).toBe(info.size);
    expect(sha256(data), file).toBe(info.sha256);
  }
  return result;
}

function initramfsMembers(result: BuildResult): Map<string, ReturnType<typeof parseCpio>[number]> {
  const file = join(result.dir, 'initramfs.img');
  const tool = { lz4: ['lz4', '-dc'], zstd: ['zstd', '-dc'], gzip: ['gzip', '-dc'], xz: ['xz', '-dc'], none: ['cat'] }[result.manifest.initramfs.compression];
  const cpio = execFileSync(tool[0]!, [...tool.slice(1), file], { maxBuffer: 1 << 30 });
  return new Map(parseCpio(cpio).map((e) => [e.name, e]));
}

/** The first 64 KiB of a file on the image's engine disk (ext4), read with debugfs (e2fsprogs), without mounting. */
function engineFileHead(result: BuildResult, name: string): Buffer {
  return execFileSync('debugfs', ['-R', `cat /${name}`, join(result.dir, 'engine.img')], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }).subarray(0, 65536);
}

/** The engine's binaries are symlinks in the initramfs to the engine disk's mount point, and ELF for `machine` there. */
function expectEngineDisk(result: BuildResult, members: ReturnType<typeof initramfsMembers>, machine: string): void {
  expect(members.get(ENGINE_MOUNT)?.mode).toBe(0o040755);
  for (const file of ENGINE_DISK_FILES) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    expect(members.get(file)?.mode, file).toBe(0o120777);
    expect(members.get(file)!.data.toString(), file).toBe(`/${ENGINE_MOUNT}/${name}`);
    expect(elfMachine(engineFileHead(result, name)), name).toBe(machine);
  }
}

describe('guest image', () => {
  it('builds for amd64 with a manifest that matches its files, and the initramfs holds the engine and the init', { timeout: 900_000 }, async () => {
    const result = await checkImage('amd64');
    const vmlinuz = readFileSync(join(result.dir, 'vmlinuz'));
    expect(vmlinuz.toString('ascii', 0x202, 0x206)).toBe('HdrS'); // x86 boot protocol header
    const members = initramfsMembers(result);
    for (const path of ['init', 'etc/inittab', 'usr/lib/berth/boot', 'usr/lib/berth/shutdown', 'usr/sbin/dockerd', 'usr/bin/containerd', 'usr/bin/containerd-shim-runc-v2', 'usr/sbin/runc', 'usr/bin/docker-init', 'usr/sbin/docker-proxy', 'usr/sbin/mkfs.ext4', 'usr/sbin/resize2fs', 'usr/sbin/iptables', 'etc/ssl/certs/ca-certificates.crt', 'etc/acpi/PWRF/00000080', `usr/lib/modules/${result.manifest.kernel.release}/modules.dep`]) {
      expect(members.has(path), path).toBe(true);
    }
    expect(members.get('dev/console')).toMatchObject({ mode: 0o020600, rmajor: 5, rminor: 1 });
    expect(members.get('init')!.mode & 0o111).not.toBe(0);
    expect(members.get('usr/sbin/iptables')!.data.toString()).toBe('xtables-nft-multi');
    expect(elfMachine(members.get('usr/bin/busybox')!.data)).toBe('x86_64');
    expectEngineDisk(result, members, 'x86_64');
    for (const pruned of ['usr/share/doc', 'usr/share/man', 'usr/bin/ctr', 'usr/lib/systemd']) expect([...members.keys()].some((k) => k === pruned || k.startsWith(`${pruned}/`)), pruned).toBe(false);
    // Modules are plain .ko (busybox modprobe), each boot module is present, and modules.dep names them so.
    const modDir = `usr/lib/modules/${result.manifest.kernel.release}/`;
    const kos = [...members.keys()].filter((k) => k.startsWith(modDir) && k.includes('.ko'));
    expect(kos.length).toBeGreaterThan(50);
    expect(kos.every((k) => k.endsWith('.ko'))).toBe(true);
    const moduleNames = new Set(kos.map((k) => k.slice(k.lastIndexOf('/') + 1, -3).replace(/-/g, '_')));
    for (const m of result.manifest.modules) expect(moduleNames.has(m), m).toBe(true);
    expect(members.get(`${modDir}modules.dep`)!.data.toString()).toMatch(/^kernel\/.*\.ko:/m);
    // The boot loads the devices' drivers first and the engine's in the background: together exactly the boot list.
    const list = (name: string) => members.get(`usr/lib/berth/${name}`)!.data.toString().split('\n').filter(Boolean);
    expect(list('modules.devices')).toEqual(expect.arrayContaining(['virtio_blk', 'virtio_net', 'evdev', 'button']));
    expect(list('modules.engine')).toEqual(expect.arrayContaining(['overlay', 'bridge', 'nf_tables']));
    expect([...list('modules.devices'), ...list('modules.engine')].sort()).toEqual([...result.manifest.modules].sort());

    // Same inputs: the cache answers without rebuilding.
    const started = Date.now();
    const again = await buildImage({ arch: 'amd64', out: null, log: () => undefined });
    expect(again.cached).toBe(true);
    expect(again.manifest.inputsHash).toBe(result.manifest.inputsHash);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('builds for arm64 without emulation: arm64 kernel, aarch64 binaries', { timeout: 900_000 }, async () => {
    const result = await checkImage('arm64');
    const vmlinuz = readFileSync(join(result.dir, 'vmlinuz'));
    expect(vmlinuz.toString('ascii', 0x38, 0x3c)).toBe('ARM\x64'); // arm64 Image header magic
    const members = initramfsMembers(result);
    expect(elfMachine(members.get('usr/bin/busybox')!.data)).toBe('aarch64');
    expectEngineDisk(result, members, 'aarch64');
  });
});
