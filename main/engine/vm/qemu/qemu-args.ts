import type { VmAccel } from '../../../../common/contract/vm';

export type QemuArch = 'x86_64' | 'aarch64';
/** x86_64: `microvm` (virtio-mmio, fastest boot) or `q35` (PCI, the fallback); aarch64: `virt`. */
export type QemuMachine = 'microvm' | 'q35' | 'virt';

export type QemuShare =
  | { type: 'virtiofs'; socketPath: string; tag: string }
  | { type: '9p'; hostPath: string; tag: string; securityModel: 'none' | 'passthrough' | 'mapped-xattr' }
  | { type: 'none' };

export interface QemuArgsInput {
  arch: QemuArch;
  machine: QemuMachine;
  accel: VmAccel;
  cpus: number;
  memoryMiB: number;
  kernel: string;
  initrd: string;
  /** The kernel command line (see `kernelCommandLine`). */
  append: string;
  dataDisk: string;
  configDisk: string;
  /** The image's read-only disk with the engine's binaries (serial `berth-engine`), when it has one. */
  engineDisk?: string;
  consoleLog: string;
  qmpSocket: string;
  pidFile: string;
  /** Loopback port on the host forwarded to the guest's dockerd TLS port. */
  enginePort: number;
  guestEnginePort: number;
  share: QemuShare;
}

/** The contract's kernel command line: the serial console differs per machine (ttyS0 on x86, ttyAMA0 on `virt`). */
export function kernelCommandLine(arch: QemuArch, extra: string[] = []): string {
  const console = arch === 'aarch64' ? 'console=ttyAMA0' : 'console=ttyS0';
  return [console, 'quiet', 'panic=-1', 'berth.boot=1', ...extra].join(' ');
}

/** The QEMU binary for a guest architecture. */
export function qemuBinary(arch: QemuArch): string {
  return arch === 'aarch64' ? 'qemu-system-aarch64' : 'qemu-system-x86_64';
}

/** Which virtio transport a machine uses: `microvm` has only virtio-mmio; `q35` and `virt` get PCI devices. */
function device(machine: QemuMachine, kind: 'blk' | 'net' | 'rng' | '9p'): string {
  return machine === 'microvm' ? `virtio-${kind}-device` : `virtio-${kind}-pci`;
}

function cpuModel(accel: VmAccel): string {
  // `host` passes the real CPU through (KVM, HVF); TCG emulates the richest model it has.
  return accel === 'tcg' ? 'max' : 'host';
}

/** TCG's translation cache: QEMU 7.2 reserves 1 GiB by default (host RSS ~1.2 GiB at ready); 256 MiB is plenty for the guest's boot and engine. */
export const TCG_TB_SIZE_MIB = 256;

function accelOption(accel: VmAccel): string {
  return accel === 'tcg' ? `tcg,tb-size=${TCG_TB_SIZE_MIB}` : accel;
}

function machineOption(input: QemuArgsInput, memoryBackend: string | undefined): string {
  const options: string[] = [input.machine];
  // An RTC so the guest has the time at boot; the contract's BERTH_TIME covers machines without one.
  if (input.machine === 'microvm') options.push('rtc=on');
  if (input.machine === 'virt' && input.accel === 'hvf') options.push('highmem=on');
  if (memoryBackend) options.push(`memory-backend=${memoryBackend}`);
  return options.join(',');
}

/**
 * The whole QEMU command line for one boot, as a pure function of the machine's description, so each
 * architecture / accelerator / share combination is unit-tested without starting anything.
 * QEMU starts paused (`-S`): Berth connects to QMP first, then lets the guest run (`cont`), so no early event is lost.
 */
export function qemuArguments(input: QemuArgsInput): string[] {
  if (input.arch === 'x86_64' && input.machine === 'virt') throw new Error('The virt machine is for aarch64 guests; x86_64 uses microvm or q35.');
  if (input.arch === 'aarch64' && input.machine !== 'virt') throw new Error(`aarch64 guests use the virt machine, not ${input.machine}.`);
  if (input.accel === 'hvf' && input.share.type === 'virtiofs') throw new Error('virtiofs needs virtiofsd, which runs only on Linux hosts; use 9p with HVF.');
  // vhost-user (virtiofsd) maps the guest's RAM, so the RAM must be a shared memory backend.
  const memoryBackend = input.share.type === 'virtiofs' ? 'mem' : undefined;
  const args = [
    '-name', 'berth',
    '-nodefaults',
    '-no-user-config',
    '-display', 'none',
    '-S',
    '-M', machineOption(input, memoryBackend),
    '-accel', accelOption(input.accel),
    '-cpu', cpuModel(input.accel),
    '-smp', String(input.cpus),
    '-m', `${input.memoryMiB}M`,
  ];
  if (memoryBackend) args.push('-object', `memory-backend-memfd,id=${memoryBackend},size=${input.memoryMiB}M,share=on`);
  // microvm's virtio-mmio defaults to the legacy (v1) transport, which vhost-user devices (virtiofsd) refuse.
  if (input.machine === 'microvm') args.push('-global', 'virtio-mmio.force-legacy=false');
  args.push(
    '-kernel', input.kernel,
    '-initrd', input.initrd,
    '-append', input.append,
    // The serial console goes to a file that Berth keeps as the VM's log (append, so rotation by truncation works).
    '-chardev', `file,id=console,path=${input.consoleLog},append=on`,
    '-serial', 'chardev:console',
    '-qmp', `unix:${input.qmpSocket},server=on,wait=off`,
    '-pidfile', input.pidFile,
    // Disks are found by serial in the guest, never by order.
    '-drive', `file=${input.dataDisk},if=none,id=data,format=qcow2,cache=writeback,discard=unmap`,
    '-device', `${device(input.machine, 'blk')},drive=data,serial=berth-data`,
    '-drive', `file=${input.configDisk},if=none,id=config,format=raw,readonly=on`,
    '-device', `${device(input.machine, 'blk')},drive=config,serial=berth-config`,
  );
  if (input.engineDisk) {
    args.push(
      '-drive', `file=${input.engineDisk},if=none,id=engine,format=raw,readonly=on`,
      '-device', `${device(input.machine, 'blk')},drive=engine,serial=berth-engine`,
    );
  }
  args.push(
    // User-mode networking: only loopback on the host sees the engine; published ports are added at run time over QMP.
    '-netdev', `user,id=net0,hostfwd=tcp:127.0.0.1:${input.enginePort}-:${input.guestEnginePort}`,
    '-device', `${device(input.machine, 'net')},netdev=net0`,
    '-object', 'rng-random,id=rng0,filename=/dev/urandom',
    '-device', `${device(input.machine, 'rng')},rng=rng0`,
  );
  const share = input.share;
  if (share.type === 'virtiofs') {
    args.push(
      '-chardev', `socket,id=fs0,path=${share.socketPath}`,
      '-device', `${input.machine === 'microvm' ? 'vhost-user-fs-device' : 'vhost-user-fs-pci'},chardev=fs0,tag=${share.tag}`,
    );
  } else if (share.type === '9p') {
    args.push(
      '-fsdev', `local,id=fs0,path=${share.hostPath},security_model=${share.securityModel}`,
      '-device', `${device(input.machine, '9p')},fsdev=fs0,mount_tag=${share.tag}`,
    );
  }
  return args;
}

/** The command line as one copy-pasteable string, for error reports. */
export function shellQuote(args: readonly string[]): string {
  return args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export interface AccelChoiceInput {
  platform: NodeJS.Platform;
  hostArch: string;
  guestArch: QemuArch;
  /** `/dev/kvm` exists and this user may open it read-write. */
  kvmUsable: boolean;
  /** KVM was tried in this session and failed (e.g. a broken nested setup): do not try it again. */
  kvmFailed?: string;
}

/**
 * The accelerator to use: KVM on a Linux host of the guest's architecture, HVF on a Mac of the guest's architecture,
 * otherwise TCG, with the note the user sees ("slow mode") saying why.
 */
export function chooseAccel(input: AccelChoiceInput): { accel: VmAccel; note?: string } {
  const sameArch = (input.hostArch === 'x64' && input.guestArch === 'x86_64') || (input.hostArch === 'arm64' && input.guestArch === 'aarch64');
  const slow = (why: string) => ({ accel: 'tcg' as const, note: `Slow mode: no hardware virtualization (${why}). The VM runs under emulation (TCG).` });
  if (!sameArch) return slow(`the host is ${input.hostArch} and the guest ${input.guestArch}`);
  if (input.platform === 'darwin') return { accel: 'hvf' };
  if (input.platform === 'linux') {
    if (input.kvmFailed) return slow(`KVM failed: ${input.kvmFailed}`);
    if (input.kvmUsable) return { accel: 'kvm' };
    return slow('/dev/kvm is missing or not accessible to this user');
  }
  return slow(`no QEMU accelerator Berth uses on ${input.platform}`);
}

/** Whether QEMU's stderr says the accelerator itself failed (so a TCG retry makes sense), not the guest or the disks. */
export function looksLikeAccelFailure(stderr: string): boolean {
  return /\bkvm\b|KVM|MSR|hvf|HV_|accelerator/i.test(stderr);
}
