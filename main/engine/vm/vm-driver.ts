import type { VmAccel, VmResources } from '../../../common/contract/vm';
import type { VmImage } from './vm-image';

/** How the user's home reaches the guest: the contract's share types. */
export type VmShare =
  | { type: 'virtiofs'; hostPath: string; tag: string }
  | { type: '9p'; hostPath: string; tag: string }
  | { type: 'none'; hostPath: string; note: string };

/** Everything a driver needs to create and boot one machine. */
export interface VmMachine {
  name: string;
  /** `<berth data dir>/vm/<name>`: disk, config disk, console log, pid files, certificates. */
  dir: string;
  /** A short directory for unix sockets (QMP, virtiofsd): socket paths are limited to ~104 bytes. */
  runDir: string;
  cpus: number;
  memoryMiB: number;
  diskGiB: number;
  image: VmImage;
  /** Loopback port on the host forwarded to the guest engine's TLS port. */
  enginePort: number;
  guestEnginePort: number;
  share: VmShare;
  /** The config disk (written by the supervisor before each boot). */
  configDisk: string;
  consoleLog: string;
}

/** One running machine, whether this Berth launched it or adopted it from an earlier run. */
export interface VmInstance {
  readonly pid: number;
  readonly accel: VmAccel;
  readonly accelNote?: string;
  /** The hypervisor's command line, shell-quoted, for error reports. */
  readonly commandLine: string;
  /** Resolves (never rejects) when the hypervisor is gone, with how it ended ("was killed by SIGKILL"). */
  readonly exited: Promise<string>;
  /** The human monitor, for run-time changes (the port forwarder's `hostfwd_add`/`hostfwd_remove`). */
  human(commandLine: string): Promise<string>;
  /** A clean shutdown (ACPI power button), then a kill after `timeoutMs`. */
  stop(timeoutMs: number): Promise<'clean' | 'killed'>;
  /** Kills the hypervisor (and its helpers) at once. */
  kill(): Promise<void>;
  /** Stops watching without stopping the machine (Berth quits, the user keeps the VM running). */
  detach(): void;
  /** Host memory of the hypervisor and its helpers, sampled now. */
  resources(): Promise<VmResources>;
}

export type VmAvailability = { ok: true } | { ok: false; reason: string };

/**
 * A hypervisor backend. QEMU today (`qemu/qemu-driver.ts`); the same supervisor could drive vfkit (macOS) or WSL.
 * A driver does what it is told and reports; it never restarts anything on its own (that is the supervisor's job).
 */
export interface VmDriver {
  readonly name: string;
  /** Whether this driver can run a VM on this host, and if not, what to install. */
  availability(): VmAvailability;
  /** The accelerator the next start will use, and the slow-mode note when it is not hardware virtualization. */
  accelChoice(): { accel: VmAccel; note?: string };
  /** Whether virtiofs can be served on this host (the driver has virtiofsd and may run it). */
  readonly canServeVirtiofs: boolean;
  /** Creates the data disk, or grows it to `diskGiB` (never shrinks). */
  create(machine: VmMachine): Promise<void>;
  /** Launches the machine; resolves once the guest runs (its boot is the supervisor's to watch on the console). */
  start(machine: VmMachine, signal: AbortSignal): Promise<VmInstance>;
  /** A machine left running by an earlier Berth (pid file + control socket), or undefined. */
  adopt(machine: VmMachine): Promise<VmInstance | undefined>;
  /** Whether the machine's hypervisor process runs. */
  state(machine: VmMachine): Promise<'running' | 'stopped'>;
  /** Removes the machine's files (disk, certificates, logs). Only for a stopped machine. */
  delete(machine: VmMachine): Promise<void>;
  /** The file the guest's console is written to: the VM's log. */
  logFile(machine: VmMachine): string;
}
