/**
 * What live stats cost: CPU seconds of the engine plus Berth, against the engine plus `docker stats`, in one run.
 *
 *   BERTH_OUT_DIR=/tmp/out-x npm run build && BERTH_OUT_DIR=/tmp/out-x npx tsx bench/stats.ts
 *
 * 1. 50 running containers (25 idle, 25 busy), Chromium showing the Dashboard and the Containers list for 60 s:
 *    dockerd + Berth's process, against dockerd + `docker stats` (the CLI, streaming all containers) for 60 s.
 *    Goal: ratio ≤ 0.3, for dockerd + client and for engine total + client. Busy containers spin a shell loop capped
 *    at 2% of a core each (`--cpus 0.02`) so the benchmark does not starve the machine it measures.
 * 2. 20 idle containers, the Dashboard open for 60 s: Berth's process ≤ 0.5% of a core; then the same page hidden
 *    (as a minimised window) for 60 s: ≤ 0.05%. The renderer's CPU is printed beside it (not part of the goal).
 * 3. 20 idle containers, the Dashboard open for BENCH_IDLE_MINUTES (default 10): the main process's heap after a
 *    forced GC (through its V8 inspector) and its RSS, sampled every tenth of the run, with a flat / not flat verdict.
 *
 * CPU time is read from /proc/<pid>/stat (utime + stime). "Engine total" adds containerd and the container shims
 * (found by our private engine's directory on their command line), where much of the stats work really happens.
 * Env: BENCH_SECONDS (default 60), BENCH_CONTAINERS (default 50), BENCH_IDLE_CONTAINERS (default 20),
 * BENCH_IDLE_MINUTES (default 10; 0 skips the memory run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBerth, type BerthServer } from '../testing/berth-server';
import { connectInspector, inspectorUrl } from '../testing/inspector';
import { flatness } from './_trend';
import { dockerCli } from '../testing/docker-cli';
import { ensureTestImage, startDockerd, TEST_IMAGE, type Dockerd } from '../testing/test-engine';
import { CHROMIUM_ARGS } from '../playwright.config';
import { hidePage } from './_hide-page';
import { scratchBerthEnv } from './_scratch-env';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 50);
const IDLE_CONTAINERS = Number(process.env.BENCH_IDLE_CONTAINERS ?? 20);
const IDLE_MINUTES = Number(process.env.BENCH_IDLE_MINUTES ?? 10);
const MEMORY_SAMPLES = 10;
const GOAL_RATIO = 0.3;
const GOAL_IDLE_PERCENT = 0.5;
const GOAL_HIDDEN_PERCENT = 0.05;
const WARMUP_MS = 5000;
const HIDDEN_WARMUP_MS = 15_000;
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
const LABEL = 'berth.bench=stats';
const scratch = scratchBerthEnv('stats');
const BERTH_ENV = scratch.env;

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
async function measure(
  engine: Dockerd,
  clientPid: number,
  seconds: number,
  other: () => Promise<number> = async () => 0,
  warmupMs = WARMUP_MS,
): Promise<Measurement & { other: number }> {
  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  const pids = await enginePids(engine);
  const read = async () => ({
    dockerd: await cpuSeconds(engine.process.pid!),
    engineTotal: (await Promise.all(pids.map(cpuSeconds))).reduce((a, b) => a + b, 0),
    client: await cpuSeconds(clientPid),
    other: await other(),
  });
  const before = await read();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = await read();
  return {
    dockerd: after.dockerd - before.dockerd,
    engineTotal: after.engineTotal - before.engineTotal,
    client: after.client - before.client,
    other: after.other - before.other,
  };
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

/** CPU seconds of Chromium's renderer processes (the bench's browser shows only Berth's pages). */
async function rendererCpuSeconds(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
    return processInfo.filter((info) => info.type === 'renderer').reduce((sum, info) => sum + info.cpuTime, 0);
  } finally {
    await session.detach();
  }
}


/** What shows that a route is up and sampling: the dashboard's CPU chart drawn, the containers table. */
function ready(page: Page, route: string) {
  return route === 'dashboard'
    ? page.getByRole('figure', { name: 'Total CPU', exact: true }).getByTestId('chart')
    : page.getByRole('table', { name: 'Containers' });
}

/**
 * Opens the route and waits until it shows live data. Containers just started add network interfaces, and Chromium
 * aborts the page's requests on such a change (ERR_NETWORK_CHANGED, a lazy page's chunk lost): then it reloads,
 * so that nothing is measured on a page that never loaded.
 */
async function openShowing(page: Page, url: string, route: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.goto(url);
    try {
      await ready(page, route).waitFor({ timeout: 30_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw new Error(`The ${route} page did not show its data after ${attempt} loads.`, { cause: err });
    }
  }
}

interface BerthMeasurement extends Measurement {
  renderer: number;
}

/** Berth serving `routes`, each open in its own Chromium page (hidden if asked), measured for `seconds`. */
async function measureBerth(browser: Browser, engine: Dockerd, routes: string[], seconds: number, hidden = false): Promise<BerthMeasurement> {
  const berth = await startBerth(engine.dockerHost, [], BERTH_ENV);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    for (const route of routes) {
      const page = await context.newPage();
      await openShowing(page, `${berth.url}#/${route}`, route);
      if (hidden) await hidePage(page);
    }
    // A window is hidden long after it loaded: the load's last requests and collections are not part of "hidden".
    const warmup = hidden ? HIDDEN_WARMUP_MS : WARMUP_MS;
    const { other, ...measured } = await measure(engine, berth.process.pid!, seconds, () => rendererCpuSeconds(browser), warmup);
    return { ...measured, renderer: other };
  } finally {
    await context.close();
    await berth.stop();
  }
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** The main process's memory with the Dashboard open on idle containers for `minutes`, sampled MEMORY_SAMPLES times. */
async function measureMemory(browser: Browser, engine: Dockerd, minutes: number): Promise<string[]> {
  const berth: BerthServer = await startBerth(engine.dockerHost, [], BERTH_ENV, ['--inspect=127.0.0.1:0']);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    let url: string | undefined;
    for (let i = 0; i < 100 && !(url = inspectorUrl(berth.output())); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!url) throw new Error(`The server printed no inspector address:\n${berth.output()}`);
    const inspector = await connectInspector(url);
    const page = await context.newPage();
    await openShowing(page, `${berth.url}#/dashboard`, 'dashboard');
    const started = performance.now();
    const samples: { minute: number; heap: number; rss: number }[] = [];
    for (let i = 0; i <= MEMORY_SAMPLES; i++) {
      const due = started + (i * minutes * 60_000) / MEMORY_SAMPLES;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const rss = await rssMiB(berth.process.pid!);
      samples.push({ minute: (performance.now() - started) / 60_000, rss, heap: (await inspector.heapAfterGc()) / 2 ** 20 });
    }
    inspector.close();
    const lines = ['| minute | main heap after GC (MiB) | main RSS (MiB) |', '|---:|---:|---:|'];
    for (const sample of samples) lines.push(`| ${sample.minute.toFixed(1)} | ${sample.heap.toFixed(1)} | ${sample.rss.toFixed(1)} |`);
    for (const [name, pick, floor] of [
      ['main heap', (sample: (typeof samples)[number]) => sample.heap, 2],
      ['main RSS', (sample: (typeof samples)[number]) => sample.rss, 5],
    ] as const) {
      const verdict = flatness(samples.map((sample) => ({ minute: sample.minute, value: pick(sample) })), floor);
      lines.push(
        `${name}: trend over ${verdict.duration.toFixed(1)} min ${verdict.trend >= 0 ? '+' : ''}${verdict.trend.toFixed(2)} MiB (mean ${verdict.mean.toFixed(1)}) → ${verdict.flat ? '✓ flat' : '✗ NOT flat'}`,
      );
    }
    return lines;
  } finally {
    await context.close();
    await berth.stop();
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
const loadAverage = async () => (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');

async function main(): Promise<void> {
  const engine = await startDockerd();
  let browser: Browser | undefined;
  try {
    await ensureTestImage(engine.dockerHost);
    browser = await chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

    const busy = Math.floor(CONTAINERS / 2);
    await runContainers(engine.dockerHost, CONTAINERS - busy, busy);
    process.stdout.write(`${CONTAINERS} containers running (${busy} busy). Measuring ${SECONDS} s each… load ${await loadAverage()}\n`);
    const berth = await measureBerth(browser, engine, ['dashboard', 'containers'], SECONDS);
    const cli = await measureDockerStats(engine, SECONDS);
    await removeContainers(engine.dockerHost);

    await runContainers(engine.dockerHost, IDLE_CONTAINERS, 0);
    const idle = await measureBerth(browser, engine, ['dashboard'], SECONDS);
    const hidden = await measureBerth(browser, engine, ['dashboard'], SECONDS, true);
    const memory = IDLE_MINUTES > 0 ? await measureMemory(browser, engine, IDLE_MINUTES) : ['(skipped: BENCH_IDLE_MINUTES=0)'];
    await removeContainers(engine.dockerHost);

    const berthSum = berth.dockerd + berth.client;
    const cliSum = cli.dockerd + cli.client;
    const ratio = berthSum / cliSum;
    const totalRatio = (berth.engineTotal + berth.client) / (cli.engineTotal + cli.client);
    const percent = (seconds: number) => (seconds / SECONDS) * 100;
    const mark = (ok: boolean) => (ok ? '✓' : '✗');
    process.stdout.write(
      [
        '',
        `| ${CONTAINERS} containers, ${SECONDS} s | dockerd (s) | engine total (s) | client (s) | dockerd + client (s) | engine total + client (s) |`,
        '|---|---|---|---|---|---|',
        `| Berth (Dashboard + Containers list) | ${fmt(berth.dockerd)} | ${fmt(berth.engineTotal)} | ${fmt(berth.client)} | ${fmt(berthSum)} | ${fmt(berth.engineTotal + berth.client)} |`,
        `| docker stats (CLI) | ${fmt(cli.dockerd)} | ${fmt(cli.engineTotal)} | ${fmt(cli.client)} | ${fmt(cliSum)} | ${fmt(cli.engineTotal + cli.client)} |`,
        `| ratio Berth / docker stats | | | | **${fmt(ratio)}** ${mark(ratio <= GOAL_RATIO)} (goal ≤ ${GOAL_RATIO}) | ${fmt(totalRatio)} ${mark(totalRatio <= GOAL_RATIO)} (goal ≤ ${GOAL_RATIO}) |`,
        `(renderer of the Berth pages: ${fmt(berth.renderer)} s)`,
        '',
        `Idle, ${IDLE_CONTAINERS} idle containers, ${SECONDS} s:`,
        `- Dashboard open: Berth used ${fmt(idle.client)} CPU s = ${percent(idle.client).toFixed(2)}% of a core ${mark(percent(idle.client) <= GOAL_IDLE_PERCENT)} (goal ≤ ${GOAL_IDLE_PERCENT}%); renderer ${percent(idle.renderer).toFixed(2)}%, dockerd ${fmt(idle.dockerd)} s, engine total ${fmt(idle.engineTotal)} s.`,
        `- Dashboard hidden: Berth used ${fmt(hidden.client)} CPU s = ${percent(hidden.client).toFixed(3)}% of a core ${mark(percent(hidden.client) <= GOAL_HIDDEN_PERCENT)} (goal ≤ ${GOAL_HIDDEN_PERCENT}%); renderer ${percent(hidden.renderer).toFixed(2)}%, dockerd ${fmt(hidden.dockerd)} s, engine total ${fmt(hidden.engineTotal)} s.`,
        '',
        `Idle memory of the main process, Dashboard open on ${IDLE_CONTAINERS} idle containers for ${IDLE_MINUTES} min:`,
        ...memory,
        '',
        `Load average at the end: ${await loadAverage()}`,
        '',
      ].join('\n'),
    );
  } finally {
    await browser?.close();
    await engine.destroy();
    scratch.remove();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
