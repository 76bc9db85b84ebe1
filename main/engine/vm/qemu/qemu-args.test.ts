import { describe, expect, it } from 'vitest';
import { chooseAccel, kernelCommandLine, looksLikeAccelFailure, qemuArguments, shellQuote, type QemuArgsInput } from './qemu-args';

const base: QemuArgsInput = {
  arch: 'x86_64',
  machine: 'microvm',
  accel: 'kvm',
  cpus: 2,
  memoryMiB: 2048,
  kernel: '/img/vmlinuz',
  initrd: '/img/initramfs.img',
  append: kernelCommandLine('x86_64'),
  dataDisk: '/d/disk.qcow2',
  configDisk: '/d/config.tar',
  consoleLog: '/d/console.log',
  qmpSocket: '/r/qmp.sock',
  pidFile: '/d/qemu.pid',
  enginePort: 40123,
  guestEnginePort: 2376,
  share: { type: 'virtiofs', socketPath: '/r/fs.sock', tag: 'home' },
};

/** The value after each occurrence of `flag`. */
function values(args: string[], flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag ? [args[index + 1]!] : []));
}

describe('qemuArguments', () => {
  it('x86_64 microvm + KVM + virtiofs: mmio devices, host CPU, shared memfd RAM, vhost-user-fs', () => {
    const args = qemuArguments(base);
    expect(values(args, '-M')).toEqual(['microvm,rtc=on,memory-backend=mem']);
    expect(values(args, '-accel')).toEqual(['kvm']);
    expect(values(args, '-cpu')).toEqual(['host']);
    expect(values(args, '-object')).toContain('memory-backend-memfd,id=mem,size=2048M,share=on');
    expect(values(args, '-device')).toEqual([
      'virtio-blk-device,drive=data,serial=berth-data',
      'virtio-blk-device,drive=config,serial=berth-config',
      'virtio-net-device,netdev=net0',
      'virtio-rng-device,rng=rng0',
      'vhost-user-fs-device,chardev=fs0,tag=home',
    ]);
    expect(values(args, '-chardev')).toContain('socket,id=fs0,path=/r/fs.sock');
    expect(values(args, '-netdev')).toEqual(['user,id=net0,hostfwd=tcp:127.0.0.1:40123-:2376']);
    expect(values(args, '-append')).toEqual(['console=ttyS0 quiet panic=-1 berth.boot=1']);
    expect(values(args, '-qmp')).toEqual(['unix:/r/qmp.sock,server=on,wait=off']);
    expect(args).toContain('-S');
    expect(args).toContain('-nodefaults');
    // virtiofsd (libvhost-user) refuses legacy virtio devices, microvm's default.
    expect(values(args, '-global')).toEqual(['virtio-mmio.force-legacy=false']);
  });

  it('x86_64 q35 + TCG + 9p: PCI devices, the max CPU model, no memory backend', () => {
    const args = qemuArguments({ ...base, machine: 'q35', accel: 'tcg', share: { type: '9p', hostPath: '/home/alice', tag: 'home', securityModel: 'none' } });
    expect(values(args, '-M')).toEqual(['q35']);
    expect(values(args, '-cpu')).toEqual(['max']);
    // QEMU 7.2 would reserve a 1 GiB translation cache (host RSS ~1.2 GiB); capped.
    expect(values(args, '-accel')).toEqual(['tcg,tb-size=256']);
    expect(values(args, '-object')).toEqual(['rng-random,id=rng0,filename=/dev/urandom']);
    expect(values(args, '-global')).toEqual([]);
    expect(values(args, '-fsdev')).toEqual(['local,id=fs0,path=/home/alice,security_model=none']);
    expect(values(args, '-device')).toEqual([
      'virtio-blk-pci,drive=data,serial=berth-data',
      'virtio-blk-pci,drive=config,serial=berth-config',
      'virtio-net-pci,netdev=net0',
      'virtio-rng-pci,rng=rng0',
      'virtio-9p-pci,fsdev=fs0,mount_tag=home',
    ]);
  });

  it('aarch64 virt + HVF on macOS: host CPU, highmem, 9p, ttyAMA0', () => {
    const args = qemuArguments({
      ...base,
      arch: 'aarch64',
      machine: 'virt',
      accel: 'hvf',
      append: kernelCommandLine('aarch64'),
      share: { type: '9p', hostPath: '/Users/alice', tag: 'home', securityModel: 'mapped-xattr' },
    });
    expect(values(args, '-M')).toEqual(['virt,highmem=on']);
    expect(values(args, '-accel')).toEqual(['hvf']);
    expect(values(args, '-cpu')).toEqual(['host']);
    expect(values(args, '-append')[0]).toMatch(/^console=ttyAMA0 /);
    expect(values(args, '-device')).toContain('virtio-9p-pci,fsdev=fs0,mount_tag=home');
  });

  it('aarch64 virt + KVM and + TCG pick host and max CPUs; no share adds no share device', () => {
    const kvm = qemuArguments({ ...base, arch: 'aarch64', machine: 'virt', accel: 'kvm', share: { type: 'none' } });
    expect(values(kvm, '-cpu')).toEqual(['host']);
    expect(values(kvm, '-M')).toEqual(['virt']);
    expect(kvm.some((arg) => /9p|vhost-user-fs/.test(arg))).toBe(false);
    const tcg = qemuArguments({ ...base, arch: 'aarch64', machine: 'virt', accel: 'tcg', share: { type: 'none' } });
    expect(values(tcg, '-cpu')).toEqual(['max']);
  });

  it("the image's engine disk, when it has one, is a read-only virtio-blk found by its serial", () => {
    expect(qemuArguments(base).some((arg) => arg.includes('berth-engine'))).toBe(false);
    const args = qemuArguments({ ...base, machine: 'q35', accel: 'tcg', engineDisk: '/img/engine.img' });
    expect(values(args, '-drive')).toContain('file=/img/engine.img,if=none,id=engine,format=raw,readonly=on');
    expect(values(args, '-device')).toContain('virtio-blk-pci,drive=engine,serial=berth-engine');
  });

  it('refuses combinations that cannot work', () => {
    expect(() => qemuArguments({ ...base, machine: 'virt' })).toThrow(/aarch64/);
    expect(() => qemuArguments({ ...base, arch: 'aarch64', machine: 'microvm' })).toThrow(/virt/);
    expect(() => qemuArguments({ ...base, arch: 'aarch64', machine: 'virt', accel: 'hvf' })).toThrow(/virtiofsd/);
  });

  it('shellQuote quotes what a shell would split or expand', () => {
    expect(shellQuote(['qemu', '-append', "a b'c", '-m', '2048M'])).toBe(`qemu -append 'a b'\\''c' -m 2048M`);
  });
});

describe('chooseAccel', () => {
  it('KVM on a Linux host of the same architecture with a usable /dev/kvm', () => {
    expect(chooseAccel({ platform: 'linux', hostArch: 'x64', guestArch: 'x86_64', kvmUsable: true })).toEqual({ accel: 'kvm' });
    expect(chooseAccel({ platform: 'linux', hostArch: 'arm64', guestArch: 'aarch64', kvmUsable: true })).toEqual({ accel: 'kvm' });
  });

  it('HVF on a Mac of the same architecture', () => {
    expect(chooseAccel({ platform: 'darwin', hostArch: 'arm64', guestArch: 'aarch64', kvmUsable: false })).toEqual({ accel: 'hvf' });
  });

  it('TCG with a slow-mode note otherwise, naming why', () => {
    expect(chooseAccel({ platform: 'linux', hostArch: 'x64', guestArch: 'x86_64', kvmUsable: false }).note).toMatch(/^Slow mode: no hardware virtualization \(\/dev\/kvm is missing/);
    expect(chooseAccel({ platform: 'linux', hostArch: 'x64', guestArch: 'x86_64', kvmUsable: true, kvmFailed: 'failed to set MSR 0x10a' })).toEqual({
      accel: 'tcg',
      note: 'Slow mode: no hardware virtualization (KVM failed: failed to set MSR 0x10a). The VM runs under emulation (TCG).',
    });
    expect(chooseAccel({ platform: 'darwin', hostArch: 'x64', guestArch: 'aarch64', kvmUsable: false }).accel).toBe('tcg');
    expect(chooseAccel({ platform: 'win32', hostArch: 'x64', guestArch: 'x86_64', kvmUsable: false }).note).toMatch(/win32/);
  });

  it('recognises an accelerator failure in QEMU stderr', () => {
    expect(looksLikeAccelFailure('qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69')).toBe(true);
    expect(looksLikeAccelFailure('Could not access KVM kernel module: Permission denied')).toBe(true);
    expect(looksLikeAccelFailure('could not open disk image /d/disk.qcow2: No such file')).toBe(false);
  });
});
