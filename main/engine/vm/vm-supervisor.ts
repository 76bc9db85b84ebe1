import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { VM_STEP_LABELS, type VmFailure, type VmPortForward, type VmResources, type VmSettings, type VmStatus, type VmStep } from '../../../common/contract/vm';
import { ApiError } from '../../../common/errors';
import type { EngineTarget } from '../endpoint';
import { followFile, rotateLogIfLarge, tailLines } from '../log-file';
import { freeLoopbackPort, sleep } from '../process-tools';
import { writeConfigDisk } from './config-disk';
import { PortForwarder } from './qemu/port-forwards';
import { ensureVmCertificates, vmCertPaths } from './vm-certs';
import type { VmDriver, VmInstance, VmMachine, VmShare } from './vm-driver';
import { findVmImage, shortRuntimeDir, type VmImage } from './vm-image';
import { transition, type VmEvent, type VmState } from './vm-state';

export const VM_NAME = "Berth's VM";
const GUEST_ENGINE_PORT = 2376;
const SHARE_TAG = 'home';
const LOG_TAIL_LINES = 20;
const READY_MARKER = 'berth-guest: ready';
const FAILED_MARKER = /berth-guest: failed (\S+): (.*)$/;

export interface VmSettingsAccess {
  get(): VmSettings;
  set(next: VmSettings): void;
}

export interface VmSupervisorOptions {
  /** Berth's data directory; the machine lives in `<dataDir>/vm/default`. */
  dataDir: string;
  driver: VmDriver;
  settings: VmSettingsAccess;
  /** Finds the guest image (default: `findVmImage()`). */
  image?: () => VmImage | { missing: string };
  /** The folder shared into the guest at the same path (default: the user's home). */
  homeDir?: string;
  log?: (message: string, error?: unknown) => void;
  restartBackoff?: { initialMs: number; maxMs: number };
  /** Crashes within `fastFailureWindowMs` of being up, in a row, after which Berth stops restarting it. */
  maxFastFailures?: number;
  fastFailureWindowMs?: number;
  /** From launch to `berth-guest: ready` on the console. */
  bootTimeoutMs?: number;
  /** From `ready` to the engine answering through the forwarded port. */
  engineTimeoutMs?: number;
  stopTimeoutMs?: number;
  logMaxBytes?: number;
  /** Asks the engine whether it answers (default: `GET /_ping` over TLS). */
  pingEngine?: (target: EngineTarget) => Promise<boolean>;
  /** Keep QEMU's loopback forwards equal to the published ports (default true). */
  forwardPorts?: boolean;
}

/** The share type the guest image and this host both support: virtiofs first, then 9p, else none with the reason. */
export function chooseShare(input: { imageShares: readonly string[]; platform: NodeJS.Platform; canServeVirtiofs: boolean; homeDir: string }): VmShare {
  const { imageShares, homeDir } = input;
  if (imageShares.includes('virtiofs') && input.canServeVirtiofs) return { type: 'virtiofs', hostPath: homeDir, tag: SHARE_TAG };
  if (imageShares.includes('9p') && (input.platform === 'linux' || input.platform === 'darwin')) return { type: '9p', hostPath: homeDir, tag: SHARE_TAG };
  const why = imageShares.length === 0
    ? 'the guest image supports no file sharing'
    : `the guest image shares only by ${imageShares.join(', ')}, which this host cannot serve${imageShares.includes('virtiofs') ? ' (virtiofsd is missing, or Berth does not run as root)' : ''}`;
  return { type: 'none', hostPath: homeDir, note: `Your home folder is not shared into the VM: ${why}. Bind mounts of host folders will be empty.` };
}

/** `GET /_ping` over TLS with the machine's client certificate. */
export function pingTlsEngine(target: EngineTarget, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const url = new URL(target.url.replace(/^tcp:/, 'https:'));
    let ca: Buffer, cert: Buffer, key: Buffer;
    void Promise.all([readFile(target.tls!.caPath!), readFile(target.tls!.certPath!), readFile(target.tls!.keyPath!)]).then(
      (files) => {
        [ca, cert, key] = files;
        const request = https.get({ host: url.hostname, port: Number(url.port), path: '/_ping', ca, cert, key, agent: false, timeout: timeoutMs }, (response) => {
          response.resume();
          resolve(response.statusCode === 200);
        });
        request.on('timeout', () => request.destroy());
        request.on('error', () => resolve(false));
      },
      () => resolve(false),
    );
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A step failed: carries what the user needs to see (the step, the last command, the console's tail). */
class StepFailure extends Error {
  constructor(
    readonly step: VmStep,
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

class Aborted extends Error {}

type BootOutcome = { kind: 'ready' } | { kind: 'failed'; step: string; reason: string } | { kind: 'exited'; how: string } | { kind: 'timeout' };

/**
 * Berth's VM: the only place its state changes (`setState`, through the pure `transition` table). Start, stop,
 * restart and delete take one lock, so they never interleave; a stop asked for during a start aborts it, and the
 * start checks between its steps whether it was aborted. QEMU dying (its exit, or its QMP socket closing for an
 * adopted VM) while the VM is wanted is a crash: restarted after a capped backoff, and given up on after repeated
 * fast failures. Nothing polls: boot progress comes from the console markers, liveness from the process and QMP,
 * published ports from the engine's events.
 */
export class VmSupervisor {
  readonly dir: string;
  readonly runDir: string;
  readonly certDir: string;
  readonly consoleLog: string;
  private readonly driver: VmDriver;
  private readonly settings: VmSettingsAccess;
  private readonly findImage: () => VmImage | { missing: string };
  private readonly homeDir: string;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly options: Required<Pick<VmSupervisorOptions, 'restartBackoff' | 'maxFastFailures' | 'fastFailureWindowMs' | 'bootTimeoutMs' | 'engineTimeoutMs' | 'stopTimeoutMs' | 'logMaxBytes' | 'forwardPorts'>>;
  private readonly pingEngine: (target: EngineTarget) => Promise<boolean>;
  private readonly emitter = new EventEmitter();
  private state: VmState = { kind: 'stopped' };
  private current: VmStatus;
  private lock: Promise<unknown> = Promise.resolve();
  private boot?: AbortController;
  private wanted = false;
  private instance?: VmInstance;
  private forwarder?: PortForwarder;
  private restartTimer?: NodeJS.Timeout;
  private upSince?: number;
  private fastFailures = 0;
  private restarts = 0;
  private enginePort?: number;
  private lastImage?: VmImage;
  private lastShare?: VmShare;

  constructor(options: VmSupervisorOptions) {
    this.dir = path.join(options.dataDir, 'vm', 'default');
    this.runDir = shortRuntimeDir(this.dir, createHash('sha256').update(this.dir).digest('hex').slice(0, 10));
    this.certDir = path.join(this.dir, 'certs');
    this.consoleLog = path.join(this.dir, 'console.log');
    this.driver = options.driver;
    this.settings = options.settings;
    this.findImage = options.image ?? (() => findVmImage());
    this.homeDir = options.homeDir ?? os.homedir();
    this.log = options.log ?? (() => undefined);
    this.pingEngine = options.pingEngine ?? ((target) => pingTlsEngine(target));
    this.options = {
      restartBackoff: options.restartBackoff ?? { initialMs: 1000, maxMs: 30_000 },
      maxFastFailures: options.maxFastFailures ?? 4,
      fastFailureWindowMs: options.fastFailureWindowMs ?? 60_000,
      bootTimeoutMs: options.bootTimeoutMs ?? 240_000,
      engineTimeoutMs: options.engineTimeoutMs ?? 60_000,
      stopTimeoutMs: options.stopTimeoutMs ?? 30_000,
      logMaxBytes: options.logMaxBytes ?? 2 * 1024 * 1024,
      forwardPorts: options.forwardPorts ?? true,
    };
    this.emitter.setMaxListeners(50);
    this.current = this.makeStatus();
  }

  get status(): VmStatus {
    return this.current;
  }

  /** Whether a VM can run here at all (QEMU and a guest image), and if not, what to do about it. */
  availability(): { ok: true; image: VmImage } | { ok: false; reason: string } {
    const driver = this.driver.availability();
    if (!driver.ok) return driver;
    const image = this.findImage();
    if ('missing' in image) return { ok: false, reason: image.missing };
    return { ok: true, image };
  }

  /** The engine inside the VM as Berth connects to it (TLS through the forwarded loopback port), once a port is known. */
  get target(): EngineTarget | undefined {
    if (!this.enginePort) return undefined;
    const certs = vmCertPaths(this.certDir);
    return {
      url: `tcp://127.0.0.1:${this.enginePort}`,
      tls: { caPath: certs.ca, certPath: certs.clientCert, keyPath: certs.clientKey },
      name: VM_NAME,
      source: 'vm',
      explainUnreachable: () => this.whyUnreachable(),
    };
  }

  get ports(): VmPortForward[] {
    return this.forwarder?.current ?? [];
  }

  onStatus(listener: (status: VmStatus) => void): () => void {
    this.emitter.on('status', listener);
    return () => this.emitter.off('status', listener);
  }

  onPorts(listener: (ports: VmPortForward[]) => void): () => void {
    this.emitter.on('ports', listener);
    return () => this.emitter.off('ports', listener);
  }

  /** Starts the VM (or adopts one an earlier Berth left running); resolves once its engine answers, or with why not. */
  start(): Promise<VmStatus> {
    this.wanted = true;
    this.fastFailures = 0;
    clearTimeout(this.restartTimer);
    return this.withLock(async () => {
      if (this.state.kind === 'running' || !this.wanted) return this.current;
      await this.bootOnce(false);
      return this.current;
    });
  }

  /** A clean ACPI shutdown, QEMU killed after the timeout. A start in progress is aborted first. */
  stop(): Promise<VmStatus> {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    this.boot?.abort();
    if (this.state.kind === 'starting' || this.state.kind === 'running') this.apply({ type: 'stop' });
    return this.withLock(async () => {
      await this.terminate();
      return this.current;
    });
  }

  async restart(): Promise<VmStatus> {
    await this.stop();
    return this.start();
  }

  /** Deletes the machine's disk (images, containers, volumes), certificates and logs. Only while stopped. */
  delete(): Promise<VmStatus> {
    return this.withLock(async () => {
      if (this.state.kind !== 'stopped' && this.state.kind !== 'failed') throw new ApiError('conflict', 'Stop the VM before deleting it.');
      const image = this.availability();
      await this.driver.delete(this.machineFor(image.ok ? image.image : this.lastImage, this.lastShare));
      this.enginePort = undefined;
      this.restarts = 0;
      this.setState({ kind: 'stopped', reason: "Deleted the VM's disk, certificates and log; the next start creates a new one." }, true);
      return this.current;
    });
  }

  /** Berth quits but the user keeps the VM running: stop supervising without stopping it; the next Berth adopts it. */
  detach(): void {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    this.boot?.abort();
    this.forwarder?.dispose();
    this.forwarder = undefined;
    this.instance?.detach();
    this.instance = undefined;
  }

  /** Saves resource settings: CPUs and memory apply at the next boot; the disk grows only, and only while stopped. */
  updateSettings(change: Partial<VmSettings>): Promise<VmSettings> {
    const before = this.settings.get();
    const next = { ...before, ...change };
    if (next.diskGiB === before.diskGiB) {
      this.settings.set(next);
      this.emitStatus();
      return Promise.resolve(next);
    }
    return this.withLock(async () => {
      if (next.diskGiB < before.diskGiB) throw new ApiError('invalid-input', `The disk can only grow: it is ${before.diskGiB} GiB; shrinking it would lose data.`);
      if (this.state.kind !== 'stopped' && this.state.kind !== 'failed') throw new ApiError('conflict', 'Stop the VM before growing its disk.');
      const available = this.availability();
      if (available.ok) await this.driver.create(this.machineFor(available.image, undefined, next));
      this.settings.set(next);
      this.emitStatus();
      return next;
    });
  }

  /** Host memory used by the VM's processes; undefined while it is not running. */
  async resources(): Promise<VmResources | undefined> {
    return this.instance?.resources();
  }

  private withLock<T>(work: () => Promise<T>): Promise<T> {
    const next = this.lock.then(work, work);
    this.lock = next.catch(() => undefined);
    return next;
  }

  private whyUnreachable(): string | undefined {
    const { state } = this;
    switch (state.kind) {
      case 'stopped':
        return `${VM_NAME} is stopped${state.reason ? ` (${state.reason})` : ''}; start it on the Engine page.`;
      case 'starting':
        return state.reason ? `${VM_NAME} is restarting: ${state.reason}` : `${VM_NAME} is starting: ${VM_STEP_LABELS[state.step]}.`;
      case 'stopping':
        return `${VM_NAME} is stopping.`;
      case 'failed':
        return `${VM_NAME} failed while ${VM_STEP_LABELS[state.error.step]}: ${state.error.message}`;
      case 'running':
        return undefined;
    }
  }

  private makeStatus(): VmStatus {
    const available = this.availability();
    const accel = this.instance ? { accel: this.instance.accel, note: this.instance.accelNote } : this.driver.availability().ok ? this.driver.accelChoice() : undefined;
    const image = available.ok ? available.image : this.lastImage;
    const share = this.lastShare ?? (image ? chooseShare({ imageShares: image.manifest.share, platform: process.platform, canServeVirtiofs: this.driver.canServeVirtiofs, homeDir: this.homeDir }) : undefined);
    const { state } = this;
    return {
      state: state.kind,
      ...(state.kind === 'starting' ? { step: state.step } : {}),
      ...('reason' in state && state.reason ? { reason: state.reason } : {}),
      ...(state.kind === 'failed' ? { failure: state.error } : {}),
      available: available.ok,
      ...(available.ok ? {} : { unavailableReason: available.reason }),
      ...(accel ? { accel: accel.accel, ...(accel.note ? { accelNote: accel.note } : {}) } : {}),
      ...(share ? { share: { type: share.type, path: share.hostPath, ...(share.type === 'none' ? { note: share.note } : {}) } } : {}),
      ...(this.enginePort ? { endpoint: `tcp://127.0.0.1:${this.enginePort}` } : {}),
      dataDir: this.dir,
      certDir: this.certDir,
      ...(state.kind === 'running' ? { pid: state.pid } : this.instance ? { pid: this.instance.pid } : {}),
      restarts: this.restarts,
      ...(image ? { image: { arch: image.arch, docker: image.manifest.engine.docker, kernel: image.manifest.kernel.version, dir: image.dir } } : {}),
      since: Date.now(),
    };
  }

  /** The only way the state changes: the transition table decides; a refused move is logged and ignored. */
  private apply(event: VmEvent): boolean {
    const next = transition(this.state, event);
    if (!next) {
      this.log(`VM: ignored ${event.type} while ${this.state.kind}`);
      return false;
    }
    this.setState(next);
    return true;
  }

  private setState(next: VmState, force = false): void {
    if (!force && next === this.state) return;
    this.log(`VM: ${this.state.kind} -> ${next.kind}${next.kind === 'starting' ? ` (${next.step})` : ''}`);
    this.state = next;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.current = this.makeStatus();
    this.emitter.emit('status', this.current);
  }

  private machineFor(image: VmImage | undefined, share: VmShare | undefined, settings = this.settings.get()): VmMachine {
    return {
      name: 'default',
      dir: this.dir,
      runDir: this.runDir,
      cpus: settings.cpus,
      memoryMiB: settings.memoryMiB,
      diskGiB: settings.diskGiB,
      image: image!,
      enginePort: this.enginePort ?? 0,
      guestEnginePort: GUEST_ENGINE_PORT,
      share: share ?? { type: 'none', hostPath: this.homeDir, note: '' },
      configDisk: path.join(this.dir, 'config.tar'),
      consoleLog: this.consoleLog,
    };
  }

  private async failure(step: VmStep, message: string, command?: string): Promise<VmFailure> {
    const { lines } = await tailLines(this.consoleLog, LOG_TAIL_LINES).catch(() => ({ lines: [] as string[] }));
    return { step, message, ...(command ? { command } : {}), logTail: lines };
  }

  /**
   * One boot, from preparing the files to the engine answering. `automatic` is a restart after a crash: its failure
   * counts as another crash (restarted with backoff until the limit), where a failed start asked for by the user
   * ends in `failed` at once.
   */
  private async bootOnce(automatic: boolean): Promise<void> {
    const controller = new AbortController();
    this.boot = controller;
    const { signal } = controller;
    const check = () => {
      if (signal.aborted || !this.wanted) throw new Aborted();
    };
    let step: VmStep = 'prepare';
    let command: string | undefined;
    let launched: VmInstance | undefined;
    const enter = (next: VmStep) => {
      check();
      step = next;
      this.apply({ type: 'step', step: next });
    };
    try {
      // A start asked for during a crash's backoff continues that start rather than beginning a new one.
      if (this.state.kind === 'starting') this.apply({ type: 'step', step: 'prepare' });
      else this.apply({ type: 'start' });
      const available = this.availability();
      if (!available.ok) throw new StepFailure('prepare', available.reason);
      const { image } = available;
      this.lastImage = image;
      const share = chooseShare({ imageShares: image.manifest.share, platform: process.platform, canServeVirtiofs: this.driver.canServeVirtiofs, homeDir: this.homeDir });
      this.lastShare = share;
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const certs = await ensureVmCertificates(this.certDir);
      check();
      const adopted = automatic ? undefined : await this.adopt(image, share);
      if (adopted) {
        launched = adopted;
        this.log(`VM: adopted the VM an earlier Berth left running (pid ${adopted.pid})`);
      } else {
        command = 'qemu-img create/resize';
        await this.driver.create(this.machineFor(image, share));
        this.enginePort = await this.pickEnginePort();
        await rotateLogIfLarge(this.consoleLog, this.options.logMaxBytes);
        const machine = this.machineFor(image, share);
        await writeConfigDisk(machine.configDisk, {
          hostname: 'berth',
          ipCidr: '10.0.2.15/24',
          gateway: '10.0.2.2',
          dns: '10.0.2.3',
          dockerdTcpPort: GUEST_ENGINE_PORT,
          shareType: share.type,
          shareTag: SHARE_TAG,
          sharePath: share.hostPath,
          time: Math.floor(Date.now() / 1000),
          tls: { caPem: certs.caPem, serverCertPem: certs.serverCertPem, serverKeyPem: certs.serverKeyPem },
        });
        await writeFile(path.join(this.dir, 'vm.json'), `${JSON.stringify({ enginePort: this.enginePort })}\n`);
        enter('launch');
        const consoleOffset = (await tailLines(this.consoleLog, 0)).size;
        command = undefined;
        try {
          launched = await this.driver.start(machine, signal);
        } catch (err) {
          const stderr = (err as { stderr?: string }).stderr;
          throw new StepFailure('launch', err instanceof Error ? err.message : String(err), (err as { commandLine?: string }).commandLine ?? stderr);
        }
        this.instance = launched;
        this.watchExit(launched);
        command = launched.commandLine;
        this.emitStatus(); // the accelerator (and a KVM fallback's note) is known now
        enter('boot');
        const outcome = await this.waitForBoot(consoleOffset, launched, signal);
        check();
        if (outcome.kind === 'failed') throw new StepFailure('boot', `The guest failed at its ${outcome.step} step: ${outcome.reason}`, command);
        if (outcome.kind === 'exited') throw new StepFailure('boot', `QEMU ${outcome.how} before the guest was ready.`, command);
        if (outcome.kind === 'timeout') throw new StepFailure('boot', `The guest did not say it was ready within ${this.options.bootTimeoutMs / 1000} s.`, command);
      }
      this.instance = launched;
      if (adopted) this.watchExit(adopted);
      enter('engine');
      const target = this.target!;
      command = `GET ${target.url.replace(/^tcp:/, 'https:')}/_ping (TLS, client certificate in ${this.certDir})`;
      const deadline = Date.now() + this.options.engineTimeoutMs;
      while (!(await this.pingEngine(target))) {
        check();
        if (this.instance !== launched) throw new StepFailure('engine', 'QEMU exited while Berth waited for the engine.', command);
        if (Date.now() > deadline) throw new StepFailure('engine', `The guest said it was ready, but its engine did not answer on ${target.url} within ${this.options.engineTimeoutMs / 1000} s.`, command);
        // The guest says ready when dockerd serves its socket; its TLS port opens in the same instant: retry soon.
        await sleep(100);
      }
      check();
      this.upSince = Date.now();
      this.apply({ type: 'ready', pid: launched.pid });
      if (this.options.forwardPorts) await this.startForwarding(launched, target);
    } catch (err) {
      if (err instanceof Aborted || signal.aborted) {
        if (launched) await launched.kill().catch(() => undefined);
        if (this.instance === launched) this.instance = undefined;
        if (this.state.kind === 'starting' || this.state.kind === 'stopping') this.apply({ type: 'stopped', reason: 'The start was cancelled.' });
        return;
      }
      const failure = err instanceof StepFailure ? await this.failure(err.step, err.message, err.command) : await this.failure(step, err instanceof Error ? err.message : String(err), command);
      this.log(`VM: ${failure.step} failed: ${failure.message}`);
      if (launched) await launched.kill().catch(() => undefined);
      if (this.instance === launched) this.instance = undefined;
      if (automatic) this.onCrash(`the restart failed while ${VM_STEP_LABELS[failure.step]}: ${failure.message}`, failure);
      else {
        this.wanted = false;
        this.apply({ type: 'fail', error: failure });
      }
    } finally {
      if (this.boot === controller) this.boot = undefined;
    }
  }

  private async adopt(image: VmImage, share: VmShare): Promise<VmInstance | undefined> {
    const saved = await readFile(path.join(this.dir, 'vm.json'), 'utf8').then((text) => JSON.parse(text) as { enginePort?: number }, () => undefined);
    if (!saved?.enginePort) return undefined;
    const previousPort = this.enginePort;
    this.enginePort = saved.enginePort;
    const adopted = await this.driver.adopt(this.machineFor(image, share)).catch((err) => {
      this.log('VM: could not adopt the running VM', err);
      return undefined;
    });
    if (!adopted) this.enginePort = previousPort;
    return adopted;
  }

  /** The same port as before when it is still free (so an active connection's address stays valid), else any. */
  private async pickEnginePort(): Promise<number> {
    const saved = this.enginePort ?? (await readFile(path.join(this.dir, 'vm.json'), 'utf8').then((text) => (JSON.parse(text) as { enginePort?: number }).enginePort, () => undefined));
    if (saved && (await portIsFree(saved))) return saved;
    return freeLoopbackPort();
  }

  private waitForBoot(offset: number, instance: VmInstance, signal: AbortSignal): Promise<BootOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: BootOutcome) => {
        if (settled) return;
        settled = true;
        stopFollowing();
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const scan = (lines: string[]): BootOutcome | undefined => {
        for (const line of lines) {
          const text = line.replace(/\r$/, '');
          if (text.includes(READY_MARKER)) return { kind: 'ready' };
          const failed = FAILED_MARKER.exec(text);
          if (failed) return { kind: 'failed', step: failed[1]!, reason: failed[2]!.trim() };
        }
        return undefined;
      };
      const stopFollowing = followFile(this.consoleLog, offset, (lines) => {
        const outcome = scan(lines);
        if (outcome) finish(outcome);
      }, 100);
      const timer = setTimeout(() => finish({ kind: 'timeout' }), this.options.bootTimeoutMs);
      const onAbort = () => finish({ kind: 'timeout' });
      signal.addEventListener('abort', onAbort);
      // The guest's last words (a `failed` marker before it powers off) may land after the last poll: read them first.
      void instance.exited.then(async (how) => {
        const rest = await readFile(this.consoleLog).then((data) => data.subarray(offset).toString('utf8').split('\n'), () => [] as string[]);
        const outcome = scan(rest);
        finish(outcome?.kind === 'failed' ? outcome : { kind: 'exited', how });
      });
    });
  }

  private watchExit(instance: VmInstance): void {
    void instance.exited.then((how) => {
      if (this.instance !== instance) return;
      this.instance = undefined;
      this.forwarder?.dispose();
      this.forwarder = undefined;
      this.emitter.emit('ports', []);
      // A stop in progress, or a boot that will report this itself: not a crash.
      if (!this.wanted || this.state.kind === 'stopping' || this.state.kind !== 'running') return;
      this.onCrash(`QEMU ${how}`);
    });
  }

  private onCrash(reason: string, failure?: VmFailure): void {
    const upFor = this.upSince === undefined ? 0 : Date.now() - this.upSince;
    this.upSince = undefined;
    this.fastFailures = upFor < this.options.fastFailureWindowMs ? this.fastFailures + 1 : 1;
    if (this.fastFailures >= this.options.maxFastFailures) {
      this.wanted = false;
      void (failure ? Promise.resolve(failure) : this.failure('boot', reason)).then((error) =>
        this.apply({ type: 'fail', error: { ...error, message: `${error.message} (${this.fastFailures} failures in a row shortly after starting, so Berth stopped restarting it)` } }),
      );
      return;
    }
    const { initialMs, maxMs } = this.options.restartBackoff;
    const delay = Math.min(maxMs, initialMs * 2 ** (this.fastFailures - 1));
    this.restarts += 1;
    this.apply({ type: 'crashed', reason, retryInMs: delay });
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      void this.withLock(async () => {
        if (this.wanted && this.state.kind === 'starting') await this.bootOnce(true);
      });
    }, delay);
  }

  private async startForwarding(instance: VmInstance, target: EngineTarget): Promise<void> {
    this.forwarder?.dispose();
    const forwarder = new PortForwarder(instance, target, 'net0', this.log);
    this.forwarder = forwarder;
    forwarder.onChange((ports) => this.emitter.emit('ports', ports));
    await forwarder.start().catch((err) => this.log('VM: port forwarding could not start', err));
  }

  private async terminate(): Promise<void> {
    const instance = this.instance;
    this.forwarder?.dispose();
    this.forwarder = undefined;
    this.emitter.emit('ports', []);
    if (!instance) {
      if (this.state.kind === 'starting' || this.state.kind === 'stopping') this.apply({ type: 'stopped' });
      return;
    }
    this.apply({ type: 'stop' });
    const outcome = await instance.stop(this.options.stopTimeoutMs);
    if (this.instance === instance) this.instance = undefined;
    this.apply({ type: 'stopped', ...(outcome === 'killed' ? { reason: `The VM did not power off within ${this.options.stopTimeoutMs / 1000} s, so QEMU was killed.` } : {}) });
  }
}
