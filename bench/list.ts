/**
 * Containers list benchmark: 2,000 created (not started) containers of the test image.
 *   1. page open → rows painted (the first rows and the full count on screen), median of 10 loads;
 *   2. `docker start X` on the CLI → X shown running in the list, median of 20.
 * Targets: ≤ 1 s and ≤ 250 ms. Against the floor (a static page with the sidebar's landmark, served by the same
 * server after the same cookie check, no script): the app shell painted ≤ 2× the floor, and the 2,000 rows ≤ the
 * shell + 200 ms, all medians of the same run.
 *   BERTH_OUT_DIR=/tmp/out-x npm run build && BERTH_OUT_DIR=/tmp/out-x npx tsx bench/list.ts
 * Starts its own private engine and Berth server, prints a table, and removes everything it created.
 * BENCH_CONTAINERS overrides the container count.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { chromium, type Page } from 'playwright-core';
import { startBerth } from '../e2e/fixtures';
import { CHROMIUM_ARGS } from '../playwright.config';
import { startTestEngine, TEST_IMAGE } from '../testing/test-engine';
import { scratchBerthEnv } from './_scratch-env';

const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 2000);
const PAGE_LOADS = 10;
const STARTS = 20;
const CREATE_CONCURRENCY = 8;
const TARGET_PAINT_MS = 1000;
const TARGET_START_MS = 250;
/** The shell may take this many times the static floor. */
const SHELL_FLOOR_RATIO = 2;
/** The rows may come this long after the shell. */
const ROWS_AFTER_SHELL_MS = 200;
const FLOOR_PAGE = 'bench-floor.html';
/** What the floor paints: the landmark the shell's timing waits for, in plain HTML. */
const FLOOR_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><nav aria-label="Main">Berth</nav></body></html>';
const LABEL = { 'berth.bench': 'list' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function dockerCommand(dockerHost: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', ['-H', dockerHost, ...args], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker ${args.join(' ')} exited ${code}`))));
  });
}

async function createContainers(docker: Docker, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `bench-list-${String(i).padStart(4, '0')}`);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      await docker.createContainer({ name, Image: TEST_IMAGE, Cmd: ['sleep', '3600'], Labels: LABEL });
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
  return names;
}

/** From navigation start to the first rows painted with the full count in the header. */
async function timePaint(page: Page, url: string, count: number): Promise<{ rows: number; shell: number }> {
  await page.goto('about:blank');
  const started = Date.now();
  await page.goto(`${url}#/containers`, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.querySelector('nav[aria-label=Main]') !== null, undefined, { polling: 'raf', timeout: 60_000 });
  const shell = Date.now() - started;
  await page.waitForFunction(
    (expected) => document.querySelector('[role=row][data-container-name]') !== null && document.body.innerText.includes(`${expected.toLocaleString('en')} containers`),
    count,
    { polling: 'raf', timeout: 60_000 },
  );
  // One more frame, so what was measured is on screen.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  return { rows: Date.now() - started, shell };
}

/** The floor: navigation start to a static page's landmark painted, through the same server and cookie check. */
async function timeFloor(page: Page, origin: string): Promise<number> {
  await page.goto('about:blank');
  const started = Date.now();
  await page.goto(`${origin}/${FLOOR_PAGE}`, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.querySelector('nav[aria-label=Main]') !== null, undefined, { polling: 'raf', timeout: 60_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  return Date.now() - started;
}

/** `docker start` on the CLI until the row shows running (the list is filtered to X so its row is rendered). */
async function timeStart(page: Page, dockerHost: string, name: string): Promise<{ shown: number; cli: number }> {
  await page.getByLabel('Filter containers').fill(name);
  await page.locator(`[role=row][data-container-name="${name}"]`).waitFor();
  // Passed as source text: tsx would wrap named functions in a helper the page does not have.
  const seen = page.evaluate<number>(`new Promise((resolve) => {
    const selector = '[role=row][data-container-name=${JSON.stringify(name)}][data-state="running"]';
    const observer = new MutationObserver(() => {
      if (document.querySelector(selector)) { observer.disconnect(); resolve(Date.now()); }
    });
    observer.observe(document.body, { subtree: true, attributes: true, childList: true });
    if (document.querySelector(selector)) { observer.disconnect(); resolve(Date.now()); }
  })`);
  const started = Date.now();
  await dockerCommand(dockerHost, ['start', name]);
  const cli = Date.now() - started;
  return { shown: (await seen) - started, cli };
}

async function main(): Promise<void> {
  const outDir = process.env.BERTH_OUT_DIR ?? path.resolve(import.meta.dirname, '../out');
  if (!existsSync(path.join(outDir, 'main/serve.js'))) throw new Error(`No build in ${outDir}: run BERTH_OUT_DIR=${outDir} npm run build first.`);
  const engine = await startTestEngine();
  const scratch = scratchBerthEnv('list');
  const docker = new Docker({ socketPath: engine.dockerHost.replace(/^unix:\/\//, '') });
  let berth: Awaited<ReturnType<typeof startBerth>> | undefined;
  const browser = await chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const creating = performance.now();
    const names = await createContainers(docker, CONTAINERS);
    process.stderr.write(`created ${names.length} containers in ${Math.round(performance.now() - creating)} ms\n`);
    berth = await startBerth(engine.dockerHost, [], scratch.env);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    writeFileSync(path.join(outDir, 'renderer', FLOOR_PAGE), FLOOR_HTML);

    // Alternated, so a busy moment of the machine falls on both alike.
    const paints: number[] = [];
    const shells: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < PAGE_LOADS; i++) {
      const { rows, shell } = await timePaint(page, berth.url, CONTAINERS);
      paints.push(rows);
      shells.push(shell);
      floors.push(await timeFloor(page, berth.origin));
    }

    // The last load above was the floor's page: back to the list.
    await page.goto(`${berth.origin}/#/containers`);
    const starts: number[] = [];
    const cliReturns: number[] = [];
    for (const name of names.slice(0, STARTS)) {
      const { shown, cli } = await timeStart(page, engine.dockerHost, name);
      starts.push(shown);
      cliReturns.push(cli);
    }

    const rows = [
      [`Page open → ${CONTAINERS} rows painted (median of ${PAGE_LOADS})`, median(paints), TARGET_PAINT_MS],
      [`docker start → shown running (median of ${STARTS})`, median(starts), TARGET_START_MS],
    ] as const;
    console.log('| Measure | Median | Min | Max | Target |\n|---|---|---|---|---|');
    const all = [paints, starts];
    rows.forEach(([label, value, target], i) => {
      const samples = all[i]!;
      console.log(`| ${label} | ${value} ms | ${Math.min(...samples)} ms | ${Math.max(...samples)} ms | ≤ ${target} ms ${value <= target ? '✓' : '✗'} |`);
    });
    // For reading the rows above: how much is the app's own start (HTML, script, sidebar) before any list work,
    console.log(`| (reference) page open → app shell painted | ${median(shells)} ms | ${Math.min(...shells)} ms | ${Math.max(...shells)} ms | |`);
    // and how much of the start latency is the docker CLI itself (process start, API call, container start).
    console.log(`| (reference) docker start until the CLI returns | ${median(cliReturns)} ms | ${Math.min(...cliReturns)} ms | ${Math.max(...cliReturns)} ms | |`);
    console.log(`| (floor) page open → a static page painted, same server | ${median(floors)} ms | ${Math.min(...floors)} ms | ${Math.max(...floors)} ms | |`);

    const ratio = median(shells) / median(floors);
    const afterShell = median(paints) - median(shells);
    console.log('\n| Against the floor | Value | Goal |\n|---|---|---|');
    console.log(`| shell painted / floor | ${ratio.toFixed(2)}× (${median(shells)} / ${median(floors)} ms) | ≤ ${SHELL_FLOOR_RATIO}× ${ratio <= SHELL_FLOOR_RATIO ? '✓' : '✗'} |`);
    console.log(`| ${CONTAINERS} rows after the shell | ${afterShell} ms (${median(paints)} − ${median(shells)} ms) | ≤ ${ROWS_AFTER_SHELL_MS} ms ${afterShell <= ROWS_AFTER_SHELL_MS ? '✓' : '✗'} |`);
  } finally {
    rmSync(path.join(outDir, 'renderer', FLOOR_PAGE), { force: true });
    await browser.close();
    await berth?.stop();
    await engine.stop();
    scratch.remove();
  }
}

await main();
