/**
 * Where idle CPU goes (issue 19), a tool rather than a benchmark (run.ts skips it): 20 idle containers, the Dashboard
 * open, 60 s CPU profiles of Berth's main process (V8 inspector) and of the page (CDP Profiler) with each party's
 * user and kernel seconds from /proc/<pid>/stat (main, dockerd, containerd + shims, Chromium's renderers and the rest
 * of Chromium), then the same with the page hidden. Prints the top self-time functions and writes the .cpuprofile
 * files (open them in Chrome DevTools) and the tables to PROBE_OUT (default /tmp/berth-idle-profile).
 * The profiler's own sampling costs the main process about 2% of a core: compare the profiles, not the totals, with
 * bench/stats.ts.
 *   BERTH_OUT_DIR=/tmp/out-x npx tsx bench/_profile-idle.ts
 * Env: BENCH_SECONDS (60), BENCH_IDLE_CONTAINERS (20), PROBE_SKIP_VISIBLE=1 (only the hidden phase).
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config';
import { startBerth } from '../testing/berth-server';
import { dockerCli } from '../testing/docker-cli';
import { connectInspector, inspectorUrl } from '../testing/inspector';
import { ensureTestImage, startDockerd, TEST_IMAGE } from '../testing/test-engine';
import { topSelf, type Profile } from './_cpu-profile';
import { hidePage } from './_hide-page';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const N = Number(process.env.BENCH_IDLE_CONTAINERS ?? 20);
const OUT = process.env.PROBE_OUT ?? '/tmp/berth-idle-profile';
const LABEL = 'berth.bench=probe';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ticks(pid: number): Promise<{ user: number; sys: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return { user: 0, sys: 0 };
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(f[11]) / 100, sys: Number(f[12]) / 100 };
}
async function pidsMatching(text: string): Promise<number[]> {
  const out: number[] = [];
  for (const e of await readdir('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const c = await readFile(`/proc/${e}/cmdline`, 'utf8').catch(() => '');
    if (c.includes(text)) out.push(Number(e));
  }
  return out;
}
async function sum(pids: number[]) {
  const all = await Promise.all(pids.map(ticks));
  return all.reduce((a, b) => ({ user: a.user + b.user, sys: a.sys + b.sys }), { user: 0, sys: 0 });
}

async function main() {
  await mkdir(OUT, { recursive: true });
  const engine = await startDockerd();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const berth = await startBerth(engine.dockerHost, [], { ...process.env, DOCKER_CONFIG: process.env.DOCKER_CONFIG ?? OUT + '/docker-config' }, ['--inspect=127.0.0.1:0']);
  try {
    await ensureTestImage(engine.dockerHost);
    await Promise.all(Array.from({ length: N }, () => dockerCli(engine.dockerHost, ['run', '-d', '--label', LABEL, TEST_IMAGE, 'sleep', '86400'])));
    let url: string | undefined;
    for (let i = 0; i < 100 && !(url = inspectorUrl(berth.output())); i++) await sleep(50);
    const main = await connectInspector(url!);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${berth.url}#/dashboard`);
    await sleep(8000);
    const browserCdp = await browser.newBrowserCDPSession();
    const processes = async () => ((await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] }).processInfo;
    const rendererPids = async () => (await processes()).filter((p) => p.type === 'renderer').map((p) => p.id);
    const pageCdp = await context.newCDPSession(page);
    const engPids = await pidsMatching(engine.dir);
    const phase = async (label: string, profile: boolean) => {
      const rp = await rendererPids();
      const gpu = (await processes()).filter((p) => p.type !== 'renderer').map((p) => p.id);
      const read = async () => ({ main: await ticks(berth.process.pid!), dockerd: await ticks(engine.process.pid!), engine: await sum(engPids), renderer: await sum(rp), browser: await sum(gpu) });
      if (profile) {
        await main.send('Profiler.enable');
        await main.send('Profiler.setSamplingInterval', { interval: 1000 });
        await main.send('Profiler.start');
        await pageCdp.send('Profiler.enable');
        await pageCdp.send('Profiler.start');
      }
      const before = await read();
      await sleep(SECONDS * 1000);
      const after = await read();
      const lines = [`# ${label} (${SECONDS} s, ${N} idle containers) load: ${(await readFile('/proc/loadavg', 'utf8')).trim()}`, '| party | user s | sys s | % of a core |', '|---|---|---|---|'];
      for (const k of Object.keys(before) as (keyof typeof before)[]) {
        const u = after[k].user - before[k].user;
        const s = after[k].sys - before[k].sys;
        lines.push(`| ${k} | ${u.toFixed(2)} | ${s.toFixed(2)} | ${(((u + s) / SECONDS) * 100).toFixed(2)} |`);
      }
      if (profile) {
        const m = ((await main.send('Profiler.stop')) as { profile: Profile }).profile;
        const r = ((await pageCdp.send('Profiler.stop')) as { profile: Profile }).profile;
        await writeFile(`${OUT}/${label}-main.cpuprofile`, JSON.stringify(m));
        await writeFile(`${OUT}/${label}-renderer.cpuprofile`, JSON.stringify(r));
        lines.push('', topSelf(m, 'main'), '', topSelf(r, 'renderer'));
      }
      const text = lines.join('\n');
      console.log(text);
      await writeFile(`${OUT}/${label}.md`, text);
    };
    if (!process.env.PROBE_SKIP_VISIBLE) await phase('visible', true);
    await hidePage(page);
    console.log('visibilityState:', await page.evaluate('document.visibilityState'));
    await phase('hidden', true);
    main.close();
  } finally {
    await browser.close();
    await berth.stop();
    const ids = await dockerCli(engine.dockerHost, ['ps', '-aq', '--filter', `label=${LABEL}`]).catch(() => '');
    if (ids) await dockerCli(engine.dockerHost, ['rm', '-f', ...ids.split('\n')]).catch(() => undefined);
    await engine.destroy();
  }
}
await main();
