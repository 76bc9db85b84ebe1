/**
 * What live stats cost: CPU seconds of the engine plus Berth, against the engine plus `docker stats`, in one run.
 *
 *   BERTH_OUT_DIR=/tmp/out-x npm run build && BERTH_OUT_DIR=/tmp/out-x npx tsx bench/stats.ts
 *
 * 1. 50 running containers (25 idle, 25 busy), Chromium showing the Dashboard and the Containers list for 60 s:
 *    dockerd + Berth's process, against dockerd + `docker stats` (the CLI, streaming all containers) for 60 s.
 *    Target: ratio ≤ 0.5. Busy containers spin a shell loop capped at 2% of a core each (`--cpus 0.02`) so the
 *    benchmark does not starve the machine it measures.
 * 2. 20 idle containers, the Dashboard open for 60 s: Berth's process must stay under 1% of a core.
 *
 * CPU time is read from /proc/<pid>/stat (utime + stime). "Engine total" adds containerd and the container shims
 * (found by our private engine's directory on their command line), where much of the stats work really happens.
 * Env: BENCH_SECONDS (default 60), BENCH_CONTAINERS (default 50), BENCH_IDLE_CONTAINERS (default 20).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { dockerCli } from '../testing/docker-cli';
import { ensureTestImage, startDockerd, TEST_IMAGE, type Dockerd } from '../testing/test-engine';
import { CHROMIUM_ARGS } from '../playwright.config';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 50);
const IDLE_CONTAINERS = Number(process.env.BENCH_IDLE_CONTAINERS ?? 20);
const WARMUP_MS = 5000;
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
const LABEL = 'berth.bench=stats';
const SERVE_ENTRY = path.resolve(process.env.BERTH_OUT_DIR ?? 'out', 'main/serve.js');

async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return 0;
  // Fields after the command name (which may contain spaces) start at field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** containerd and the shims of our private engine: their command lines name its directory. */
async function enginePids(engine: Dockerd): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(engine.dir)) pids.push(Number(entry));
  }
  return pids;
}

interface Measurement {
  dockerd: number;
  engineTotal: number;
  client: number;
}

/** CPU seconds each party used over `seconds`, after a warm-up. */
async function measure(engine: Dockerd, clientPid: number, seconds: number): Promise<Measurement> {
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  const pids = await enginePids(engine);
  const read = async () => ({
    dockerd: await cpuSeconds(engine.process.pid!),
    engineTotal: (await Promise.all(pids.map(cpuSeconds))).reduce((a, b) => a + b, 0),
    client: await cpuSeconds(clientPid),
  });
  const before = await read();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = await read();
  return { dockerd: after.dockerd - before.dockerd, engineTotal: after.engineTotal - before.engineTotal, client: after.client - before.client };
}

async function startBerth(dockerHost: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [SERVE_ENTRY, '--port', '0', '--engine', dockerHost], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const url = output.split('\n').find((line) => line.startsWith('http://127.0.0.1'));
    if (url) return { url, process: child };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`berth serve did not start (build it first):\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function runContainers(dockerHost: string, idle: number, busy: number): Promise<void> {
  const jobs: Promise<string>[] = [];
  for (let i = 0; i < idle; i++) jobs.push(dockerCli(dockerHost, ['run', '-d', '--label', LABEL, TEST_IMAGE, 'sleep', '86400']));
  for (let i = 0; i < busy; i++) {
    jobs.push(dockerCli(dockerHost, ['run', '-d', '--label', LABEL, '--cpus', '0.02', TEST_IMAGE, 'sh', '-c', 'while :; do :; done']));
  }
  await Promise.all(jobs);
}

async function removeContainers(dockerHost: string): Promise<void> {
  const ids = await dockerCli(dockerHost, ['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await dockerCli(dockerHost, ['rm', '-f', ...ids.split('\n')]);
}

/** Berth serving `routes`, each open in its own Chromium page, measured for `seconds`. */
async function measureBerth(browser: Browser, engine: Dockerd, routes: string[], seconds: number): Promise<Measurement> {
  const berth = await startBerth(engine.dockerHost);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    for (const route of routes) {
      const page = await context.newPage();
      await page.goto(`${berth.url}#/${route}`);
    }
    return await measure(engine, berth.process.pid!, seconds);
  } finally {
    await context.close();
    await stop(berth.process);
  }
}

async function measureDockerStats(engine: Dockerd, seconds: number): Promise<Measurement> {
  const cli = spawn('docker', ['-H', engine.dockerHost, 'stats'], { stdio: ['ignore', 'pipe', 'ignore'] });
  cli.stdout!.resume(); // read and drop, as a terminal would draw it
  try {
    return await measure(engine, cli.pid!, seconds);
  } finally {
    await stop(cli);
  }
}

const fmt = (value: number) => value.toFixed(2);

async function main(): Promise<void> {
  const engine = await startDockerd();
  let browser: Browser | undefined;
  try {
    await ensureTestImage(engine.dockerHost);
    browser = await chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

    const busy = Math.floor(CONTAINERS / 2);
    await runContainers(engine.dockerHost, CONTAINERS - busy, busy);
    process.stdout.write(`${CONTAINERS} containers running (${busy} busy). Measuring ${SECONDS} s each…\n`);
    const berth = await measureBerth(browser, engine, ['dashboard', 'containers'], SECONDS);
    const cli = await measureDockerStats(engine, SECONDS);
    await removeContainers(engine.dockerHost);

    await runContainers(engine.dockerHost, IDLE_CONTAINERS, 0);
    const idle = await measureBerth(browser, engine, ['dashboard'], SECONDS);
    await removeContainers(engine.dockerHost);

    const berthSum = berth.dockerd + berth.client;
    const cliSum = cli.dockerd + cli.client;
    const idlePercent = (idle.client / SECONDS) * 100;
    process.stdout.write(
      [
        '',
        `| ${CONTAINERS} containers, ${SECONDS} s | dockerd (s) | engine total (s) | client (s) | dockerd + client (s) | engine total + client (s) |`,
        '|---|---|---|---|---|---|',
        `| Berth (Dashboard + Containers list) | ${fmt(berth.dockerd)} | ${fmt(berth.engineTotal)} | ${fmt(berth.client)} | ${fmt(berthSum)} | ${fmt(berth.engineTotal + berth.client)} |`,
        `| docker stats (CLI) | ${fmt(cli.dockerd)} | ${fmt(cli.engineTotal)} | ${fmt(cli.client)} | ${fmt(cliSum)} | ${fmt(cli.engineTotal + cli.client)} |`,
        `| ratio Berth / docker stats | | | | **${fmt(berthSum / cliSum)}** (target ≤ 0.5) | ${fmt((berth.engineTotal + berth.client) / (cli.engineTotal + cli.client))} |`,
        '',
        `Idle: ${IDLE_CONTAINERS} idle containers, Dashboard open ${SECONDS} s: Berth used ${fmt(idle.client)} CPU s = ${idlePercent.toFixed(2)}% of a core (target < 1%); dockerd ${fmt(idle.dockerd)} s.`,
        '',
      ].join('\n'),
    );
  } finally {
    await browser?.close();
    await engine.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
