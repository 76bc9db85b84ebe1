import { z } from 'zod';
import { call, stream } from './define';
import type { EngineLogChunk } from './engine';

/** The boot steps the supervisor goes through, in order; `restart-wait` is the backoff after a crash. */
export type VmStep = 'prepare' | 'launch' | 'boot' | 'engine' | 'restart-wait';

export const VM_STEP_LABELS: Record<VmStep, string> = {
  prepare: 'preparing the disk, certificates and configuration',
  launch: 'launching QEMU',
  boot: 'booting the guest',
  engine: 'waiting for the engine to answer',
  'restart-wait': 'waiting to restart after a crash',
};

/** Why a start failed: the step, what Berth ran last, and the last lines of the VM's console. */
export interface VmFailure {
  step: VmStep;
  message: string;
  /** The last command Berth ran for this step (the QEMU command line while launching or booting). */
  command?: string;
  /** The last console lines (at most 20). */
  logTail: string[];
}

export type VmAccel = 'kvm' | 'hvf' | 'tcg';

export type VmStateName = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

export interface VmStatus {
  state: VmStateName;
  /** The current step while starting. */
  step?: VmStep;
  /** Why it is in this state (a crash and the next retry, a stop that had to kill QEMU, an adoption). */
  reason?: string;
  /** Set when state is `failed`. */
  failure?: VmFailure;
  /** False when the VM cannot run here (no QEMU, no guest image): `unavailableReason` says what to install. */
  available: boolean;
  unavailableReason?: string;
  /** The accelerator of the running (or last) boot, and the slow-mode note when it is not hardware-accelerated. */
  accel?: VmAccel;
  accelNote?: string;
  /** How the user's home is shared into the guest, or why it is not. */
  share?: { type: 'virtiofs' | '9p' | 'none'; path: string; note?: string };
  /** The engine address on the host (`tcp://127.0.0.1:<port>`, TLS) once known. */
  endpoint?: string;
  /** Where the VM keeps its files. */
  dataDir: string;
  /** The client certificate folder, laid out for `DOCKER_CERT_PATH`. */
  certDir: string;
  pid?: number;
  /** Restarts after crashes since it was started. */
  restarts: number;
  /** The guest image in use. */
  image?: { arch: string; docker?: string; kernel?: string; dir: string };
  since: number;
}

export const vmSettingsSchema = z
  .object({
    cpus: z.number().int().min(1).max(64).default(2),
    memoryMiB: z.number().int().min(512).max(262_144).default(2048),
    diskGiB: z.number().int().min(4).max(4096).default(32),
    keepRunning: z.boolean().default(false),
  })
  .strict();
export type VmSettings = z.infer<typeof vmSettingsSchema>;

/** One published port of a container in the VM and its loopback forward on the host. */
export interface VmPortForward {
  protocol: 'tcp' | 'udp';
  hostPort: number;
  containerId: string;
  containerName: string;
  /** `active` once QEMU forwards it; `failed` with the reason (e.g. the host port is taken). */
  state: 'active' | 'failed';
  error?: string;
}

export interface VmResources {
  /** Resident memory of QEMU (and virtiofsd) on the host, in bytes. */
  rssBytes: number;
  processes: { name: string; pid: number; rssBytes: number }[];
  /** Size of the data disk image on the host, in bytes (allocated, not its virtual size). */
  diskAllocatedBytes: number;
  sampledAt: number;
}

/** The VM's console is tailed like the managed engine's log: the first batch is the tail, then new lines. */
export type VmLogChunk = EngineLogChunk;

const empty = z.object({}).strict();

export const vmContract = {
  'vm.status': stream(empty).emits<VmStatus>(),
  'vm.start': call(empty).returns<VmStatus>(),
  'vm.stop': call(empty).returns<VmStatus>(),
  'vm.restart': call(empty).returns<VmStatus>(),
  /** Deletes the VM's disk (images, containers, volumes) and certificates; only while stopped. */
  'vm.delete': call(empty).returns<VmStatus>(),
  'vm.settings.get': call(empty).returns<VmSettings>(),
  /** CPUs and memory apply at the next boot; the disk only grows, and only while the VM is stopped. */
  'vm.settings.set': call(vmSettingsSchema.partial().strict()).returns<VmSettings>(),
  'vm.log': stream(z.object({ tailLines: z.number().int().min(0).max(5000).default(300) }).strict()).emits<VmLogChunk>(),
  'vm.ports': stream(empty).emits<VmPortForward[]>(),
  /** Samples host memory use every few seconds, only while subscribed. */
  'vm.resources': stream(empty).emits<VmResources>(),
};
