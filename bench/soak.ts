/**
 * Soak: Berth's browser mode for a long while (default 30 minutes) with 50 containers churning on a private engine
 * and every page of the sidebar visited in a loop in Chromium. Every sample (default each minute) records the server
 * process's V8 heap after a forced GC (through its inspector), its open file descriptors (/proc/<pid>/fd) and the
 * page's JS heap after a GC (Chrome DevTools Protocol). At the end: a table and, per measure, the slope over the run
 * and a flat / not flat verdict.
 *
 *   npm run build && npm run soak -- --minutes 30 [--containers 50] [--sample-seconds 60]
 *
 * Not part of CI: it runs as long as it is told to.
 */
import { readdir } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Docker from 'dockerode';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { startBerth } from '../testing/berth-server';
import { connectInspector, inspectorUrl } from '../testing/inspector';
import { slope } from './_trend';
import { startTestEngine, TEST_LABEL } from '../testing/test-engine';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    containers: { type: 'string', default: '50' },
    'sample-seconds': { type: 'string', default: '60' },
  },
});
const minutes = Number(values.minutes);
const containerCount = Number(values.containers);
const sampleMs = Number(values['sample-seconds']) * 1000;
if (!(minutes > 0) || !(containerCount > 0) || !(sampleMs > 0)) throw new Error('--minutes, --containers and --sample-seconds take positive numbers.');

interface Sample {
  minute: number;
  mainHeapMiB: number;
  mainFds: number;
  rendererHeapMiB: number;
  pagesVisited: number;
  containerOps: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => bytes / 2 ** 20;

async function main(): Promise<void> {
  const scratch = mkdtempSync('/tmp/bsoak-');
  process.env.DOCKER_CONFIG = `${scratch}/docker-config`;
  process.env.BERTH_DATA_DIR = `${scratch}/data`;
  console.log(`Soak: ${minutes} min, ${containerCount} containers churning, a sample every ${sampleMs / 1000} s.`);
  const engine = await startTestEngine();
  const berth = await startBerth(engine.dockerHost, [], process.env, ['--inspect=127.0.0.1:0']);
  const browser = await chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let stopping = false;
  try {
    let url: string | undefined;
    for (let i = 0; i < 100 && !(url = inspectorUrl(berth.output())); i++) await sleep(50);
    if (!url) throw new Error(`The server printed no inspector address:\n${berth.output()}`);
    const inspector = await connectInspector(url);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${berth.url}#/dashboard`);
    const routes = await page.locator('nav[aria-label="Main"] a[href^="#/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    const cdp = await page.context().newCDPSession(page);
    const rendererHeap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };

    // Churn: each slot holds one container; a slot's container is stopped, removed and replaced, again and again.
    const docker = new Docker({ socketPath: engine.dockerHost.replace(/^unix:\/\//, '') });
    const label = `${TEST_LABEL}.soak`;
    let containerOps = 0;
    const slotLoop = async (slot: number) => {
      for (let round = 0; !stopping; round++) {
        const container = await docker.createContainer({
          name: `soak-${process.pid}-${slot}-${round}`,
          Image: engine.image,
          Cmd: ['sh', '-c', 'while true; do echo soak; sleep 1; done'],
          Labels: { [label]: 'yes' },
          HostConfig: { NetworkMode: 'none' },
        });
        await container.start();
        await sleep(2000 + ((slot * 997) % 5000));
        await container.stop({ t: 0 }).catch(() => undefined);
        await container.remove({ force: true });
        containerOps += 4;
      }
    };
    const churn = Array.from({ length: containerCount }, (_, slot) => slotLoop(slot).catch((err: unknown) => console.error(`slot ${slot}:`, err)));

    let pagesVisited = 0;
    const visit = async (target: Page) => {
      for (let index = 0; !stopping; index = (index + 1) % routes.length) {
        await target.goto(`${berth.url}${routes[index]}`).catch(() => undefined);
        await sleep(3000);
        pagesVisited++;
      }
    };
    const visiting = visit(page);

    const samples: Sample[] = [];
    const started = Date.now();
    const takeSample = async () => {
      const sample: Sample = {
        minute: (Date.now() - started) / 60_000,
        mainHeapMiB: mib(await inspector.heapAfterGc()),
        mainFds: (await readdir(`/proc/${berth.process.pid}/fd`)).length,
        rendererHeapMiB: mib(await rendererHeap()),
        pagesVisited,
        containerOps,
      };
      samples.push(sample);
      console.log(
        `  ${sample.minute.toFixed(1).padStart(5)} min  main heap ${sample.mainHeapMiB.toFixed(1).padStart(6)} MiB  fds ${String(sample.mainFds).padStart(4)}  renderer heap ${sample.rendererHeapMiB.toFixed(1).padStart(6)} MiB  pages ${pagesVisited}  container ops ${containerOps}`,
      );
    };
    while (Date.now() - started < minutes * 60_000) {
      await takeSample();
      await sleep(Math.min(sampleMs, minutes * 60_000 - (Date.now() - started)));
    }
    await takeSample();
    stopping = true;
    await Promise.all([...churn, visiting]);
    inspector.close();

    printReport(samples, pageErrors);
  } finally {
    stopping = true;
    await browser.close();
    await berth.stop();
    await engine.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Flat means the trend over the run (slope × duration, from the second sample on, so the first minute's warm-up of
 * caches and buffers does not count) stays under 10% of the measure's mean, or under an absolute floor (2 MiB of heap,
 * 5 descriptors) for small values.
 */
function printReport(samples: Sample[], pageErrors: string[]): void {
  const steady = samples.slice(1);
  const duration = steady.length > 1 ? steady.at(-1)!.minute - steady[0]!.minute : 0;
  console.log('\n| minute | main heap (MiB) | main fds | renderer heap (MiB) | pages visited | container ops |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const s of samples) {
    console.log(`| ${s.minute.toFixed(1)} | ${s.mainHeapMiB.toFixed(1)} | ${s.mainFds} | ${s.rendererHeapMiB.toFixed(1)} | ${s.pagesVisited} | ${s.containerOps} |`);
  }
  console.log('');
  const measures: { name: string; pick: (s: Sample) => number; unit: string; floor: number }[] = [
    { name: 'main heap', pick: (s) => s.mainHeapMiB, unit: 'MiB', floor: 2 },
    { name: 'main fds', pick: (s) => s.mainFds, unit: 'fds', floor: 5 },
    { name: 'renderer heap', pick: (s) => s.rendererHeapMiB, unit: 'MiB', floor: 2 },
  ];
  let allFlat = true;
  for (const measure of measures) {
    const points = steady.map((s) => ({ x: s.minute, y: measure.pick(s) }));
    const perMinute = slope(points);
    const mean = points.reduce((sum, p) => sum + p.y, 0) / Math.max(points.length, 1);
    const trend = perMinute * duration;
    const flat = trend <= Math.max(0.1 * mean, measure.floor);
    allFlat &&= flat;
    console.log(
      `${measure.name}: slope ${perMinute >= 0 ? '+' : ''}${perMinute.toFixed(3)} ${measure.unit}/min, trend over ${duration.toFixed(1)} min ${trend >= 0 ? '+' : ''}${trend.toFixed(2)} ${measure.unit} (mean ${mean.toFixed(1)}) → ${flat ? 'flat' : 'NOT flat'}`,
    );
  }
  if (pageErrors.length) console.log(`Page errors (${pageErrors.length}):\n  ${pageErrors.slice(0, 10).join('\n  ')}`);
  console.log(`\nVerdict: ${allFlat && pageErrors.length === 0 ? 'flat' : 'NOT flat'} (${samples.length} samples, ${pageErrors.length} page errors).`);
  process.exitCode = allFlat && pageErrors.length === 0 ? 0 : 1;
}

await main();
