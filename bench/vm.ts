// Berth's VM against "the usual approach" (issue 13), same host, same QEMU flags, one run:
//   boot to engine API ready, Berth's guest / Debian minbase + systemd + docker.io + standard kernel   ≤ 0.35
//   QEMU host RSS 60 s after boot, idle, same ratio                                                    ≤ 0.6
//   host CPU of the idle VM over 60 s (no containers)                                                  ≤ 2% of a core
//   docker run --rm <img> true through Berth's socket into the VM vs the same command inside the guest ≤ 1.3
//   reading a 200 MB file from the shared home inside a container vs on the host                      reported
// Berth's guest is booted through Berth's own supervisor and QEMU driver (throwaway data dir); the reference guest
// (bench/vm-reference/build.ts: debootstrap, cached by recipe hash) with the command line Berth's driver builds
// (qemuArguments: same machine, accelerator, CPU model, -smp, -m, virtio-blk, user net, rng). Boots alternate;
// the first boot of each is reported apart (Berth's formats its data disk; the reference's dockerd initializes its
// data root), the ratio is on the warm boots' medians. Idle is measured one VM at a time (2 cores here).
// Prints the table and the raw numbers; never asserts on time.
//   npx tsx bench/vm.ts          needs root, qemu-system-x86 qemu-utils debootstrap, the docker CLI, deb.debian.org
//                                (first run only, to build the reference), and the guest image (built if missing).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { vmSettingsSchema, type VmSettings, type VmStatus } from '../common/contract/vm';
import { isProcessAlive, sleep, terminatePid, waitForPidExit, which } from '../main/engine/process-tools';
import { looksLikeAccelFailure, qemuArguments, type QemuMachine } from '../main/engine/vm/qemu/qemu-args';
import { QemuDriver } from '../main/engine/vm/qemu/qemu-driver';
import { QmpClient } from '../main/engine/vm/qemu/qmp-client';
import { findVmImage } from '../main/engine/vm/vm-image';
import { VmSupervisor } from '../main/engine/vm/vm-supervisor';
import { ActivityLog } from '../main/proxy/activity-log';
import { EngineProxy } from '../main/proxy/proxy-server';
import { ensureTestImage, freePort, TEST_IMAGE } from '../testing/test-engine';
import { ensureReferenceImage, REFERENCE_ENGINE_PORT } from './vm-reference/build';
import { timedShell } from './_shell';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '..');
const BOOTS = Number(process.env.BENCH_VM_BOOTS ?? 4); // per guest: the first, then warm ones
const IDLE_S = Number(process.env.BENCH_VM_IDLE_S ?? 60);
const RUNS = 10;
const SHARE_MB = 200;
const CLK_TCK = 100;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const log = (line: string) => console.error(`[bench/vm ${new Date().toISOString().slice(11, 19)}] ${line}`);

// ---------- host-side measures of a process tree ----------

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** utime + stime (all threads) of the pid and its direct children, in ticks. */
async function cpuTicks(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return ticks;
}

/**
 * Where a QEMU's resident memory is, from /proc/<pid>/smaps: the guest's RAM (the one mapping of -m's size, or the
 * memfd backend), TCG's translated-code buffer (anonymous and executable; absent under KVM/HVF), and the rest.
 */
async function qemuRssBreakdown(pid: number, memoryMiB: number): Promise<{ guestRam: number; tcgCode: number; rest: number }> {
  const text = await readFile(`/proc/${pid}/smaps`, 'utf8').catch(() => '');
  const result = { guestRam: 0, tcgCode: 0, rest: 0 };
  let bucket: keyof typeof result = 'rest';
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const size = parseInt(head[2]!, 16) - parseInt(head[1]!, 16);
      const name = head[4]!;
      bucket = size === memoryMiB * 1024 * 1024 || name.includes('memory-backend') ? 'guestRam' : !name && head[3]!.includes('x') ? 'tcgCode' : 'rest';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) result[bucket] += Number(rss[1]) * 1024;
  }
  return result;
}

interface IdleResult {
  qemuParts: { guestRam: number; tcgCode: number; rest: number };
  rss: Record<string, number>;
  cpuPercent: Record<string, number>;
}

/** Waits IDLE_S, samples RSS, then host CPU over IDLE_S more. */
async function measureIdle(processes: Record<string, number[]>, memoryMiB: number): Promise<IdleResult> {
  await sleep(IDLE_S * 1000);
  const qemuParts = await qemuRssBreakdown(processes.qemu![0]!, memoryMiB);
  const rss: Record<string, number> = {};
  for (const [name, pids] of Object.entries(processes)) rss[name] = (await Promise.all(pids.map(rssBytes))).reduce((a, b) => a + b, 0);
  const before: Record<string, number> = {};
  for (const [name, pids] of Object.entries(processes)) before[name] = await cpuTicks(pids);
  const began = performance.now();
  await sleep(IDLE_S * 1000);
  const seconds = (performance.now() - began) / 1000;
  const cpuPercent: Record<string, number> = {};
  for (const [name, pids] of Object.entries(processes)) cpuPercent[name] = ((((await cpuTicks(pids)) - before[name]!) / CLK_TCK) / seconds) * 100;
  return { qemuParts, rss, cpuPercent };
}

// ---------- console lines, stamped on the host as they appear ----------

class ConsoleStamper {
  readonly lines: { at: number; text: string }[] = [];
  private offset = 0;
  private partial = '';
  private timer?: NodeJS.Timeout;
  private reading = false;

  constructor(private readonly file: string) {}

  async start(): Promise<void> {
    this.offset = (await stat(this.file).catch(() => ({ size: 0 }))).size;
    this.timer = setInterval(() => void this.poll(), 20);
  }

  private async poll(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const handle = await open(this.file, 'r').catch(() => undefined);
      if (!handle) return;
      try {
        const { size } = await handle.stat();
        if (size < this.offset) this.offset = 0; // rotated
        if (size === this.offset) return;
        const buffer = Buffer.alloc(size - this.offset);
        await handle.read(buffer, 0, buffer.length, this.offset);
        this.offset = size;
        const at = performance.now();
        const parts = (this.partial + buffer.toString('utf8')).split('\n');
        this.partial = parts.pop() ?? '';
        for (const text of parts) this.lines.push({ at, text: text.replace(/\r$/, '') });
      } finally {
        await handle.close();
      }
    } finally {
      this.reading = false;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.poll();
  }

  first(pattern: RegExp): number | undefined {
    return this.lines.find((line) => pattern.test(line.text))?.at;
  }
}

// ---------- Berth's guest, through Berth's supervisor ----------

interface BootSample {
  ms: number;
  /** dockerd's own log lines (its time= stamps, in ms) during the boot, for where its start goes. */
  dockerd?: { ms: number; msg: string }[];
  /** Host-stamped events relative to the start call. */
  marks: Record<string, number>;
  /** The guest's own clock (uptime, ms) at its markers: `step <name>`, `/init`, `root in tmpfs`. */
  guest: Record<string, number>;
}

async function bootBerth(supervisor: VmSupervisor): Promise<BootSample> {
  const stamper = new ConsoleStamper(supervisor.consoleLog);
  await stamper.start();
  const marks: Record<string, number> = {};
  const began = performance.now();
  const off = supervisor.onStatus((status: VmStatus) => {
    if (status.state === 'starting' && status.step && marks[`supervisor:${status.step}`] === undefined) marks[`supervisor:${status.step}`] = performance.now() - began;
  });
  let status: VmStatus;
  try {
    status = await supervisor.start();
  } finally {
    off();
  }
  const ms = performance.now() - began;
  await stamper.stop();
  if (status.state !== 'running') throw new Error(`Berth's VM did not start: ${JSON.stringify(status.failure ?? status)}`);
  for (const line of stamper.lines) {
    const step = /berth-guest: (step \w+|ready)/.exec(line.text);
    const key = step ? `guest:${step[1]}` : /containerd successfully booted|level=info msg="starting containerd"/.test(line.text) ? 'containerd:log' : /API listen on/.test(line.text) ? 'dockerd:API listen' : /Starting up/.test(line.text) ? 'dockerd:Starting up' : undefined;
    if (key && marks[key] === undefined) marks[key] = line.at - began;
  }
  marks['engine answers'] = ms;
  const guest: Record<string, number> = {};
  for (const line of stamper.lines) {
    const step = /berth-guest: step (\w+) \((\d+\.\d+) s\)/.exec(line.text);
    if (step) guest[`step ${step[1]}`] ??= Number(step[2]) * 1000;
    const init = /berth-guest: \/init at (\d+\.\d+) s, root moved into a tmpfs at (\d+\.\d+) s/.exec(line.text);
    if (init) {
      guest['/init'] ??= Number(init[1]) * 1000;
      guest['root in tmpfs'] ??= Number(init[2]) * 1000;
    }
  }
  const dockerd = stamper.lines
    .map((line) => /time="([^"]+)" level=\w+ msg="((?:[^"\\]|\\.)*)"/.exec(line.text))
    .filter((match): match is RegExpExecArray => Boolean(match))
    .map((match) => ({ ms: Date.parse(match[1]!), msg: match[2]!.slice(0, 110) }));
  return { ms, marks, guest, dockerd };
}

// ---------- the reference guest, with the command line Berth's driver builds ----------

interface Reference {
  boot(): Promise<BootSample>;
  /** The accelerator the reference really ran with (KVM that fails falls back to TCG, as Berth's driver does). */
  accel: 'kvm' | 'hvf' | 'tcg';
  accelNote?: string;
  stop(): Promise<void>;
  pid(): number | undefined;
  dockerHost: string;
  cleanup(): Promise<void>;
}

function httpPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/_ping', agent: false, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

async function makeReference(work: string, settings: VmSettings, machine: QemuMachine, accel: 'kvm' | 'hvf' | 'tcg'): Promise<Reference> {
  const image = await ensureReferenceImage(log);
  const overlay = path.join(work, 'ref-root.qcow2');
  // One overlay for all boots, as a VM keeps its disk: boot 1 is the first, the others are warm.
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', image.rootImage, '-F', 'raw', overlay]);
  // qemuArguments wants a second (config) disk: an empty one, so the flags stay Berth's.
  const configDisk = path.join(work, 'ref-empty.img');
  await writeFile(configDisk, Buffer.alloc(1024 * 1024));
  const consoleLog = path.join(work, 'ref-console.log');
  const qmpSocket = path.join(work, 'ref-qmp.sock');
  const pidFile = path.join(work, 'ref-qemu.pid');
  const enginePort = await freePort();
  let child: ChildProcess | undefined;
  let qmp: QmpClient | undefined;
  const argsFor = (chosen: 'kvm' | 'hvf' | 'tcg') =>
    qemuArguments({
      arch: 'x86_64',
      machine,
      accel: chosen,
      cpus: settings.cpus,
      memoryMiB: settings.memoryMiB,
      kernel: image.kernel,
      initrd: image.initrd,
      // Berth's command line (console, quiet, panic) plus the root disk.
      append: 'root=/dev/vda rw console=ttyS0 quiet panic=-1',
      dataDisk: overlay,
      configDisk,
      consoleLog,
      qmpSocket,
      pidFile,
      enginePort,
      guestEnginePort: REFERENCE_ENGINE_PORT,
      share: { type: 'none' },
    });
  const failed = (message: string, stderr: string) => Object.assign(new Error(`${message}: ${stderr}`), { stderr });

  async function bootOnce(): Promise<BootSample> {
    const stamper = new ConsoleStamper(consoleLog);
    await writeFile(consoleLog, '', { flag: 'a' });
    await stamper.start();
    const began = performance.now();
    await rm(qmpSocket, { force: true });
    const spawned = spawn('qemu-system-x86_64', argsFor(ref.accel), { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    child = spawned;
    let stderr = '';
    spawned.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const marks: Record<string, number> = {};
    try {
      for (let waited = 0; !existsSync(qmpSocket); waited += 20) {
        if (waited > 15_000 || spawned.exitCode !== null) throw failed('reference QEMU did not start', stderr);
        await sleep(20);
      }
      // The socket file appears a moment before QEMU accepts on it: retry, as the driver does.
      for (let attempt = 0; !qmp; attempt++) {
        qmp = await QmpClient.connect(qmpSocket, 3000).catch(() => undefined);
        if (qmp) break;
        if (attempt > 100 || spawned.exitCode !== null) throw failed('reference QMP did not answer', stderr);
        await sleep(30);
      }
      await qmp.execute('cont');
      marks['qemu running'] = performance.now() - began;
      // Polled as Berth's supervisor polls its engine (every 250 ms).
      while (!(await httpPing(enginePort))) {
        if (spawned.exitCode !== null) throw failed('reference QEMU exited', stderr);
        if (performance.now() - began > 300_000) throw failed('the reference engine did not answer within 300 s', stderr);
        await sleep(250);
      }
    } catch (err) {
      await qmp?.close().catch(() => undefined);
      qmp = undefined;
      if (spawned.pid && isProcessAlive(spawned.pid)) await terminatePid(spawned.pid, 1000);
      await stamper.stop();
      throw err;
    }
    const ms = performance.now() - began;
    await stamper.stop();
    marks['engine answers'] = ms;
    return { ms, marks, guest: {} };
  }

  const ref: Reference = {
    accel,
    dockerHost: `tcp://127.0.0.1:${enginePort}`,
    pid: () => child?.pid,
    async boot() {
      try {
        return await bootOnce();
      } catch (err) {
        const stderr = (err as { stderr?: string }).stderr ?? '';
        if (ref.accel !== 'kvm' || !looksLikeAccelFailure(stderr)) throw err;
        // As Berth's driver does: KVM that fails (seen here: MSR 0x10a) is tried once, then TCG.
        ref.accelNote = `KVM failed (${stderr.split('\n')[0]?.replace(/^qemu-system-\w+:\s*(error:\s*)?/, '')}); TCG`;
        log(`reference: ${ref.accelNote}`);
        ref.accel = 'tcg';
        return bootOnce();
      }
    },
    async stop() {
      const pid = child?.pid;
      if (!pid || !isProcessAlive(pid)) return;
      // systemd's poweroff (SIGRTMIN+4 to PID 1) from a container in the host pid namespace: a clean shutdown without
      // logind/dbus (which minbase lacks, so the ACPI button is ignored); the ACPI button, then a kill, as fallbacks.
      await run('docker', ['-H', ref.dockerHost, 'run', '--rm', '--privileged', '--pid=host', TEST_IMAGE, 'kill', '-38', '1'], { timeout: 60_000 }).catch(() => undefined);
      if (!(await waitForPidExit(pid, 60_000))) {
        await qmp?.execute('system_powerdown').catch(() => undefined);
        if (!(await waitForPidExit(pid, 15_000))) await terminatePid(pid, 2000);
      }
      await qmp?.close().catch(() => undefined);
      qmp = undefined;
    },
    async cleanup() {
      const pid = child?.pid;
      if (pid && isProcessAlive(pid)) await terminatePid(pid, 2000);
    },
  };
  return ref;
}

// ---------- helpers for docker ----------


async function dockerOut(host: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run('docker', ['-H', host, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
  return stdout;
}

/** Parses "uptime-before uptime-after" pairs printed by a shell loop in the guest, in ms. */
function uptimePairs(output: string): number[] {
  return output
    .split('\n')
    .map((line) => /^T (\d+\.\d+) (\d+\.\d+)/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => Boolean(match))
    .map((match) => (Number(match[2]) - Number(match[1])) * 1000);
}

/** Where the guest clock's zero (kernel start) was in host time, from dmesg anchors; plus the kernel's own marks. */
function kernelMarks(dmesg: string): Record<string, number> {
  const marks: Record<string, number> = {};
  const at = (pattern: RegExp) => {
    const line = dmesg.split('\n').find((text) => pattern.test(text));
    const match = line && /^\[\s*(\d+\.\d+)\]/.exec(line);
    return match ? Number(match[1]) * 1000 : undefined;
  };
  const wanted: [string, RegExp][] = [
    ['initramfs unpacked (Freeing initrd memory)', /Freeing initrd memory/],
    ['Run /init', /Run \/init as init process/],
    ['bridge module loaded (in the background from the modules step)', /bridge: filtering via/],
    ['EXT4 data disk mounted (disk step)', /EXT4-fs \(vd.\): mounted/],
  ];
  for (const [name, pattern] of wanted) {
    const value = at(pattern);
    if (value !== undefined) marks[name] = value;
  }
  return marks;
}

// ---------- the run ----------

async function main(): Promise<void> {
  for (const tool of ['qemu-system-x86_64', 'qemu-img', 'docker']) if (!which(tool)) throw new Error(`bench/vm needs ${tool}: apt-get install -y qemu-system-x86 qemu-utils docker.io`);
  if (process.getuid?.() !== 0) throw new Error('bench/vm needs root (virtiofsd for the home share, debootstrap for the reference guest).');
  if ('missing' in findVmImage('amd64')) {
    log("Berth's guest image is missing: npm run build:vm-image");
    await run('npm', ['run', 'build:vm-image'], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
  }
  const image = findVmImage('amd64');
  if ('missing' in image) throw new Error(image.missing);

  const settings = vmSettingsSchema.parse({}); // the product's defaults
  const accel = new QemuDriver().accelChoice();
  const machine: QemuMachine = process.env.BERTH_VM_MACHINE === 'microvm' ? 'microvm' : 'q35'; // as QemuDriver picks it
  const work = await mkdtemp('/tmp/bvb-');
  const dataDir = path.join(work, 'data');
  const shareDir = await mkdtemp(path.join(os.homedir(), '.berth-bench-vm-'));
  let current = settings;
  // Made after the reference's first boot has found which accelerator works (a /dev/kvm that fails falls back to TCG;
  // Berth's driver would find the same on its own first start, at the cost of one failed launch).
  let supervisor: VmSupervisor | undefined;
  const newSupervisor = (forced?: 'tcg') =>
    new VmSupervisor({ dataDir, driver: new QemuDriver(forced ? { accel: forced } : {}), settings: { get: () => current, set: (next) => (current = next) } });
  const tlsEnv = { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(dataDir, 'vm', 'default', 'certs') };
  const proxySocket = path.join(work, 'docker.sock');
  const proxy = new EngineProxy({ address: proxySocket, target: () => supervisor?.target, activity: new ActivityLog() });
  let reference: Reference | undefined;
  const raw: string[] = [];
  try {
    log(`reference guest: ensuring the image (first run: debootstrap, a few minutes)`);
    reference = await makeReference(work, settings, machine, accel.accel);

    // ----- boots, alternating -----
    const berthBoots: BootSample[] = [];
    const refBoots: BootSample[] = [];
    let berthDmesg = '';
    let refAnalyze = '';
    for (let index = 0; index < BOOTS; index++) {
      const last = index === BOOTS - 1;
      const order = index % 2 ? (['berth', 'reference'] as const) : (['reference', 'berth'] as const);
      for (const side of order) {
        if (side === 'berth') {
          supervisor ??= newSupervisor(reference.accel === 'tcg' && accel.accel === 'kvm' ? 'tcg' : undefined);
          log(`Berth boot ${index + 1}/${BOOTS}`);
          // In the last pair the other VM is up: paused meanwhile, so each guest boots on an otherwise idle host.
          const other = reference.pid();
          const pause = last && other && isProcessAlive(other) ? other : undefined;
          if (pause) await run('kill', ['-STOP', String(pause)]);
          const sample = await bootBerth(supervisor).finally(() => (pause ? run('kill', ['-CONT', String(pause)]) : undefined));
          berthBoots.push(sample);
          log(`  engine answered after ${s(sample.ms)}`);
          if (index === 0) {
            // ensureTestImage runs the docker CLI with this process's environment.
            Object.assign(process.env, tlsEnv);
            await ensureTestImage(supervisor.status.endpoint!);
            for (const key of Object.keys(tlsEnv)) delete process.env[key];
          }
          if (!last) await supervisor.stop();
        } else {
          log(`reference boot ${index + 1}/${BOOTS}`);
          const other = supervisor?.status.state === 'running' ? supervisor.status.pid : undefined;
          const pause = last && other && isProcessAlive(other) ? other : undefined;
          if (pause) await run('kill', ['-STOP', String(pause)]);
          const sample = await reference.boot().finally(() => (pause ? run('kill', ['-CONT', String(pause)]) : undefined));
          refBoots.push(sample);
          log(`  engine answered after ${s(sample.ms)}`);
          if (index === 0) await ensureTestImage(reference.dockerHost);
          if (!last) await reference.stop();
        }
      }
    }

    // Both are up after the last pair. Idle one at a time: the reference first (Berth's stays up for the docker measures,
    // but is paused meanwhile so it does not disturb; it is measured after the reference is gone).
    if (!supervisor) throw new Error("Berth's VM was never booted");
    const berthPid = supervisor.status.pid!;
    await run('kill', ['-STOP', String(berthPid)]);
    let refIdle: IdleResult;
    try {
      log(`reference idle: ${IDLE_S} s, then RSS and CPU over ${IDLE_S} s`);
      refIdle = await measureIdle({ qemu: [reference.pid()!] }, settings.memoryMiB);
    } finally {
      await run('kill', ['-CONT', String(berthPid)]);
    }
    // The reference's boot profile, from the inside.
    refAnalyze = await dockerOut(reference.dockerHost, ['run', '--rm', '--privileged', '--pid=host', '-v', '/:/host', TEST_IMAGE, 'chroot', '/host', 'sh', '-c', 'export PATH=/usr/sbin:/usr/bin:/sbin:/bin; systemd-analyze 2>&1; systemd-analyze critical-chain docker.service 2>&1 | head -20']).catch((err: Error) => err.message);
    await reference.stop();
    // Give Berth's VM a fresh idle period after being paused, as a just-booted VM.
    const resources = await supervisor.resources();
    const virtiofsd = resources?.processes.filter((entry) => entry.pid !== berthPid).map((entry) => entry.pid) ?? [];
    log(`Berth idle: ${IDLE_S} s, then RSS and CPU over ${IDLE_S} s (qemu ${berthPid}, virtiofsd ${virtiofsd.join(',') || 'none'})`);
    const berthIdle = await measureIdle({ qemu: [berthPid], virtiofsd }, settings.memoryMiB);

    // Kernel marks, from the guest's own log.
    berthDmesg = await dockerOut(supervisor.status.endpoint!, ['run', '--rm', '--privileged', TEST_IMAGE, 'dmesg'], tlsEnv).catch(() => '');

    // ----- docker run --rm true: inside the guest, direct over TLS, through Berth's socket -----
    await proxy.listen();
    const direct = supervisor.status.endpoint!;
    const through = `unix://${proxySocket}`;
    const runCommand = `docker run --rm ${TEST_IMAGE} true`;
    // Inside the guest: the guest's own docker CLI (chroot into the guest's root from a privileged container), timed by
    // the guest's clock. Falls back to "not measured" when the guest has no CLI.
    // The guest ships no docker CLI (trixie's docker.io has none): when the host's CLI is a static binary, it is put in the
    // shared home and run from there, inside the guest's root, against the guest's own unix socket.
    const hostCli = which('docker')!;
    const cliIsStatic = !(await readFile(hostCli)).subarray(0, 65536).includes('ld-linux');
    const guestCli = path.join(shareDir, 'docker-cli');
    if (cliIsStatic) await copyFile(hostCli, guestCli);
    const insideScript = (count: number) =>
      `export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp; D=$(command -v docker || echo ${cliIsStatic ? guestCli : 'none'}); [ -x "$D" ] || { echo NOCLI; exit 0; }; i=0; while [ $i -lt ${count} ]; do a=$(cut -d' ' -f1 /proc/uptime); "$D" run --rm ${TEST_IMAGE} true >/dev/null || exit 1; b=$(cut -d' ' -f1 /proc/uptime); echo "T $a $b"; i=$((i+1)); done`;
    const inside = async (count: number) =>
      dockerOut(direct, ['run', '--rm', '--privileged', '--pid=host', '--net=host', '-v', '/:/host', TEST_IMAGE, 'chroot', '/host', '/bin/sh', '-c', insideScript(count)], tlsEnv);
    await timedShell(runCommand, { DOCKER_HOST: through });
    await timedShell(runCommand, { ...tlsEnv, DOCKER_HOST: direct });
    const warm = await inside(2);
    const insideOk = !warm.includes('NOCLI');
    const times = { inside: [] as number[], direct: [] as number[], through: [] as number[] };
    for (let round = 0; round < 2; round++) {
      if (insideOk) times.inside.push(...uptimePairs(await inside(RUNS / 2)));
      for (let i = 0; i < RUNS / 2; i++) {
        const order = (i + round) % 2 ? (['through', 'direct'] as const) : (['direct', 'through'] as const);
        for (const side of order) times[side].push(await timedShell(runCommand, side === 'through' ? { DOCKER_HOST: through } : { ...tlsEnv, DOCKER_HOST: direct }));
      }
    }

    // ----- the shared home: a 200 MB file read in a container vs on the host -----
    const big = path.join(shareDir, 'big.bin');
    await run('sh', ['-c', `head -c ${SHARE_MB}M /dev/urandom > '${big}' && sync`]);
    const hostReads: number[] = [];
    for (let i = 0; i < 3; i++) hostReads.push(await timedShell(`cat '${big}' > /dev/null`, {}));
    const readScript = `for n in 1 2 3; do a=$(cut -d' ' -f1 /proc/uptime); cat /src/big.bin > /dev/null; b=$(cut -d' ' -f1 /proc/uptime); echo "T $a $b"; done`;
    const guestReads = uptimePairs(await dockerOut(direct, ['run', '--rm', '-v', `${shareDir}:/src:ro`, TEST_IMAGE, 'sh', '-c', readScript], tlsEnv));
    const mbps = (ms: number) => SHARE_MB / (ms / 1000);

    // ----- the table -----
    const berthWarm = berthBoots.slice(1).map((boot) => boot.ms);
    const refWarm = refBoots.slice(1).map((boot) => boot.ms);
    const bootRatio = median(berthWarm) / median(refWarm);
    const firstRatio = berthBoots[0]!.ms / refBoots[0]!.ms;
    const berthRss = berthIdle.rss.qemu! + (berthIdle.rss.virtiofsd ?? 0);
    const rssRatio = berthRss / refIdle.rss.qemu!;
    const berthCpu = berthIdle.cpuPercent.qemu! + (berthIdle.cpuPercent.virtiofsd ?? 0);
    const runRatio = insideOk ? median(times.through) / median(times.inside) : median(times.through) / median(times.direct);
    const rows: [string, string, string, string, string][] = [];
    const met = (ok: boolean) => (ok ? 'met' : 'NO');
    rows.push([`boot to engine API ready, warm (median of ${berthWarm.length})`, s(median(berthWarm)), s(median(refWarm)), `${bootRatio.toFixed(2)} (≤ 0.35)`, met(bootRatio <= 0.35)]);
    rows.push(['boot to engine API ready, first boot', s(berthBoots[0]!.ms), s(refBoots[0]!.ms), `${firstRatio.toFixed(2)} (report)`, '–']);
    rows.push([`QEMU RSS ${IDLE_S} s after boot, idle (Berth: qemu + virtiofsd)`, `${mib(berthRss)} (${mib(berthIdle.rss.qemu!)} + ${mib(berthIdle.rss.virtiofsd ?? 0)})`, mib(refIdle.rss.qemu!), `${rssRatio.toFixed(2)} (≤ 0.6); qemu alone ${(berthIdle.rss.qemu! / refIdle.rss.qemu!).toFixed(2)}`, met(rssRatio <= 0.6)]);
    const parts = (idle: IdleResult) => `guest RAM ${mib(idle.qemuParts.guestRam)}, TCG code ${mib(idle.qemuParts.tcgCode)}, rest ${mib(idle.qemuParts.rest)}`;
    const sansTcg = (idle: IdleResult) => idle.rss.qemu! - idle.qemuParts.tcgCode + (idle.rss.virtiofsd ?? 0);
    const sansTcgRatio = sansTcg(berthIdle) / sansTcg(refIdle);
    rows.push([`… of which (qemu's smaps); RSS without TCG's code buffer (what KVM/HVF would not have)`, `${parts(berthIdle)}; without TCG ${mib(sansTcg(berthIdle))}`, `${parts(refIdle)}; without TCG ${mib(sansTcg(refIdle))}`, `${sansTcgRatio.toFixed(2)} without TCG's buffer (≤ 0.6)`, met(sansTcgRatio <= 0.6)]);
    rows.push([`host CPU of the idle VM over ${IDLE_S} s`, `${berthCpu.toFixed(2)}% (qemu ${berthIdle.cpuPercent.qemu!.toFixed(2)}, virtiofsd ${(berthIdle.cpuPercent.virtiofsd ?? 0).toFixed(2)})`, `${refIdle.cpuPercent.qemu!.toFixed(2)}%`, `Berth ${berthCpu.toFixed(2)}% of a core (≤ 2%)`, met(berthCpu <= 2)]);
    rows.push([
      insideOk ? `docker run --rm true ×${RUNS}: through Berth's socket / inside the guest (median; ${cliIsStatic ? "the host's static docker CLI run in the guest's root" : "the guest's CLI"}, timed by the guest's clock)` : `docker run --rm true ×${RUNS}: through Berth's socket / direct TLS to the VM's engine (guest has no CLI)`,
      `${median(times.through).toFixed(0)} ms through`,
      insideOk ? `${median(times.inside).toFixed(0)} ms inside (direct TLS ${median(times.direct).toFixed(0)} ms)` : `${median(times.direct).toFixed(0)} ms direct`,
      `${runRatio.toFixed(2)} (≤ 1.3); through/direct ${(median(times.through) / median(times.direct)).toFixed(2)}`,
      met(runRatio <= 1.3),
    ]);
    rows.push([`read a ${SHARE_MB} MB file from the shared home (virtiofs): in a container / on the host`, `${mbps(guestReads[0]!).toFixed(0)} MB/s first, ${mbps(median(guestReads.slice(1))).toFixed(0)} MB/s again`, `host ${mbps(median(hostReads)).toFixed(0)} MB/s (page cache)`, `${(mbps(guestReads[0]!) / mbps(median(hostReads))).toFixed(3)} first read (report)`, '–']);

    console.log(`\nBerth's VM vs the usual approach (${reference.accel}${reference.accelNote ? ` — ${reference.accelNote}` : accel.note ? ', slow mode' : ''}; ${machine}, -smp ${settings.cpus}, -m ${settings.memoryMiB}M; Berth's guest: ${image.manifest.kernel.package}, docker ${image.manifest.engine?.docker ?? '?'}; reference: bookworm minbase + systemd + docker.io 20.10 + linux-image-amd64):`);
    console.log("| measure | Berth's guest | reference guest | ratio (goal) | met |");
    console.log('|---|---|---|---|---|');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);

    // ----- raw numbers -----
    raw.push(`\nraw: Berth boots (ms, start() → /_ping through TLS): ${berthBoots.map((boot) => boot.ms.toFixed(0)).join(', ')}`);
    raw.push(`raw: reference boots (ms, QEMU spawn → /_ping): ${refBoots.map((boot) => boot.ms.toFixed(0)).join(', ')}`);
    raw.push(`raw: docker run true (ms) through ${times.through.map((t) => t.toFixed(0)).join(' ')}; direct ${times.direct.map((t) => t.toFixed(0)).join(' ')}; inside ${times.inside.map((t) => t.toFixed(0)).join(' ') || '(no CLI in the guest)'}`);
    raw.push(`raw: shared-home reads (ms) container ${guestReads.map((t) => t.toFixed(0)).join(' ')}; host ${hostReads.map((t) => t.toFixed(0)).join(' ')}`);
    raw.push(`raw: idle RSS Berth qemu ${berthIdle.rss.qemu} B, virtiofsd ${berthIdle.rss.virtiofsd ?? 0} B; reference qemu ${refIdle.rss.qemu} B`);

    // ----- where Berth's boot goes -----
    const phases: [string, string, string][] = [
      ['prepare (certs, qemu-img, config disk, port)', 'start', 'supervisor:launch'],
      ['launch (virtiofsd, QEMU spawn, QMP, cont)', 'supervisor:launch', 'supervisor:boot'],
      ['firmware + kernel + initramfs + /init copy to tmpfs (→ first marker; split by the guest clock below)', 'supervisor:boot', 'guest:step mount'],
      ['step mount', 'guest:step mount', 'guest:step modules'],
      ['step modules (device drivers, engine disk mounted; the engine modules go on in the background)', 'guest:step modules', 'guest:step config'],
      ['step config', 'guest:step config', 'guest:step network'],
      ['step network', 'guest:step network', 'guest:step disk'],
      ['step disk (e2fsck / mkfs, mount)', 'guest:step disk', 'guest:step share'],
      ['step share (virtiofs mount)', 'guest:step share', 'guest:step containerd'],
      ['step containerd (waits for the engine modules, starts containerd)', 'guest:step containerd', 'guest:step dockerd'],
      ['step dockerd (dockerd starts beside containerd → "API listen")', 'guest:step dockerd', 'guest:ready'],
      ['ready → engine answers through TLS (supervisor poll)', 'guest:ready', 'engine answers'],
    ];
    const phaseMs = (boot: BootSample, from: string, to: string) => {
      const a = from === 'start' ? 0 : boot.marks[from];
      const b = boot.marks[to];
      return a === undefined || b === undefined ? NaN : b - a;
    };
    console.log(`\nWhere Berth's boot goes (host-stamped console markers; first boot / median of warm boots):`);
    console.log('| phase | first boot | warm (median) |');
    console.log('|---|---|---|');
    for (const [name, from, to] of phases) {
      const first = phaseMs(berthBoots[0]!, from, to);
      const warmMs = median(berthBoots.slice(1).map((boot) => phaseMs(boot, from, to)).filter((value) => !Number.isNaN(value)));
      console.log(`| ${name} | ${Number.isNaN(first) ? '–' : s(first)} | ${Number.isNaN(warmMs) ? '–' : s(warmMs)} |`);
    }
    console.log(`| total | ${s(berthBoots[0]!.ms)} | ${s(median(berthWarm))} |`);
    // Before the first marker, by the guest's own clock (its uptime on the markers): kernel start = host time of
    // `step mount` minus the uptime it carries.
    const guestPhase = (boot: BootSample, name: string): number => {
      const g = boot.guest;
      if (name === 'before') return boot.marks['guest:step mount'] !== undefined && g['step mount'] !== undefined ? boot.marks['guest:step mount'] - g['step mount'] - (boot.marks['supervisor:boot'] ?? 0) : NaN;
      if (name === 'kernel') return g['/init'] ?? NaN;
      if (name === 'copy') return g['root in tmpfs'] !== undefined && g['/init'] !== undefined ? g['root in tmpfs'] - g['/init'] : NaN;
      return g['step mount'] !== undefined && g['root in tmpfs'] !== undefined ? g['step mount'] - g['root in tmpfs'] : NaN;
    };
    console.log(`\nBefore the first marker (guest clock; first boot / median of warm boots):`);
    console.log('| phase | first boot | warm (median) |');
    console.log('|---|---|---|');
    for (const [label, name] of [
      ['QEMU let run → kernel clock starts (firmware, loading kernel + initramfs, decompressing the kernel; ± console poll)', 'before'],
      ['kernel start → /init (initcalls, initramfs unpack)', 'kernel'],
      ['/init: root moved into a tmpfs', 'copy'],
      ['switch_root, busybox init → step mount', 'init'],
    ] as const) {
      const first = guestPhase(berthBoots[0]!, name);
      const warmMs = median(berthBoots.slice(1).map((boot) => guestPhase(boot, name)).filter((value) => !Number.isNaN(value)));
      console.log(`| ${label} | ${Number.isNaN(first) ? '–' : s(first)} | ${Number.isNaN(warmMs) ? '–' : s(warmMs)} |`);
    }
    const kernel = kernelMarks(berthDmesg);
    const last = berthBoots[berthBoots.length - 1]!;
    // The guest's uptime on the `step mount` marker places its clock's zero on the host's.
    const zero = last.marks['guest:step mount'] !== undefined && last.guest['step mount'] !== undefined ? last.marks['guest:step mount'] - last.guest['step mount'] : undefined;
    console.log(`\nKernel marks of the last boot (guest clock from dmesg, ms since kernel start${zero !== undefined ? `; kernel start ≈ ${s(zero - (last.marks['supervisor:boot'] ?? 0))} after QEMU was let run` : ''}):`);
    for (const [name, value] of Object.entries(kernel)) console.log(`  ${name}: ${(value / 1000).toFixed(2)} s`);
    const lastDockerd = last.dockerd ?? [];
    if (lastDockerd.length > 1) {
      console.log(`\ndockerd's own log, last boot (${((lastDockerd[lastDockerd.length - 1]!.ms - lastDockerd[0]!.ms) / 1000).toFixed(1)} s from its first line to its last; gaps ≥ 0.3 s, by its time= stamps):`);
      for (let i = 1; i < lastDockerd.length; i++) {
        const gap = lastDockerd[i]!.ms - lastDockerd[i - 1]!.ms;
        if (gap >= 300) console.log(`  +${(gap / 1000).toFixed(1)} s  after "${lastDockerd[i - 1]!.msg}"  →  "${lastDockerd[i]!.msg}"`);
      }
    }
    console.log(`\nReference boot profile (systemd-analyze in the reference guest, last boot):\n${refAnalyze.trim()}`);
    for (const line of raw) console.log(line);
  } finally {
    await proxy.close().catch(() => undefined);
    await supervisor?.stop().catch(() => undefined);
    await supervisor?.delete().catch(() => undefined);
    await reference?.cleanup().catch(() => undefined);
    // Nothing of ours may outlive the bench: QEMU or virtiofsd still mentioning our folders are killed.
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.includes(work)) await terminatePid(Number(entry), 2000).catch(() => undefined);
    }
    await rm(shareDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
}

await main();
