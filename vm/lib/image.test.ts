import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeCpio, normalizeCpioPath, parseCpio, type CpioEntry, type CpioMember } from './cpio';
import { elfMachine } from './elf';
import { cgroupV2, parseKconfig, shareSupport, supportsInitramfs } from './kconfig';
import { canonicalJson, inputsHash, upstreamVersion, type BuildInputs } from './manifest';
import { loadOrder, moduleName, parseModulesBuiltin, parseModulesDep, selectModules } from './modules';

function readNewc(buf: Buffer): Map<string, CpioMember> {
  return new Map(parseCpio(buf).map((m) => [m.name, m]));
}

describe('cpio (newc)', () => {
  const entries: CpioEntry[] = [
    { type: 'dir', path: 'usr', mode: 0o755 },
    { type: 'dir', path: './usr/bin', mode: 0o755 },
    { type: 'file', path: 'usr/bin/tool', mode: 0o755, data: Buffer.from('#!/bin/sh\necho hi\n') },
    { type: 'file', path: 'empty', mode: 0o600, data: Buffer.alloc(0) },
    { type: 'symlink', path: 'bin', target: 'usr/bin' },
    { type: 'chardev', path: 'console', mode: 0o600, major: 5, minor: 1 },
  ];

  it('round-trips entries with 4-byte alignment and the trailer', () => {
    const buf = Buffer.concat([...encodeCpio(entries)]);
    expect(buf.length % 4).toBe(0);
    const back = readNewc(buf);
    expect([...back.keys()]).toEqual(['usr', 'usr/bin', 'usr/bin/tool', 'empty', 'bin', 'console']);
    expect(back.get('usr/bin/tool')?.data.toString()).toBe('#!/bin/sh\necho hi\n');
    expect(back.get('usr/bin/tool')?.mode).toBe(0o100755);
    expect(back.get('bin')?.mode).toBe(0o120777);
    expect(back.get('bin')?.data.toString()).toBe('usr/bin');
    expect(back.get('console')).toMatchObject({ mode: 0o020600, rmajor: 5, rminor: 1 });
    expect(back.get('usr')?.mode).toBe(0o040755);
  });

  it('is what busybox cpio unpacks (the format the kernel reads)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-cpio-'));
    try {
      writeFileSync(join(dir, 'a.cpio'), Buffer.concat([...encodeCpio(entries.filter((e) => e.type !== 'chardev'))]));
      execFileSync('busybox', ['cpio', '-i', '-d', '-F', join(dir, 'a.cpio')], { cwd: dir, stdio: 'pipe' });
      expect(readFileSync(join(dir, 'usr/bin/tool'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
      expect(statSync(join(dir, 'usr/bin/tool')).mode & 0o777).toBe(0o755);
      expect(readlinkSync(join(dir, 'bin'))).toBe('usr/bin');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects paths that escape or are empty', () => {
    expect(normalizeCpioPath('/etc/passwd')).toBe('etc/passwd');
    expect(() => normalizeCpioPath('usr/../etc')).toThrow();
    expect(() => normalizeCpioPath('./')).toThrow();
  });
});

describe('kernel modules', () => {
  const dep = parseModulesDep(
    [
      'kernel/fs/overlayfs/overlay.ko.xz:',
      'kernel/net/bridge/br_netfilter.ko.xz: kernel/net/bridge/bridge.ko.xz kernel/net/802/stp.ko.xz kernel/net/llc/llc.ko.xz',
      'kernel/net/bridge/bridge.ko.xz: kernel/net/802/stp.ko.xz kernel/net/llc/llc.ko.xz',
      'kernel/net/802/stp.ko.xz: kernel/net/llc/llc.ko.xz',
      'kernel/net/llc/llc.ko.xz:',
      'kernel/net/netfilter/nft_compat.ko.xz: kernel/net/netfilter/nf_tables.ko.xz',
      'kernel/net/netfilter/nf_tables.ko.xz:',
      'kernel/drivers/block/virtio_blk.ko.xz:',
      'kernel/drivers/virtio/virtio-mmio.ko.xz:',
    ].join('\n'),
  );

  it('names modules as the kernel does', () => {
    expect(moduleName('kernel/drivers/virtio/virtio-mmio.ko.xz')).toBe('virtio_mmio');
    expect(moduleName('x/nf_tables.ko')).toBe('nf_tables');
  });

  it('selects by name and by directory, with dependencies, and reports what is not a module', () => {
    const s = selectModules(dep, ['br_netfilter', 'virtio-mmio', 'ext4'], ['kernel/net/netfilter/']);
    expect(s.paths).toEqual([
      'kernel/drivers/virtio/virtio-mmio.ko.xz',
      'kernel/net/802/stp.ko.xz',
      'kernel/net/bridge/br_netfilter.ko.xz',
      'kernel/net/bridge/bridge.ko.xz',
      'kernel/net/llc/llc.ko.xz',
      'kernel/net/netfilter/nf_tables.ko.xz',
      'kernel/net/netfilter/nft_compat.ko.xz',
    ]);
    expect(s.notModules).toEqual(['ext4']);
    expect(parseModulesBuiltin('kernel/fs/ext4/ext4.ko\nkernel/fs/fuse/virtiofs.ko\n').has('ext4')).toBe(true);
  });

  it('orders modules after their dependencies', () => {
    const order = loadOrder(dep, ['kernel/net/bridge/br_netfilter.ko.xz']);
    expect(order).toEqual(['kernel/net/llc/llc.ko.xz', 'kernel/net/802/stp.ko.xz', 'kernel/net/bridge/bridge.ko.xz', 'kernel/net/bridge/br_netfilter.ko.xz']);
  });
});

describe('kernel config', () => {
  it('finds the share types and initramfs compressions the kernel supports', () => {
    const cloud = parseKconfig('CONFIG_VIRTIO_FS=y\nCONFIG_FUSE_FS=y\n# CONFIG_9P_FS is not set\nCONFIG_BLK_DEV_INITRD=y\nCONFIG_RD_LZ4=y\nCONFIG_RD_ZSTD=y\nCONFIG_CGROUPS=y\nCONFIG_MEMCG=y\n');
    expect(shareSupport(cloud)).toEqual(['virtiofs']);
    expect(supportsInitramfs(cloud, 'lz4')).toBe(true);
    expect(supportsInitramfs(cloud, 'xz')).toBe(false);
    expect(supportsInitramfs(cloud, 'none')).toBe(true);
    expect(cgroupV2(cloud)).toBe(true);
    const full = parseKconfig('CONFIG_VIRTIO_FS=m\nCONFIG_FUSE_FS=m\nCONFIG_9P_FS=m\nCONFIG_NET_9P=m\nCONFIG_NET_9P_VIRTIO=m\n');
    expect(shareSupport(full)).toEqual(['virtiofs', '9p']);
    expect(supportsInitramfs(full, 'none')).toBe(false); // no BLK_DEV_INITRD
  });
});

describe('manifest', () => {
  const inputs: BuildInputs = {
    arch: 'amd64',
    suite: 'trixie',
    compression: 'lz4',
    packages: [
      { name: 'runc', version: '1.1.15+ds1-2+b4', arch: 'amd64', sha256: 'a'.repeat(64) },
      { name: 'containerd', version: '1.7.24~ds1-6', arch: 'amd64', sha256: 'b'.repeat(64) },
    ],
    recipe: { 'guest/boot': 'c'.repeat(64) },
  };

  it('hashes the inputs independently of package order and key order', () => {
    const reordered = { recipe: inputs.recipe, packages: [...inputs.packages].reverse(), compression: 'lz4' as const, suite: 'trixie', arch: 'amd64' };
    expect(inputsHash(reordered)).toBe(inputsHash(inputs));
    expect(inputsHash(inputs)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash when any input changes', () => {
    const base = inputsHash(inputs);
    expect(inputsHash({ ...inputs, suite: 'forky' })).not.toBe(base);
    expect(inputsHash({ ...inputs, compression: 'zstd' })).not.toBe(base);
    expect(inputsHash({ ...inputs, recipe: { 'guest/boot': 'd'.repeat(64) } })).not.toBe(base);
    expect(inputsHash({ ...inputs, packages: [{ ...inputs.packages[0]!, sha256: 'e'.repeat(64) }, inputs.packages[1]!] })).not.toBe(base);
  });

  it('writes canonical JSON with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });

  it('reduces Debian versions to the upstream version', () => {
    expect(upstreamVersion('26.1.5+dfsg1-9+deb13u1+b1')).toBe('26.1.5');
    expect(upstreamVersion('1.7.24~ds1-6+deb13u1')).toBe('1.7.24');
    expect(upstreamVersion('1:1.37.0-6+b9')).toBe('1.37.0');
    expect(upstreamVersion('1.3.6+ds1-1')).toBe('1.3.6');
  });
});

describe('elf', () => {
  it('reads the machine of an ELF header', () => {
    const head = Buffer.alloc(64);
    head.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    head.writeUInt16LE(183, 18);
    expect(elfMachine(head)).toBe('aarch64');
    head.writeUInt16LE(62, 18);
    expect(elfMachine(head)).toBe('x86_64');
    expect(() => elfMachine(Buffer.from('#!/bin/sh\n'.padEnd(64)))).toThrow(/not an ELF/);
  });
});
