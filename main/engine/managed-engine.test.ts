import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ManagedEngineState, ManagedEngineStatus } from '../../common/contract/engine';
import { dockerCli } from '../../testing/docker-cli';
import { ensureTestImage, TEST_IMAGE, TEST_LABEL } from '../../testing/test-engine';
import { ManagedEngine, type ManagedEngineOptions } from './managed-engine';
import { isProcessAlive, pingSocket } from './process-tools';

const dirs: string[] = [];
const engines: ManagedEngine[] = [];

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp('/tmp/bm-');
  dirs.push(dir);
  return dir;
}

function managedEngine(options: Partial<ManagedEngineOptions> & { dataDir: string }): ManagedEngine {
  // Another engine (the suite's) runs on this machine: keep off iptables, as Berth does when it sees one.
  const engine = new ManagedEngine({ isolateNetwork: () => true, restartBackoff: { initialMs: 200, maxMs: 2000 }, ...options });
  engines.push(engine);
  return engine;
}

function waitForState(engine: ManagedEngine, state: ManagedEngineState, accept: (status: ManagedEngineStatus) => boolean = () => true): Promise<ManagedEngineStatus> {
  return new Promise((resolve) => {
    if (engine.status.state === state && accept(engine.status)) return resolve(engine.status);
    const off = engine.onStatus((status) => {
      if (status.state !== state || !accept(status)) return;
      off();
      resolve(status);
    });
  });
}

/** Every live process whose arguments mention `marker`. */
async function processesMentioning(marker: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(marker)) pids.push(Number(entry));
  }
  return pids;
}

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop().then(() => engine.removeBridge())));
});

afterAll(async () => {
  for (const dir of dirs) {
    const mounts = (await readFile('/proc/mounts', 'utf8')).split('\n').filter((line) => line.includes(` ${dir}/`));
    expect(mounts).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  }
});

describe('managed engine (real dockerd)', () => {
  it('starts, survives kill -9 with its containers, and stops leaving no process, pid file or socket', async () => {
    const engine = managedEngine({ dataDir: await tempDataDir() });
    const started = await engine.start();
    expect(started).toMatchObject({ state: 'running', installed: true, restarts: 0 });
    expect(await pingSocket(engine.paths.socketPath)).toBe(true);
    expect(engine.paths.socketPath.startsWith(engine.paths.dir)).toBe(true);

    await ensureTestImage(engine.endpoint);
    const label = `${TEST_LABEL}=managed-engine`;
    const id = await dockerCli(engine.endpoint, ['create', '--label', label, TEST_IMAGE, 'true']);

    const crashedPid = started.pid!;
    const restarting = waitForState(engine, 'starting');
    process.kill(crashedPid, 'SIGKILL');
    expect((await restarting).reason).toMatch(/killed by SIGKILL; restarting in 0\.2 s/);
    const back = await waitForState(engine, 'running');
    expect(back.pid).not.toBe(crashedPid);
    expect(back.restarts).toBe(1);
    expect(await dockerCli(engine.endpoint, ['ps', '-aq', '--no-trunc', '--filter', `label=${label}`])).toBe(id);

    const stopped = await engine.stop();
    expect(stopped.state).toBe('stopped');
    expect(stopped.reason).toBeUndefined();
    expect(isProcessAlive(back.pid!)).toBe(false);
    expect(await processesMentioning(engine.paths.dir)).toEqual([]);
    expect(existsSync(engine.paths.pidFile)).toBe(false);
    expect(existsSync(engine.paths.socketPath)).toBe(false);
  });

  it('recovers from a stale pid file and socket left by a killed run, without touching the pid it names', async () => {
    const engine = managedEngine({ dataDir: await tempDataDir() });
    await engine.start();
    await engine.stop();
    // A killed run leaves its pid file behind; by now that pid may belong to an unrelated live process (here: us).
    await writeFile(engine.paths.pidFile, `${process.pid}\n`);
    await writeFile(engine.paths.socketPath, '');
    const status = await engine.start();
    expect(status.state).toBe('running');
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(Number((await readFile(engine.paths.pidFile, 'utf8')).trim())).toBe(status.pid);
  });

  it('is adopted by the next Berth when kept running, and still stopped cleanly then', async () => {
    const dataDir = await tempDataDir();
    const first = managedEngine({ dataDir });
    const { pid } = await first.start();
    first.detach();
    expect(isProcessAlive(pid!)).toBe(true);

    const second = managedEngine({ dataDir });
    const adopted = await second.start();
    expect(adopted).toMatchObject({ state: 'running', pid, reason: expect.stringMatching(/Adopted/) });
    await second.stop();
    expect(isProcessAlive(pid!)).toBe(false);
  });

  it('writes the engine log to a file under its own directory', async () => {
    const engine = managedEngine({ dataDir: await tempDataDir() });
    await engine.start();
    expect((await readFile(engine.paths.logFile, 'utf8')).length).toBeGreaterThan(0);
  });
});

describe('managed engine supervision (stand-in executables)', () => {
  async function script(dir: string, name: string, body: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, body);
    await chmod(file, 0o755);
    return file;
  }

  it('gives up after repeated fast failures and says why, with the last log line', async () => {
    const dataDir = await tempDataDir();
    const dockerdPath = await script(dataDir, 'crashing-dockerd', '#!/bin/sh\necho "failed to start daemon: bad configuration" >&2\nexit 1\n');
    const engine = managedEngine({ dataDir, dockerdPath, ipPath: null, maxFastFailures: 3, restartBackoff: { initialMs: 10, maxMs: 40 } });
    const failed = waitForState(engine, 'failed');
    await engine.start();
    const status = await failed;
    expect(status.reason).toMatch(/exited with code 1 3 times in a row shortly after starting, so Berth stopped restarting it/);
    expect(status.reason).toContain('bad configuration');
    expect(status.restarts).toBe(2);
  });

  it('kills an engine that ignores SIGTERM after the stop timeout', async () => {
    const dataDir = await tempDataDir();
    const stubborn = `#!${process.execPath}
const http = require('node:http');
const args = process.argv.slice(2);
const socket = args[args.indexOf('-H') + 1].slice('unix://'.length);
require('node:fs').writeFileSync(args[args.indexOf('--pidfile') + 1], String(process.pid));
process.on('SIGTERM', () => console.error('ignoring SIGTERM'));
http.createServer((req, res) => res.end('OK')).listen(socket);
`;
    const dockerdPath = await script(dataDir, 'stubborn-dockerd', stubborn);
    const engine = managedEngine({ dataDir, dockerdPath, ipPath: null, stopTimeoutMs: 300 });
    const { pid, state } = await engine.start();
    expect(state).toBe('running');
    const stopped = await engine.stop();
    expect(stopped.reason).toMatch(/did not stop within 0.3 s and was killed/);
    expect(isProcessAlive(pid!)).toBe(false);
  });

  it('says what to install when dockerd is missing', async () => {
    const engine = managedEngine({ dataDir: await tempDataDir(), dockerdPath: null });
    const status = await engine.start();
    expect(status).toMatchObject({ state: 'failed', installed: false });
    expect(status.reason).toMatch(/dockerd is not installed/);
  });
});
