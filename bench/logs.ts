/**
 * Logs benchmark: a million numbered lines through Berth's viewer, against `docker logs` on the same container.
 *   BERTH_OUT_DIR=/tmp/out-x npm run build && BERTH_OUT_DIR=/tmp/out-x npx tsx bench/logs.ts
 * Starts its own private engine and Berth server, prints a table, and removes everything it created.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startBerth } from '../e2e/fixtures';
import { CHROMIUM_ARGS } from '../playwright.config';
import { dockerCli } from '../testing/docker-cli';
import { startTestEngine, TEST_IMAGE } from '../testing/test-engine';
import { scratchBerthEnv } from './_scratch-env';

const LINES = 1_000_000;
/** (a) and (b) are each measured this many times, alternating; the table shows medians. */
const PAIRS = 5;
const FOLLOW_SECONDS = 10;
const LINES_PER_SECOND = 10_000;
const LABEL = 'berth.bench=logs';
/** The search's typing pause (renderer/src/components/logs/useLogSearch.ts): the goal counts what comes after it. */
const TYPING_PAUSE_MS = 200;
const GOAL_LOAD_MEDIAN = 1.25;
const GOAL_LOAD_PAIR = 1.4;
const GOAL_SCAN_MS = 50;
const GOAL_BEYOND_PAUSE_MS = 100;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const SETTLE_MS = 1500;

/** Waits for what the previous step set going (page loads, process teardown) to finish before the next timing. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** `docker logs <id> > /dev/null`, timed. */
function timeDockerLogs(dockerHost: string, id: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('docker', ['-H', dockerHost, 'logs', id], { stdio: ['ignore', 'ignore', 'ignore'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`docker logs exited ${code}`))));
  });
}

/** Loads the app with the viewer set to read whole logs; page load is not part of what is measured. */
async function prepare(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.evaluate(() => localStorage.setItem('berth.logs.preferences', JSON.stringify({ tail: 'all', timestamps: false, wrap: false })));
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

async function openLogs(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

async function main(): Promise<void> {
  const outDir = process.env.BERTH_OUT_DIR ?? path.resolve(import.meta.dirname, '../out');
  if (!existsSync(path.join(outDir, 'main/serve.js'))) throw new Error(`No build in ${outDir}: run BERTH_OUT_DIR=${outDir} npm run build first.`);
  const engine = await startTestEngine();
  const scratch = scratchBerthEnv('logs');
  const berth = await startBerth(engine.dockerHost, [], scratch.env);
  const browser = await chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const docker = (args: string[]) => dockerCli(engine.dockerHost, args);
  const rows: [string, string, string][] = [];
  try {
    const id = await docker(['run', '-d', '--label', LABEL, TEST_IMAGE, 'sh', '-c', `seq 1 ${LINES}`]);
    await docker(['wait', id]);

    // (a) the docker CLI and (b) the viewer, alternated so that a machine getting faster or slower mid-run moves
    // both sides alike. (b) runs until the viewer holds every line and shows the last one, on a fresh page each time;
    // each page is closed before the next (a), so nothing of Berth's runs while the CLI is timed.
    const cli: number[] = [];
    const loads: number[] = [];
    let context!: BrowserContext;
    let page!: Page;
    for (let run = 0; run < PAIRS; run++) {
      cli.push(await timeDockerLogs(engine.dockerHost, id));
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
      await prepare(page, berth.url);
      await settle();
      const started = performance.now();
      await openLogs(page, `#/logs/${id}`);
      await page.waitForFunction(
        (last) => document.querySelector(`[data-seq="${last - 1}"]`)?.textContent === String(last),
        LINES,
        { polling: 'raf', timeout: 120_000 },
      );
      loads.push(performance.now() - started);
      // The last page stays open for (c) and (d). A closed page's process takes a moment to go: let it, so that its
      // teardown is not charged to whichever side runs next.
      if (run < PAIRS - 1) {
        await context.close();
        await settle();
      }
    }
    const a = median(cli);
    const b = median(loads);
    const pairRatios = loads.map((load, i) => load / cli[i]!).sort((x, y) => x - y);

    // (c) A regex search across all lines.
    await page.getByRole('button', { name: '.*', exact: true }).click();
    const searchStarted = performance.now();
    await page.getByLabel('Search logs').fill('^9\\d\\d\\d97$');
    await page.getByTestId('match-counter').filter({ hasText: 'matches' }).waitFor();
    const searchWall = performance.now() - searchStarted;
    const scanMs = Number(await page.getByTestId('match-counter').getAttribute('data-scan-ms'));
    const counter = await page.getByTestId('match-counter').textContent();

    // (d) Heap after load (after a garbage collection, so only what is held counts).
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    await context.close();

    // (e) Longest main-thread task while following a container printing 10,000 lines/s.
    const followContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const followPage = await followContext.newPage();
    await followPage.addInitScript(() => {
      const state = window as unknown as { longest: number };
      state.longest = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) state.longest = Math.max(state.longest, entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const perTick = LINES_PER_SECOND / 10;
    const flood = `i=0; while [ $i -lt ${FOLLOW_SECONDS * 10} ]; do seq $((i*${perTick})) $((i*${perTick}+${perTick - 1})); i=$((i+1)); sleep 0.1; done; sleep 3600`;
    const follower = await docker(['run', '-d', '--label', LABEL, TEST_IMAGE, 'sh', '-c', `while [ ! -f /tmp/go ]; do sleep 0.05; done; ${flood}`]);
    await prepare(followPage, berth.url);
    await openLogs(followPage, `#/logs/${follower}`);
    await followPage.getByText('Following live output.').waitFor();
    await followPage.evaluate(() => ((window as unknown as { longest: number }).longest = 0));
    const followStarted = performance.now();
    await docker(['exec', follower, 'touch', '/tmp/go']);
    const lastLine = String(FOLLOW_SECONDS * LINES_PER_SECOND - 1);
    await followPage.waitForFunction((last) => Array.from(document.querySelectorAll('[data-seq]'), (row) => row.textContent).includes(last), lastLine, {
      polling: 'raf',
      timeout: 120_000,
    });
    const followSeconds = (performance.now() - followStarted) / 1000;
    const longest = await followPage.evaluate(() => (window as unknown as { longest: number }).longest);
    await followContext.close();

    rows.push(
      [`(a) docker logs > /dev/null (median of ${PAIRS})`, `${a.toFixed(0)} ms`, ''],
      [`(b) viewer holds and shows line 1,000,000 (median of ${PAIRS})`, `${b.toFixed(0)} ms`, `b/a = ${(b / a).toFixed(2)} ${mark(b / a <= GOAL_LOAD_MEDIAN)} (goal ≤ ${GOAL_LOAD_MEDIAN})`],
      [
        '    … b/a of each alternated pair',
        '',
        `${pairRatios.map((ratio) => ratio.toFixed(2)).join(', ')} ${mark(pairRatios.at(-1)! <= GOAL_LOAD_PAIR)} (goal: none over ${GOAL_LOAD_PAIR})`,
      ],
      ['(c) regex search, full scan in the page', `${scanMs.toFixed(0)} ms`, `${mark(scanMs <= GOAL_SCAN_MS)} (goal ≤ ${GOAL_SCAN_MS} ms); ${counter}`],
      [
        `    … from typing to counter (incl. ${TYPING_PAUSE_MS} ms typing pause)`,
        `${searchWall.toFixed(0)} ms`,
        `${(searchWall - TYPING_PAUSE_MS).toFixed(0)} ms beyond the pause ${mark(searchWall - TYPING_PAUSE_MS <= GOAL_BEYOND_PAUSE_MS)} (goal ≤ ${GOAL_BEYOND_PAUSE_MS} ms)`,
      ],
      ['(d) renderer JS heap after load (after GC)', `${(heap.usedSize / 1e6).toFixed(0)} MB`, 'target ≤ 400 MB'],
      // The Long Tasks API reports only tasks over 50 ms.
      [`(e) longest main-thread task, following ${LINES_PER_SECOND.toLocaleString()} lines/s`, longest ? `${longest.toFixed(0)} ms` : '< 50 ms', `target ≤ 200 ms; ${followSeconds.toFixed(1)} s to show all ${(FOLLOW_SECONDS * LINES_PER_SECOND).toLocaleString()} lines`],
    );
  } finally {
    await browser.close();
    await berth.stop();
    const ids = await docker(['ps', '-aq', '--filter', `label=${LABEL}`]).catch(() => '');
    if (ids) await docker(['rm', '-f', ...ids.split('\n')]).catch(() => undefined);
    await engine.stop();
    scratch.remove();
  }
  const width = Math.max(...rows.map((row) => row[0].length));
  const valueWidth = Math.max(...rows.map((row) => row[1].length));
  process.stdout.write(`\nLogs benchmark (${LINES.toLocaleString()} lines), load ${(await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ')}\n`);
  for (const [name, value, note] of rows) process.stdout.write(`${name.padEnd(width)}  ${value.padStart(valueWidth)}  ${note}\n`);
}

await main();
