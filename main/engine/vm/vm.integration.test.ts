/**
 * Berth's VM end to end, with the real guest image under QEMU (TCG here, KVM where it works): boot through the
 * supervisor, the engine over TLS through the forwarded port, a published port on host loopback, a port already
 * taken reported on its container, the home folder seen through a bind mount, QEMU killed with -9 and brought back
 * with its data and a --restart always container, then a clean ACPI stop. Needs qemu-system-x86_64 and qemu-img
 * (CI installs them); builds the guest image first when it is missing.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vmSettingsSchema, type VmPortForward, type VmSettings, type VmStatus } from '../../../common/contract/vm';
import { ensureTestImage, freePort, TEST_IMAGE, TEST_LABEL } from '../../../testing/test-engine';
import { ActivityLog } from '../../proxy/activity-log';
import { EngineProxy } from '../../proxy/proxy-server';
import { dockerOptionsWithAgent } from '../endpoint';
import { isProcessAlive, which } from '../process-tools';
import { QemuDriver } from './qemu/qemu-driver';
import { findVmImage } from './vm-image';
import { VmSupervisor } from './vm-supervisor';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const haveQemu = Boolean(which('qemu-system-x86_64') && which('qemu-img')) && process.arch === 'x64';
const LABEL = `${TEST_LABEL}=vm-integration`;

let dataDir: string;
let shareDir: string;
let supervisor: VmSupervisor;
let holder: net.Server | undefined;
let settings: VmSettings = vmSettingsSchema.parse({ cpus: 2, memoryMiB: 1536, diskGiB: 8 });

/** A supervisor as a (new) Berth creates it: the machine's state lives on disk, not in the object. */
function newSupervisor(): VmSupervisor {
  return new VmSupervisor({
    dataDir,
    driver: new QemuDriver(),
    settings: { get: () => settings, set: (next) => (settings = next) },
    restartBackoff: { initialMs: 500, maxMs: 5000 },
  });
}
const savedEnv = { DOCKER_TLS_VERIFY: process.env.DOCKER_TLS_VERIFY, DOCKER_CERT_PATH: process.env.DOCKER_CERT_PATH };

function waitFor(accept: (status: VmStatus) => boolean, timeoutMs: number): Promise<VmStatus> {
  return new Promise((resolve, reject) => {
    if (accept(supervisor.status)) return resolve(supervisor.status);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs / 1000} s; last status ${JSON.stringify(supervisor.status)}`));
    }, timeoutMs);
    const off = supervisor.onStatus((status) => {
      if (!accept(status)) return;
      clearTimeout(timer);
      off();
      resolve(status);
    });
  });
}

function waitForPorts(accept: (ports: VmPortForward[]) => boolean, timeoutMs = 30_000): Promise<VmPortForward[]> {
  return new Promise((resolve, reject) => {
    if (accept(supervisor.ports)) return resolve(supervisor.ports);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`port forwards never matched; last ${JSON.stringify(supervisor.ports)}`));
    }, timeoutMs);
    const off = supervisor.onPorts((ports) => {
      if (!accept(ports)) return;
      clearTimeout(timer);
      off();
      resolve(ports);
    });
  });
}

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

async function httpGetEventually(port: number, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const body = await httpGet(port);
      if (body) return body;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`nothing answered on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The docker CLI against the VM's engine over TLS, with the machine's client certificate. */
async function docker(args: string[]): Promise<string> {
  const { stdout } = await run('docker', ['-H', supervisor.status.endpoint!, ...args], { env: { ...process.env, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: supervisor.certDir }, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

async function processesMentioning(marker: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(marker)) pids.push(Number(entry));
  }
  return pids;
}

describe.skipIf(!haveQemu)("Berth's VM with the real guest (QEMU)", () => {
  beforeAll(async () => {
    if ('missing' in findVmImage('amd64')) {
      const scripts = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
      if (!scripts['build:vm-image']) throw new Error((findVmImage('amd64') as { missing: string }).missing);
      await run('npm', ['run', 'build:vm-image'], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
    }
    dataDir = await mkdtemp('/tmp/bvi-');
    // Under $HOME, as the user's project folders are: the home is what the VM shares.
    shareDir = await mkdtemp(path.join(os.homedir(), '.berth-vm-test-'));
    supervisor = newSupervisor();
    // ensureTestImage runs the docker CLI with this process's environment.
    process.env.DOCKER_TLS_VERIFY = '1';
    process.env.DOCKER_CERT_PATH = supervisor.certDir;
  }, 900_000);

  afterAll(async () => {
    holder?.close();
    if (supervisor) {
      if (supervisor.status.state === 'running') await docker(['rm', '-f', ...(await docker(['ps', '-aq', '--filter', `label=${LABEL}`])).split('\n').filter(Boolean)]).catch(() => undefined);
      await supervisor.stop();
      await supervisor.delete().catch(() => undefined);
    }
    process.env.DOCKER_TLS_VERIFY = savedEnv.DOCKER_TLS_VERIFY;
    process.env.DOCKER_CERT_PATH = savedEnv.DOCKER_CERT_PATH;
    if (savedEnv.DOCKER_TLS_VERIFY === undefined) delete process.env.DOCKER_TLS_VERIFY;
    if (savedEnv.DOCKER_CERT_PATH === undefined) delete process.env.DOCKER_CERT_PATH;
    if (shareDir) await rm(shareDir, { recursive: true, force: true });
    if (dataDir) {
      expect(await processesMentioning(dataDir), 'QEMU or virtiofsd left running').toEqual([]);
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('boots, serves its engine over TLS, forwards published ports, shares the home, survives kill -9, is adopted by a new Berth, and stops cleanly', async () => {
    const began = Date.now();
    const started = await supervisor.start();
    const bootSeconds = (Date.now() - began) / 1000;
    expect(started.state, JSON.stringify(started.failure ?? started)).toBe('running');
    console.log(`VM boot to engine answering: ${bootSeconds.toFixed(1)} s (${started.accel}${started.accelNote ? `: ${started.accelNote}` : ''})`);
    expect(started.endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);

    // The engine through the TLS target, as EngineConnection uses it.
    const target = supervisor.target!;
    const { options, agent } = dockerOptionsWithAgent(target);
    try {
      const version = (await new Docker(options).version()) as { Version: string; Os: string };
      expect(version.Os).toBe('linux');
      expect(version.Version).toMatch(/^\d+\.\d+/);
    } finally {
      agent?.destroy();
    }

    await ensureTestImage(started.endpoint!);

    // The user's CLI reaches the VM through Berth's socket: no TCP, no certificates on its side.
    const proxyDir = await mkdtemp('/tmp/bvp-');
    const proxy = new EngineProxy({ address: path.join(proxyDir, 'docker.sock'), target: () => supervisor.target, activity: new ActivityLog() });
    await proxy.listen();
    try {
      const viaSocket = (args: string[]) =>
        run('docker', ['-H', `unix://${path.join(proxyDir, 'docker.sock')}`, ...args], { env: { ...process.env, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' } }).then(({ stdout }) => stdout.trim());
      expect(await viaSocket(['info', '--format', '{{.OperatingSystem}}'])).toBe(await docker(['info', '--format', '{{.OperatingSystem}}']));
      expect(await viaSocket(['run', '--rm', '--label', LABEL, TEST_IMAGE, 'echo', 'through-berth'])).toBe('through-berth');
    } finally {
      await proxy.close();
      await rm(proxyDir, { recursive: true, force: true });
    }

    // A published port answers on host loopback.
    const webPort = await freePort();
    await docker(['run', '-d', '--restart', 'always', '--label', LABEL, '-p', `${webPort}:80`, TEST_IMAGE, 'sh', '-c', 'echo hello-from-the-vm > /var/www/index.html && exec httpd -f -p 80 -h /var/www']);
    await waitForPorts((ports) => ports.some((forward) => forward.hostPort === webPort && forward.state === 'active'));
    expect(await httpGetEventually(webPort)).toBe('hello-from-the-vm\n');

    // A host port another program holds is reported on the container, not dropped.
    holder = net.createServer();
    await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
    const takenPort = (holder.address() as net.AddressInfo).port;
    const blocked = await docker(['run', '-d', '--label', LABEL, '-p', `${takenPort}:80`, TEST_IMAGE, 'httpd', '-f', '-p', '80']);
    const [failed] = (await waitForPorts((ports) => ports.some((forward) => forward.hostPort === takenPort))).filter((forward) => forward.hostPort === takenPort);
    expect(failed).toMatchObject({ state: 'failed', containerId: blocked, error: expect.stringMatching(/in use/) });
    // Stopping that container removes its entry; the other forward stays.
    await docker(['rm', '-f', blocked]);
    await waitForPorts((ports) => !ports.some((forward) => forward.hostPort === takenPort));
    expect(supervisor.ports.map((forward) => forward.hostPort)).toEqual([webPort]);

    // The home folder is shared at the same path: a bind mount of a folder under $HOME shows the host's file.
    await writeFile(path.join(shareDir, 'hello.txt'), 'from the host\n');
    expect(await docker(['run', '--rm', '--label', LABEL, '-v', `${shareDir}:/src`, TEST_IMAGE, 'cat', '/src/hello.txt'])).toBe('from the host');

    // kill -9 QEMU: Berth brings it back; the image and the --restart always container (and its port) with it.
    const crashedPid = started.pid!;
    const restarting = waitFor((status) => status.step === 'restart-wait', 30_000);
    process.kill(crashedPid, 'SIGKILL');
    expect((await restarting).reason).toMatch(/^QEMU was killed by SIGKILL; restarting in 0\.5 s\.$/);
    const crashAt = Date.now();
    const back = await waitFor((status) => status.state === 'running' || status.state === 'failed', 240_000);
    expect(back.state, JSON.stringify(back.failure)).toBe('running');
    console.log(`VM back after kill -9: ${((Date.now() - crashAt) / 1000).toFixed(1)} s`);
    expect(back.pid).not.toBe(crashedPid);
    expect(isProcessAlive(crashedPid)).toBe(false);
    expect(back.restarts).toBe(1);
    expect(await docker(['image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE])).toMatch(/^sha256:/);
    const running = async () => docker(['ps', '--filter', `label=${LABEL}`, '--format', '{{.Status}}']);
    // dockerd restarts restart-policy containers after it starts serving; under TCG on a busy host that takes a while.
    for (let attempt = 0; attempt < 240 && !/^Up/.test(await running()); attempt++) await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await running(), await docker(['ps', '-a', '--filter', `label=${LABEL}`, '--format', '{{.Names}} {{.Status}}'])).toMatch(/^Up/);
    await waitForPorts((ports) => ports.some((forward) => forward.hostPort === webPort && forward.state === 'active'));
    expect(await httpGetEventually(webPort)).toBe('hello-from-the-vm\n');

    // "Keep running": Berth quits without stopping the VM, and the next Berth adopts it (pid file + QMP socket),
    // with the forwards QEMU already has.
    supervisor.detach();
    expect(isProcessAlive(back.pid!)).toBe(true);
    supervisor = newSupervisor();
    const adoptedAt = Date.now();
    const adopted = await supervisor.start();
    expect(adopted).toMatchObject({ state: 'running', pid: back.pid, endpoint: back.endpoint });
    console.log(`VM adopted in ${((Date.now() - adoptedAt) / 1000).toFixed(1)} s`);
    await waitForPorts((ports) => ports.some((forward) => forward.hostPort === webPort && forward.state === 'active'));
    expect(await httpGetEventually(webPort)).toBe('hello-from-the-vm\n');

    // A clean stop: the guest powers off on the ACPI button (no kill), leaving no process behind.
    await docker(['rm', '-f', ...(await docker(['ps', '-aq', '--filter', `label=${LABEL}`])).split('\n').filter(Boolean)]);
    const pid = back.pid!;
    const stopped = await supervisor.stop();
    expect(stopped).toMatchObject({ state: 'stopped' });
    expect(stopped.reason).toBeUndefined();
    expect(isProcessAlive(pid)).toBe(false);
    expect(await readFile(supervisor.consoleLog, 'utf8')).toMatch(/berth-guest: stopped/);
    expect(supervisor.ports).toEqual([]);
  }, 600_000);
});
