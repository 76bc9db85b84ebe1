import http from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { vmSettingsSchema, type VmSettings, type VmStatus } from '../../../common/contract/vm';
import type { EngineTarget } from '../endpoint';
import { isProcessAlive } from '../process-tools';
import { FakeVmDriver, type FakeGuestMode } from './testing/fake-vm-driver';
import { chooseShare, VmSupervisor, type VmSupervisorOptions } from './vm-supervisor';
import type { VmImage } from './vm-image';

const dirs: string[] = [];
const supervisors: VmSupervisor[] = [];
const drivers: FakeVmDriver[] = [];

const image: VmImage = {
  dir: '/nonexistent/image',
  arch: 'amd64',
  kernel: '/nonexistent/vmlinuz',
  initrd: '/nonexistent/initramfs.img',
  manifest: { schema: 1, guestContract: 1, arch: 'amd64', kernel: { package: 'k', version: '6.1', release: '6.1.0' }, engine: { docker: '26.1' }, files: { vmlinuz: { sha256: '', size: 0 }, 'initramfs.img': { sha256: '', size: 0 } }, share: [] },
};

/** /_ping over plain HTTP: the fake guest has no TLS, the real one is tested in the integration test. */
function ping(target: EngineTarget): Promise<boolean> {
  return new Promise((resolve) => {
    const url = new URL(target.url.replace(/^tcp:/, 'http:'));
    const request = http.get({ host: url.hostname, port: Number(url.port), path: '/_ping', timeout: 500 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

async function setup(modes: FakeGuestMode[], options: Partial<VmSupervisorOptions> = {}, delayMs = 30) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bvs-'));
  dirs.push(dataDir);
  const driver = new FakeVmDriver(modes, delayMs);
  drivers.push(driver);
  let settings: VmSettings = vmSettingsSchema.parse({});
  const supervisor = new VmSupervisor({
    dataDir,
    driver,
    settings: { get: () => settings, set: (next) => (settings = next) },
    image: () => image,
    homeDir: dataDir,
    pingEngine: ping,
    restartBackoff: { initialMs: 100, maxMs: 400 },
    bootTimeoutMs: 5000,
    engineTimeoutMs: 3000,
    stopTimeoutMs: 2000,
    forwardPorts: false,
    ...options,
  });
  supervisors.push(supervisor);
  const states: string[] = [];
  supervisor.onStatus((status) => {
    const name = status.state === 'starting' ? `starting:${status.step}` : status.state;
    if (states.at(-1) !== name) states.push(name);
  });
  return { supervisor, driver, states, dataDir };
}

function waitFor(supervisor: VmSupervisor, accept: (status: VmStatus) => boolean, timeoutMs = 10_000): Promise<VmStatus> {
  return new Promise((resolve, reject) => {
    if (accept(supervisor.status)) return resolve(supervisor.status);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out; last status ${JSON.stringify(supervisor.status)}`));
    }, timeoutMs);
    const off = supervisor.onStatus((status) => {
      if (!accept(status)) return;
      clearTimeout(timer);
      off();
      resolve(status);
    });
  });
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(supervisors.splice(0).map((supervisor) => supervisor.stop()));
  for (const driver of drivers.splice(0)) {
    for (const pid of driver.started) expect(isProcessAlive(pid), `fake guest ${pid} left running`).toBe(false);
  }
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('VmSupervisor (fake driver: a real process)', () => {
  it('boots through every step to running, writes the config disk and certificates, and stops cleanly', async () => {
    const { supervisor, driver, states, dataDir } = await setup(['ready']);
    const status = await supervisor.start();
    expect(status).toMatchObject({ state: 'running', accel: 'tcg', restarts: 0, endpoint: expect.stringMatching(/^tcp:\/\/127\.0\.0\.1:\d+$/) });
    expect(status.accelNote).toMatch(/Slow mode/);
    expect(states).toEqual(['starting:prepare', 'starting:launch', 'starting:boot', 'starting:engine', 'running']);
    expect(supervisor.target?.tls?.certPath).toBe(path.join(dataDir, 'vm/default/certs/cert.pem'));
    expect(driver.creates).toHaveLength(1);
    // The share is none (the image supports none), and berth.env says so.
    expect(status.share).toMatchObject({ type: 'none', note: expect.stringMatching(/supports no file sharing/) });
    const tar = await readFile(path.join(dataDir, 'vm/default/config.tar'), 'latin1');
    expect(tar).toContain("BERTH_SHARE_TYPE='none'");
    const pid = status.pid!;
    const stopped = await supervisor.stop();
    expect(stopped.state).toBe('stopped');
    expect(stopped.reason).toBeUndefined();
    expect(isProcessAlive(pid)).toBe(false);
    expect(await readFile(supervisor.consoleLog, 'utf8')).toMatch(/berth-guest: stopped/);
  });

  it('brings a VM killed with -9 back after the backoff, counting the restart', async () => {
    const { supervisor, driver } = await setup(['ready']);
    const first = await supervisor.start();
    const restarting = waitFor(supervisor, (status) => status.state === 'starting' && status.step === 'restart-wait');
    process.kill(first.pid!, 'SIGKILL');
    expect((await restarting).reason).toBe('QEMU was killed by SIGKILL; restarting in 0.1 s.');
    const back = await waitFor(supervisor, (status) => status.state === 'running');
    expect(back.pid).not.toBe(first.pid);
    expect(back.restarts).toBe(1);
    expect(driver.started).toHaveLength(2);
  });

  it('waits exactly the backoff before restarting (fake clock)', async () => {
    const { supervisor, driver } = await setup(['ready']);
    const first = await supervisor.start();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const restarting = waitFor(supervisor, (status) => status.step === 'restart-wait');
    process.kill(first.pid!, 'SIGKILL');
    await restarting;
    vi.advanceTimersByTime(99);
    await Promise.resolve();
    expect(driver.started).toHaveLength(1);
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    await waitFor(supervisor, (status) => status.state === 'running');
    expect(driver.started).toHaveLength(2);
  });

  it('gives up after repeated fast failures and says so, with the console tail', async () => {
    // Each boot reaches running, then the guest dies 300 ms later: three fast failures in a row.
    const { supervisor, driver } = await setup(['crash'], { maxFastFailures: 3 }, 300);
    await supervisor.start();
    const failed = await waitFor(supervisor, (status) => status.state === 'failed');
    expect(failed.failure?.message).toMatch(/3 failures in a row shortly after starting, so Berth stopped restarting it/);
    expect(failed.failure?.logTail.some((line) => line.includes('berth-guest: ready'))).toBe(true);
    expect(driver.started).toHaveLength(3);
    // The reasons grew with the capped backoff: 0.1 s, then 0.2 s.
    expect(failed.restarts).toBe(2);
  });

  it('a boot the guest reports as failed ends in failed with the step, the command line and the console lines', async () => {
    const { supervisor } = await setup(['fail']);
    const status = await supervisor.start();
    expect(status.state).toBe('failed');
    expect(status.failure).toMatchObject({ step: 'boot', message: 'The guest failed at its dockerd step: dockerd exited at once (fake)', command: 'node fake-guest.mjs fail' });
    expect(status.failure?.logTail.at(-1)).toBe('berth-guest: failed dockerd: dockerd exited at once (fake)');
    expect(supervisor.target?.explainUnreachable?.()).toMatch(/failed while booting the guest: The guest failed at its dockerd step/);
  });

  it('a boot that times out ends in failed and leaves no process', async () => {
    const { supervisor, driver } = await setup(['hang'], { bootTimeoutMs: 400 });
    const status = await supervisor.start();
    expect(status.failure).toMatchObject({ step: 'boot', message: 'The guest did not say it was ready within 0.4 s.' });
    expect(isProcessAlive(driver.started[0]!)).toBe(false);
  });

  it('a stop while starting aborts the start between steps and kills what it launched', async () => {
    const { supervisor, driver, states } = await setup(['hang']);
    const starting = supervisor.start();
    await waitFor(supervisor, (status) => status.step === 'boot');
    const stopped = await supervisor.stop();
    expect((await starting).state).toBe('stopped');
    expect(stopped.state).toBe('stopped');
    expect(states.slice(-2)).toEqual(['stopping', 'stopped']);
    expect(isProcessAlive(driver.started[0]!)).toBe(false);
  });

  it('start, stop and start again in quick succession never interleave: one VM, ending running', async () => {
    const { supervisor, driver, states } = await setup(['ready']);
    const results = await Promise.all([supervisor.start(), supervisor.stop(), supervisor.start()]);
    expect(results.at(-1)?.state).toBe('running');
    expect(driver.live.size).toBe(1);
    // Every state change went through the table: no running directly after stopping, etc.
    expect(states.at(-1)).toBe('running');
    await expect(supervisor.delete()).rejects.toThrow(/Stop the VM before deleting it/);
    await supervisor.stop();
    const deleted = await supervisor.delete();
    expect(deleted.reason).toMatch(/Deleted/);
    expect(driver.deleted).toHaveLength(1);
  });

  it('a VM that does not power off in time is killed, and the stop says so', async () => {
    const { supervisor } = await setup(['slow-stop'], { stopTimeoutMs: 300 });
    await supervisor.start();
    const stopped = await supervisor.stop();
    expect(stopped).toMatchObject({ state: 'stopped', reason: 'The VM did not power off within 0.3 s, so QEMU was killed.' });
  });

  it('settings: CPUs and memory saved any time; the disk only grows, and only while stopped', async () => {
    const { supervisor, driver } = await setup(['ready']);
    expect(await supervisor.updateSettings({ cpus: 4, memoryMiB: 3072 })).toMatchObject({ cpus: 4, memoryMiB: 3072, diskGiB: 32 });
    await expect(supervisor.updateSettings({ diskGiB: 16 })).rejects.toThrow(/can only grow/);
    expect(await supervisor.updateSettings({ diskGiB: 40 })).toMatchObject({ diskGiB: 40 });
    expect(driver.creates.at(-1)?.diskGiB).toBe(40);
    await supervisor.start();
    expect(driver.creates.at(-1)).toMatchObject({ cpus: 4, memoryMiB: 3072, diskGiB: 40 });
    await expect(supervisor.updateSettings({ diskGiB: 64 })).rejects.toThrow(/Stop the VM before growing its disk/);
  });
});

describe('chooseShare', () => {
  it('prefers virtiofs, then 9p, else none with the reason', () => {
    const home = '/home/alice';
    expect(chooseShare({ imageShares: ['virtiofs', '9p'], platform: 'linux', canServeVirtiofs: true, homeDir: home })).toEqual({ type: 'virtiofs', hostPath: home, tag: 'home' });
    expect(chooseShare({ imageShares: ['virtiofs', '9p'], platform: 'linux', canServeVirtiofs: false, homeDir: home })).toEqual({ type: '9p', hostPath: home, tag: 'home' });
    expect(chooseShare({ imageShares: ['9p'], platform: 'darwin', canServeVirtiofs: false, homeDir: home }).type).toBe('9p');
    expect(chooseShare({ imageShares: ['virtiofs'], platform: 'linux', canServeVirtiofs: false, homeDir: home })).toMatchObject({ type: 'none', note: expect.stringMatching(/virtiofsd is missing/) });
    expect(chooseShare({ imageShares: ['9p'], platform: 'win32', canServeVirtiofs: false, homeDir: home }).type).toBe('none');
  });
});
