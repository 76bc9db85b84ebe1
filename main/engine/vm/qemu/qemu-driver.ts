import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { VmAccel, VmResources } from '../../../../common/contract/vm';
import { isProcessAlive, processArguments, readPidFile, sleep, terminatePid, waitForPidExit, which } from '../../process-tools';
import type { VmAvailability, VmDriver, VmInstance, VmMachine } from '../vm-driver';
import { qemuInstallHint } from './install-hint';
import { chooseAccel, kernelCommandLine, looksLikeAccelFailure, qemuArguments, qemuBinary, shellQuote, type QemuArch, type QemuMachine, type QemuShare } from './qemu-args';
import { QmpClient } from './qmp-client';

const run = promisify(execFile);
const QMP_WAIT_MS = 15_000;
const VIRTIOFSD_WAIT_MS = 5_000;
export const VIRTIOFSD_PATHS = ['/usr/lib/qemu/virtiofsd', '/usr/libexec/virtiofsd', '/usr/lib/virtiofsd'];

export interface QemuDriverOptions {
  platform?: NodeJS.Platform;
  hostArch?: string;
  /** `q35` (default on x86_64) or `microvm`. */
  machine?: QemuMachine;
  /** Override the accelerator (tests; `BERTH_VM_ACCEL`). */
  accel?: VmAccel;
  qemuPath?: string | null;
  qemuImgPath?: string | null;
  virtiofsdPath?: string | null;
  log?: (message: string, error?: unknown) => void;
}

/** The machine's files, all under its directory; sockets in the (short) runtime directory. */
export function qemuPaths(machine: Pick<VmMachine, 'dir' | 'runDir'>) {
  return {
    disk: path.join(machine.dir, 'disk.qcow2'),
    pidFile: path.join(machine.dir, 'qemu.pid'),
    stderr: path.join(machine.dir, 'qemu.stderr'),
    virtiofsdPidFile: path.join(machine.dir, 'virtiofsd.pid'),
    virtiofsdLog: path.join(machine.dir, 'virtiofsd.log'),
    runState: path.join(machine.dir, 'run.json'),
    qmpSocket: path.join(machine.runDir, 'qmp.sock'),
    fsSocket: path.join(machine.runDir, 'fs.sock'),
  };
}

/** What an adopting Berth needs to know about a running machine that its pid file and QMP socket do not say. */
interface RunState {
  accel: VmAccel;
  accelNote?: string;
  commandLine: string;
  virtiofsdPid?: number;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was killed by ${signal}`;
  if (code === null) return 'disappeared';
  return `exited with code ${code}`;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** The pid and its direct children (virtiofsd forks its worker). */
async function withChildren(pid: number): Promise<number[]> {
  const pids = [pid];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === pid) pids.push(Number(entry));
  }
  return pids;
}

function kvmUsable(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * QEMU as Berth's hypervisor: KVM on Linux, HVF on macOS, TCG otherwise (or when KVM fails: tried once per session,
 * then TCG with a note). The guest's console goes to a file, QMP to a unix socket; virtiofsd (when the home is
 * shared that way) is spawned alongside and dies with QEMU. Both run in their own process group so Ctrl-C in
 * Berth's terminal does not reach them, and so a "keep running" VM outlives Berth.
 */
export class QemuDriver implements VmDriver {
  readonly name = 'qemu';
  private readonly platform: NodeJS.Platform;
  private readonly hostArch: string;
  private readonly guestArch: QemuArch;
  private readonly machineType: QemuMachine;
  private readonly qemuPath?: string;
  private readonly qemuImgPath?: string;
  readonly virtiofsdPath?: string;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly forcedAccel?: VmAccel;
  /** Why KVM failed earlier in this session; then TCG is used directly. */
  private kvmFailed?: string;

  constructor(options: QemuDriverOptions = {}) {
    this.platform = options.platform ?? process.platform;
    this.hostArch = options.hostArch ?? process.arch;
    this.guestArch = this.hostArch === 'arm64' ? 'aarch64' : 'x86_64';
    // q35 by default on x86_64: measured here under TCG, microvm with modern virtio-mmio (which virtiofsd's
    // vhost-user requires) hangs the guest kernel's timer calibration, and legacy mmio cannot carry virtiofs.
    // microvm stays available (BERTH_VM_MACHINE=microvm) for hosts where it works.
    this.machineType = this.guestArch === 'aarch64' ? 'virt' : (options.machine ?? (process.env.BERTH_VM_MACHINE === 'microvm' ? 'microvm' : 'q35'));
    this.qemuPath = options.qemuPath === null ? undefined : (options.qemuPath ?? which(qemuBinary(this.guestArch)));
    this.qemuImgPath = options.qemuImgPath === null ? undefined : (options.qemuImgPath ?? which('qemu-img'));
    this.virtiofsdPath =
      options.virtiofsdPath === null ? undefined : (options.virtiofsdPath ?? (this.platform === 'linux' ? VIRTIOFSD_PATHS.find((candidate) => existsSync(candidate)) ?? which('virtiofsd') : undefined));
    const fromEnv = process.env.BERTH_VM_ACCEL;
    this.forcedAccel = options.accel ?? (fromEnv === 'kvm' || fromEnv === 'hvf' || fromEnv === 'tcg' ? fromEnv : undefined);
    this.log = options.log ?? (() => undefined);
  }

  availability(): VmAvailability {
    if (!this.qemuPath) return { ok: false, reason: qemuInstallHint(qemuBinary(this.guestArch), this.guestArch, this.platform) };
    if (!this.qemuImgPath) return { ok: false, reason: qemuInstallHint('qemu-img', this.guestArch, this.platform) };
    return { ok: true };
  }

  get canServeVirtiofs(): boolean {
    // The C virtiofsd sandboxes itself with namespaces and needs root for them.
    return Boolean(this.virtiofsdPath) && this.platform === 'linux' && process.getuid?.() === 0;
  }

  logFile(machine: VmMachine): string {
    return machine.consoleLog;
  }

  /** The accelerator the next start will try, with the slow-mode note when it is not hardware virtualization. */
  accelChoice(): { accel: VmAccel; note?: string } {
    if (this.forcedAccel) return { accel: this.forcedAccel, ...(this.forcedAccel === 'tcg' ? { note: 'Slow mode: no hardware virtualization (TCG was chosen with BERTH_VM_ACCEL). The VM runs under emulation.' } : {}) };
    return chooseAccel({ platform: this.platform, hostArch: this.hostArch, guestArch: this.guestArch, kvmUsable: this.platform === 'linux' && kvmUsable(), kvmFailed: this.kvmFailed });
  }

  async create(machine: VmMachine): Promise<void> {
    const { disk } = qemuPaths(machine);
    await mkdir(machine.dir, { recursive: true, mode: 0o700 });
    const wanted = machine.diskGiB * 1024 ** 3;
    if (!existsSync(disk)) {
      await run(this.qemuImgPath!, ['create', '-q', '-f', 'qcow2', disk, `${machine.diskGiB}G`]);
      return;
    }
    const { stdout } = await run(this.qemuImgPath!, ['info', '--output=json', '-U', disk]);
    const size = (JSON.parse(stdout) as { 'virtual-size': number })['virtual-size'];
    // Grow only: the guest's resize2fs takes the file system to the new size at the next boot.
    if (size < wanted) await run(this.qemuImgPath!, ['resize', '-q', disk, `${machine.diskGiB}G`]);
  }

  async state(machine: VmMachine): Promise<'running' | 'stopped'> {
    return (await this.ownQemu(machine)) ? 'running' : 'stopped';
  }

  async delete(machine: VmMachine): Promise<void> {
    if (await this.ownQemu(machine)) throw new Error('The VM is running; stop it before deleting it.');
    await rm(machine.dir, { recursive: true, force: true });
    if (machine.runDir !== path.join(machine.dir, 'run')) await rm(machine.runDir, { recursive: true, force: true });
  }

  async start(machine: VmMachine, signal: AbortSignal): Promise<VmInstance> {
    const first = this.accelChoice();
    try {
      return await this.launch(machine, first, signal);
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? '';
      if (first.accel !== 'kvm' || this.forcedAccel || !looksLikeAccelFailure(stderr) || signal.aborted) throw err;
      // KVM is there but does not work (seen: a nested setup whose kernel refuses MSR 0x10a): TCG, and say so.
      this.kvmFailed = stderr.split('\n').map((line) => line.replace(/^qemu-system-\w+:\s*(error:\s*)?/, '').trim()).find(Boolean) ?? 'QEMU could not start with KVM';
      this.log(`KVM failed (${this.kvmFailed}); using TCG`);
      return this.launch(machine, this.accelChoice(), signal);
    }
  }

  async adopt(machine: VmMachine): Promise<VmInstance | undefined> {
    const paths = qemuPaths(machine);
    const pid = await this.ownQemu(machine);
    if (!pid) return undefined;
    let runState: RunState;
    try {
      runState = JSON.parse(await readFile(paths.runState, 'utf8')) as RunState;
    } catch {
      return undefined;
    }
    const qmp = await QmpClient.connect(paths.qmpSocket, 3000).catch(() => undefined);
    if (!qmp) return undefined;
    const virtiofsd = runState.virtiofsdPid && isProcessAlive(runState.virtiofsdPid) ? runState.virtiofsdPid : undefined;
    return this.instance(machine, { pid, qmp, accel: runState.accel, accelNote: runState.accelNote, commandLine: runState.commandLine, virtiofsdPid: virtiofsd });
  }

  /** The pid in the machine's pid file, if that process is alive and is QEMU running this machine's disk. */
  private async ownQemu(machine: VmMachine): Promise<number | undefined> {
    const paths = qemuPaths(machine);
    const pid = await readPidFile(paths.pidFile);
    if (!pid || !isProcessAlive(pid)) return undefined;
    const args = await processArguments(pid);
    return args?.some((arg) => arg.includes(paths.disk)) ? pid : undefined;
  }

  private shareFor(machine: VmMachine): QemuShare {
    const paths = qemuPaths(machine);
    const { share } = machine;
    if (share.type === 'virtiofs') return { type: 'virtiofs', socketPath: paths.fsSocket, tag: share.tag };
    if (share.type === '9p') return { type: '9p', hostPath: share.hostPath, tag: share.tag, securityModel: process.getuid?.() === 0 ? 'passthrough' : 'none' };
    return { type: 'none' };
  }

  private async launch(machine: VmMachine, accel: { accel: VmAccel; note?: string }, signal: AbortSignal): Promise<VmInstance> {
    const paths = qemuPaths(machine);
    await mkdir(machine.runDir, { recursive: true, mode: 0o700 });
    await Promise.all([paths.qmpSocket, paths.fsSocket, paths.pidFile, paths.virtiofsdPidFile].map((file) => rm(file, { force: true })));
    const args = qemuArguments({
      arch: this.guestArch,
      machine: this.machineType,
      accel: accel.accel,
      cpus: machine.cpus,
      memoryMiB: machine.memoryMiB,
      kernel: machine.image.kernel,
      initrd: machine.image.initrd,
      append: kernelCommandLine(this.guestArch),
      dataDisk: paths.disk,
      configDisk: machine.configDisk,
      ...(machine.image.engineDisk ? { engineDisk: machine.image.engineDisk } : {}),
      consoleLog: machine.consoleLog,
      qmpSocket: paths.qmpSocket,
      pidFile: paths.pidFile,
      enginePort: machine.enginePort,
      guestEnginePort: machine.guestEnginePort,
      share: this.shareFor(machine),
    });
    const commandLine = shellQuote([this.qemuPath!, ...args]);
    const virtiofsd = machine.share.type === 'virtiofs' ? await this.spawnVirtiofsd(machine) : undefined;
    let child: ChildProcess | undefined;
    try {
      const stderrFile = await open(paths.stderr, 'w');
      try {
        child = spawn(this.qemuPath!, args, { stdio: ['ignore', stderrFile.fd, stderrFile.fd], detached: true });
      } finally {
        await stderrFile.close();
      }
      const spawned = child;
      const exit = new Promise<string>((resolve) => {
        spawned.once('exit', (code, sig) => resolve(describeExit(code, sig)));
        spawned.once('error', (err) => resolve(`could not be started (${err.message})`));
      });
      const qmp = await this.connectQmp(paths.qmpSocket, exit, signal);
      if (!qmp) {
        const how = await Promise.race([exit, sleep(2000).then(() => 'did not open its QMP socket')]);
        const stderr = (await readFile(paths.stderr, 'utf8').catch(() => '')).trim();
        throw Object.assign(new Error(signal.aborted ? 'The start was cancelled.' : `QEMU ${how}.${stderr ? ` It said: ${stderr.split('\n').slice(-5).join(' / ')}` : ''}`), { stderr, commandLine });
      }
      await writeFile(paths.runState, `${JSON.stringify({ accel: accel.accel, accelNote: accel.note, commandLine, virtiofsdPid: virtiofsd?.pid } satisfies RunState)}\n`, { mode: 0o600 });
      try {
        await qmp.execute('cont');
      } catch (err) {
        const stderr = (await readFile(paths.stderr, 'utf8').catch(() => '')).trim();
        await qmp.close();
        throw Object.assign(new Error(`QEMU stopped as the guest was let run: ${stderr || (err as Error).message}`), { stderr, commandLine });
      }
      spawned.unref();
      return this.instance(machine, { pid: spawned.pid!, child: spawned, exit, qmp, accel: accel.accel, accelNote: accel.note, commandLine, virtiofsdPid: virtiofsd?.pid });
    } catch (err) {
      if (child?.pid && isProcessAlive(child.pid)) await terminatePid(child.pid, 1000);
      if (virtiofsd?.pid) await terminatePid(virtiofsd.pid, 1000);
      (err as { commandLine?: string }).commandLine ??= commandLine;
      throw err;
    }
  }

  private async connectQmp(socketPath: string, exit: Promise<string>, signal: AbortSignal): Promise<QmpClient | undefined> {
    let exited = false;
    void exit.then(() => (exited = true));
    const deadline = Date.now() + QMP_WAIT_MS;
    while (!exited && !signal.aborted && Date.now() < deadline) {
      if (existsSync(socketPath)) {
        const qmp = await QmpClient.connect(socketPath, 3000).catch(() => undefined);
        if (qmp) return qmp;
      }
      await sleep(30);
    }
    return undefined;
  }

  private async spawnVirtiofsd(machine: VmMachine): Promise<ChildProcess> {
    const paths = qemuPaths(machine);
    const log = await open(paths.virtiofsdLog, 'w');
    let child: ChildProcess;
    try {
      child = spawn(
        this.virtiofsdPath!,
        [`--socket-path=${paths.fsSocket}`, '-o', `source=${machine.share.hostPath}`, '-o', 'cache=auto', '-o', 'announce_submounts'],
        { stdio: ['ignore', log.fd, log.fd], detached: true },
      );
    } finally {
      await log.close();
    }
    child.unref();
    child.once('error', () => undefined);
    const deadline = Date.now() + VIRTIOFSD_WAIT_MS;
    while (!existsSync(paths.fsSocket)) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        const output = (await readFile(paths.virtiofsdLog, 'utf8').catch(() => '')).trim();
        if (child.pid) await terminatePid(child.pid, 500);
        throw new Error(`virtiofsd (sharing ${machine.share.hostPath}) did not start: ${output || 'no socket appeared'}`);
      }
      await sleep(20);
    }
    if (child.pid) await writeFile(paths.virtiofsdPidFile, `${child.pid}\n`);
    return child;
  }

  private instance(
    machine: VmMachine,
    parts: { pid: number; child?: ChildProcess; exit?: Promise<string>; qmp: QmpClient; accel: VmAccel; accelNote?: string; commandLine: string; virtiofsdPid?: number },
  ): VmInstance {
    const { pid, qmp, virtiofsdPid } = parts;
    const paths = qemuPaths(machine);
    let detached = false;
    // An adopted QEMU has no exit event: its QMP socket closing is the signal (then wait for the pid to go).
    const exited = (parts.exit ?? qmp.closed.then(async () => ((await waitForPidExit(pid, 5000)) ? 'exited' : 'closed its QMP socket'))).then(async (how) => {
      if (!detached) {
        await qmp.close();
        if (virtiofsdPid) await terminatePid(virtiofsdPid, 1000);
        await Promise.all([paths.qmpSocket, paths.fsSocket, paths.pidFile, paths.virtiofsdPidFile].map((file) => rm(file, { force: true })));
      }
      return how;
    });
    const kill = async () => {
      if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
      await exited;
    };
    return {
      pid,
      accel: parts.accel,
      ...(parts.accelNote ? { accelNote: parts.accelNote } : {}),
      commandLine: parts.commandLine,
      exited,
      human: (commandLine) => qmp.human(commandLine),
      stop: async (timeoutMs) => {
        const gone = Promise.race([exited.then(() => true), sleep(timeoutMs).then(() => false)]);
        await qmp.execute('system_powerdown').catch(() => undefined);
        if (await gone) return 'clean';
        this.log(`the VM did not power off within ${timeoutMs / 1000} s; killing QEMU`);
        await kill();
        return 'killed';
      },
      kill,
      detach: () => {
        detached = true;
        parts.child?.removeAllListeners();
        parts.child?.unref();
        void qmp.close();
      },
      resources: async (): Promise<VmResources> => {
        const pids = [{ name: 'qemu', pid }, ...(virtiofsdPid ? (await withChildren(virtiofsdPid)).map((child) => ({ name: 'virtiofsd', pid: child })) : [])];
        const processes = await Promise.all(pids.map(async (entry) => ({ ...entry, rssBytes: await rssOf(entry.pid) })));
        const disk = await stat(paths.disk).catch(() => undefined);
        return {
          rssBytes: processes.reduce((sum, entry) => sum + entry.rssBytes, 0),
          processes: processes.filter((entry) => entry.rssBytes > 0),
          diskAllocatedBytes: disk ? disk.blocks * 512 : 0,
          sampledAt: Date.now(),
        };
      },
    };
  }
}
