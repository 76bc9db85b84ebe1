import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ManagedEngineState, ManagedEngineStatus } from '../../common/contract/engine';
import { dockerdInstallHint } from './install-hint';
import { ENGINE_LISTENER_LIMIT } from './listener-limit';
import { rotateLogIfLarge, tailLines } from './log-file';
import {
  deleteBridge,
  ensureBridge,
  isProcessAlive,
  otherEngineTraces,
  pingSocket,
  processArguments,
  readPidFile,
  sleep,
  terminatePid,
  unmountUnder,
  which,
} from './process-tools';

/** Unix socket paths are limited to 108 bytes including the terminator. */
const MAX_SOCKET_PATH = 104;
const SUPERVISE_INTERVAL_MS = 1000;
const LOG_CHECK_EVERY_TICKS = 30;

export interface ManagedEngineOptions {
  /** Berth's data directory; the engine's files live in `<dataDir>/engine`. */
  dataDir: string;
  /** Path to dockerd; `null` means "not installed". Defaults to a PATH lookup. */
  dockerdPath?: string | null;
  /** Path to `ip` (iproute2) for the private bridge; `null` skips the bridge. */
  ipPath?: string | null;
  /**
   * Whether another engine may run on this machine; then the managed engine keeps its hands off iptables.
   * Defaults to "docker0 exists or another engine process runs".
   */
  isolateNetwork?: () => boolean;
  log?: (message: string, error?: unknown) => void;
  restartBackoff?: { initialMs: number; maxMs: number };
  /** Crashes within `fastFailureWindowMs` of starting, in a row, after which Berth stops restarting it. */
  maxFastFailures?: number;
  fastFailureWindowMs?: number;
  stopTimeoutMs?: number;
  readyTimeoutMs?: number;
  logMaxBytes?: number;
  platform?: NodeJS.Platform;
}

/** Where the managed engine keeps its files: short names, since the socket path length is limited. */
export function managedEnginePaths(dataDir: string) {
  const dir = path.join(dataDir, 'engine');
  return {
    dir,
    dataRoot: path.join(dir, 'data'),
    execRoot: path.join(dir, 'exec'),
    socketPath: path.join(dir, 'docker.sock'),
    pidFile: path.join(dir, 'docker.pid'),
    logFile: path.join(dir, 'dockerd.log'),
    configFile: path.join(dir, 'daemon.json'),
  };
}

export function managedEngineEndpoint(dataDir: string): string {
  return `unix://${managedEnginePaths(dataDir).socketPath}`;
}

export interface PrivateDockerdLayout {
  configFile: string;
  dataRoot: string;
  execRoot: string;
  pidFile: string;
  socketPath: string;
  /** A bridge of its own instead of docker0. */
  bridge?: string;
  /** Leave iptables alone (another engine runs on this machine). */
  isolateNetwork: boolean;
}

/** The arguments of a dockerd that shares nothing with the system's engine (also used by the benchmark). */
export function privateDockerdArguments(layout: PrivateDockerdLayout): string[] {
  return [
    '--config-file', layout.configFile,
    '--data-root', layout.dataRoot,
    '--exec-root', layout.execRoot,
    '--pidfile', layout.pidFile,
    '-H', `unix://${layout.socketPath}`,
    ...(layout.bridge ? ['--bridge', layout.bridge] : []),
    ...(layout.isolateNetwork ? ['--iptables=false', '--ip6tables=false'] : []),
  ];
}

/** A bridge name (≤ 15 chars) and subnet derived from the data directory, so two Berth data dirs never collide. */
export function managedEngineBridge(dataDir: string): { name: string; gatewayCidr: string } {
  const digest = createHash('sha256').update(managedEnginePaths(dataDir).dir).digest();
  return { name: `berth${digest.subarray(0, 3).toString('hex')}`, gatewayCidr: `10.${96 + (digest[3]! % 32)}.${digest[4]}.1/24` };
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was killed by ${signal}`;
  if (code === null) return 'disappeared';
  return `exited with code ${code}`;
}

/**
 * Berth's own dockerd: private data root, exec root, pidfile and socket under Berth's data directory, its own bridge,
 * its log in a rotating file. It is supervised: a crash is followed by a restart after a capped exponential backoff,
 * and repeated crashes right after starting make Berth give up and say why. A dockerd left running by an earlier
 * Berth (keep-running, or Berth was killed) is adopted; stale pid files and sockets from a killed run are cleared.
 */
export class ManagedEngine {
  readonly paths: ReturnType<typeof managedEnginePaths>;
  readonly endpoint: string;
  private readonly options: Required<Omit<ManagedEngineOptions, 'dockerdPath' | 'ipPath' | 'isolateNetwork' | 'log'>>;
  private readonly dockerdPath: string | undefined;
  private readonly ipPath: string | undefined;
  private readonly isolateNetwork: () => boolean;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly emitter = new EventEmitter();
  private current: ManagedEngineStatus;
  /** True while the user wants it up: crashes are restarted only then. */
  private wanted = false;
  private child?: ChildProcess;
  private pid?: number;
  private runningSince?: number;
  private fastFailures = 0;
  private restartTimer?: NodeJS.Timeout;
  private superviseTimer?: NodeJS.Timeout;
  private launching?: Promise<void>;
  private stopping?: Promise<void>;

  constructor(options: ManagedEngineOptions) {
    this.paths = managedEnginePaths(options.dataDir);
    this.endpoint = managedEngineEndpoint(options.dataDir);
    this.dockerdPath = options.dockerdPath === null ? undefined : (options.dockerdPath ?? which('dockerd'));
    this.ipPath = options.ipPath === null ? undefined : (options.ipPath ?? which('ip'));
    this.isolateNetwork = options.isolateNetwork ?? (() => otherEngineTraces(this.paths.dataRoot));
    this.log = options.log ?? (() => undefined);
    this.options = {
      dataDir: options.dataDir,
      restartBackoff: options.restartBackoff ?? { initialMs: 500, maxMs: 30_000 },
      maxFastFailures: options.maxFastFailures ?? 5,
      fastFailureWindowMs: options.fastFailureWindowMs ?? 10_000,
      stopTimeoutMs: options.stopTimeoutMs ?? 15_000,
      readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
      logMaxBytes: options.logMaxBytes ?? 5 * 1024 * 1024,
      platform: options.platform ?? process.platform,
    };
    // One status listener per open Engine page and the engine control; more than this is a leak Node should report.
    this.emitter.setMaxListeners(ENGINE_LISTENER_LIMIT);
    this.current = this.makeStatus('stopped', this.installed ? undefined : this.installHint());
  }

  get installed(): boolean {
    return Boolean(this.dockerdPath) && this.options.platform === 'linux';
  }

  get status(): ManagedEngineStatus {
    return this.current;
  }

  onStatus(listener: (status: ManagedEngineStatus) => void): () => void {
    this.emitter.on('status', listener);
    return () => this.emitter.off('status', listener);
  }

  /** Starts it (or adopts a running one) and resolves once it answers `/_ping`, or with the reason it could not. */
  async start(): Promise<ManagedEngineStatus> {
    await this.stopping;
    this.wanted = true;
    this.fastFailures = 0;
    clearTimeout(this.restartTimer);
    if (this.current.state === 'running') return this.current;
    await this.runLaunch();
    return this.current;
  }

  /**
   * SIGTERM, then SIGKILL after the timeout; leaves no process, pid file, socket or mount behind. The bridge stays,
   * idle, as docker0 does when Docker stops: the next start then needs no network setup.
   */
  async stop(): Promise<ManagedEngineStatus> {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    await (this.stopping ??= this.terminate().finally(() => (this.stopping = undefined)));
    return this.current;
  }

  async restart(): Promise<ManagedEngineStatus> {
    await this.stop();
    return this.start();
  }

  /** Deletes the engine's bridge (a stopped engine keeps it for a quick next start); for tests and uninstalling. */
  async removeBridge(): Promise<void> {
    if (this.ipPath) await deleteBridge(this.ipPath, managedEngineBridge(this.options.dataDir).name);
  }

  /** Berth is quitting but the user wants the engine kept running: stop supervising without stopping it. */
  detach(): void {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    clearInterval(this.superviseTimer);
    this.child?.removeAllListeners('exit');
    this.child?.unref();
    this.child = undefined;
  }

  /** One launch at a time: a second request joins the one in flight. */
  private runLaunch(): Promise<void> {
    return (this.launching ??= this.launch().finally(() => (this.launching = undefined)));
  }

  private installHint(): string {
    return dockerdInstallHint(this.options.platform);
  }

  private makeStatus(state: ManagedEngineState, reason?: string): ManagedEngineStatus {
    return {
      state,
      ...(reason ? { reason } : {}),
      installed: this.installed,
      endpoint: this.endpoint,
      dataDir: this.paths.dir,
      ...(this.pid && (state === 'running' || state === 'starting' || state === 'stopping') ? { pid: this.pid } : {}),
      restarts: this.current?.restarts ?? 0,
      since: Date.now(),
    };
  }

  private setState(state: ManagedEngineState, reason?: string, countRestart = false): void {
    const next = this.makeStatus(state, reason);
    if (countRestart) next.restarts += 1;
    this.current = next;
    this.emitter.emit('status', next);
  }

  private async launch(): Promise<void> {
    this.setState('starting');
    if (!this.installed) {
      this.wanted = false;
      this.setState('failed', this.installHint());
      return;
    }
    if (Buffer.byteLength(this.paths.socketPath) > MAX_SOCKET_PATH) {
      this.wanted = false;
      this.setState('failed', `The engine socket path ${this.paths.socketPath} is too long for a unix socket; set BERTH_DATA_DIR to a shorter directory.`);
      return;
    }
    try {
      await mkdir(this.paths.dir, { recursive: true, mode: 0o700 });
      if (await this.adoptOrClearLeftovers()) return;
      await rotateLogIfLarge(this.paths.logFile, this.options.logMaxBytes);
      const args = await this.dockerdArguments();
      if (!this.wanted) return this.setState('stopped');
      await this.spawnDockerd(args);
    } catch (err) {
      this.log('managed engine failed to start', err);
      this.wanted = false;
      this.setState('failed', `Berth could not start dockerd: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * A dockerd from an earlier Berth that still answers is adopted. Anything else left by a killed run — a pid file,
   * a containerd still holding the exec root, sockets — is cleared: a new dockerd otherwise spends half a minute
   * retrying the dead containerd's socket.
   */
  private async adoptOrClearLeftovers(): Promise<boolean> {
    const previous = await this.ownProcess(this.paths.pidFile, this.paths.dataRoot);
    if (previous && (await pingSocket(this.paths.socketPath))) {
      this.pid = previous;
      this.runningSince = Date.now();
      this.watch();
      this.setState('running', 'Adopted the engine a previous Berth left running.');
      return true;
    }
    if (previous) await terminatePid(previous, this.options.stopTimeoutMs);
    await this.clearStaleRuntimeFiles();
    return false;
  }

  private async clearStaleRuntimeFiles(): Promise<void> {
    const containerdPidFile = path.join(this.paths.execRoot, 'containerd', 'containerd.pid');
    const containerd = await this.ownProcess(containerdPidFile, this.paths.execRoot);
    if (containerd) await terminatePid(containerd, 5000);
    await rm(containerdPidFile, { force: true });
    await rm(this.paths.pidFile, { force: true });
    await rm(this.paths.socketPath, { force: true });
  }

  /** The pid in `pidFile` if that process is alive and is ours (its arguments name `marker`), not a recycled pid. */
  private async ownProcess(pidFile: string, marker: string): Promise<number | undefined> {
    const pid = await readPidFile(pidFile);
    if (!pid || !isProcessAlive(pid)) return undefined;
    const args = await processArguments(pid);
    return args?.some((arg) => arg.includes(marker)) ? pid : undefined;
  }

  private async dockerdArguments(): Promise<string[]> {
    // An empty config file keeps the system's /etc/docker/daemon.json (hosts, data-root, …) out of it.
    await writeFile(this.paths.configFile, '{}\n');
    let bridge: string | undefined;
    if (this.ipPath && process.getuid?.() === 0) {
      const wanted = managedEngineBridge(this.options.dataDir);
      await ensureBridge(this.ipPath, wanted.name, wanted.gatewayCidr);
      bridge = wanted.name;
    }
    return privateDockerdArguments({ ...this.paths, bridge, isolateNetwork: this.isolateNetwork() });
  }

  private async spawnDockerd(args: string[]): Promise<void> {
    const log = await open(this.paths.logFile, 'a');
    let child: ChildProcess;
    try {
      // Its own process group: Ctrl-C in Berth's terminal must not reach it (Berth stops it, or keeps it running).
      child = spawn(this.dockerdPath!, args, { stdio: ['ignore', log.fd, log.fd], detached: true });
    } catch (err) {
      await log.close();
      throw err;
    }
    // Recorded before anything awaits: a dockerd that dies at once must still be seen as ours when it exits.
    this.child = child;
    this.pid = child.pid;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        void this.onExit(child, describeExit(code, signal));
      });
      child.once('error', (err) => {
        resolve();
        if (child.pid === undefined) void this.onExit(child, `could not be started (${err.message})`);
      });
    });
    await log.close(); // the child holds its own copy of the descriptor
    this.watch();
    const deadline = Date.now() + this.options.readyTimeoutMs;
    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));
    while (!exitedEarly && this.child === child && this.wanted) {
      if (await pingSocket(this.paths.socketPath, 500)) {
        this.runningSince = Date.now();
        this.setState('running');
        return;
      }
      if (Date.now() > deadline) {
        this.log(`managed dockerd did not answer within ${this.options.readyTimeoutMs} ms; killing it`);
        child.kill('SIGKILL');
        return;
      }
      await sleep(50);
    }
  }

  /** Liveness of an adopted process (we get no exit event for it) and periodic log rotation. */
  private watch(): void {
    clearInterval(this.superviseTimer);
    let ticks = 0;
    this.superviseTimer = setInterval(() => {
      ticks += 1;
      if (ticks % LOG_CHECK_EVERY_TICKS === 0) void rotateLogIfLarge(this.paths.logFile, this.options.logMaxBytes).catch(() => undefined);
      if (!this.child && this.pid && !isProcessAlive(this.pid)) void this.onExit(undefined, 'disappeared');
    }, SUPERVISE_INTERVAL_MS);
    this.superviseTimer.unref();
  }

  private async onExit(child: ChildProcess | undefined, how: string): Promise<void> {
    if (child !== this.child) return;
    this.child = undefined;
    this.pid = undefined;
    clearInterval(this.superviseTimer);
    if (!this.wanted || this.stopping) return;
    const ranFor = this.runningSince === undefined ? 0 : Date.now() - this.runningSince;
    this.runningSince = undefined;
    this.fastFailures = ranFor < this.options.fastFailureWindowMs ? this.fastFailures + 1 : 1;
    const lastLine = (await tailLines(this.paths.logFile, 1)).lines[0]?.trim();
    const lastLog = lastLine ? ` Last log line: ${lastLine}` : '';
    if (this.fastFailures >= this.options.maxFastFailures) {
      this.wanted = false;
      this.setState('failed', `dockerd ${how} ${this.fastFailures} times in a row shortly after starting, so Berth stopped restarting it.${lastLog}`);
      return;
    }
    const { initialMs, maxMs } = this.options.restartBackoff;
    const delay = Math.min(maxMs, initialMs * 2 ** (this.fastFailures - 1));
    this.setState('starting', `dockerd ${how}; restarting in ${(delay / 1000).toFixed(1)} s.${lastLog}`, true);
    await this.clearStaleRuntimeFiles().catch((err) => this.log('could not clear the crashed engine\'s files', err));
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      // The crashed launch may still be winding down; restart once it has.
      void (this.launching ?? Promise.resolve()).then(() => (this.wanted ? this.runLaunch() : undefined));
    }, delay);
  }

  private async terminate(): Promise<void> {
    const spawnedBefore = this.child?.pid ?? this.pid;
    // A launch in flight notices that the engine is no longer wanted and returns; what it spawned is stopped below.
    await this.launching?.catch(() => undefined);
    const pid = this.child?.pid ?? this.pid ?? spawnedBefore;
    if (!pid || !isProcessAlive(pid)) {
      this.forgetProcess();
      // Without dockerd there is nothing to stop: the install hint stays the reason.
      this.setState(this.installed ? 'stopped' : 'failed', this.installed ? undefined : this.installHint());
      return;
    }
    this.setState('stopping');
    const outcome = await terminatePid(pid, this.options.stopTimeoutMs);
    this.forgetProcess();
    await this.clearStaleRuntimeFiles().catch((err) => this.log('could not clear the engine\'s runtime files', err));
    // dockerd leaves its data root mounted after a crash; a stopped engine must leave nothing mounted behind.
    await unmountUnder(this.paths.dir).catch((err) => this.log('could not unmount the engine\'s directories', err));
    this.setState('stopped', outcome === 'killed' ? `dockerd did not stop within ${this.options.stopTimeoutMs / 1000} s and was killed.` : undefined);
  }

  private forgetProcess(): void {
    this.child = undefined;
    this.pid = undefined;
    this.runningSince = undefined;
    clearInterval(this.superviseTimer);
  }
}
