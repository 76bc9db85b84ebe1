/**
 * Where the time goes between the shell and 2,000 rows on #/containers (issue 15), a tool rather than a benchmark
 * (run.ts skips it): 2,000 created containers on a private engine, six loads of the page; for the last three it prints
 * the page's own timeline (resource timing, WebSocket opens, sends and messages with their sizes, long tasks, and
 * when the sidebar and then the rows with the full count entered the DOM, from a MutationObserver), for the third a
 * CPU profile of the renderer (self time per function), and at the end five quiet round trips of the cached list.
 *   BERTH_OUT_DIR=/tmp/out-x npm run build && BERTH_OUT_DIR=/tmp/out-x npx tsx bench/_probe-list.ts
 */
import Docker from 'dockerode';
import { chromium } from 'playwright-core';
import { startBerth } from '../e2e/fixtures';
import { connectInspector, inspectorUrl } from '../testing/inspector';
import { CHROMIUM_ARGS } from '../playwright.config';
import { startTestEngine, TEST_IMAGE } from '../testing/test-engine';
import { frameName, selfTimes, topSelf, type Profile } from './_cpu-profile';
import { scratchBerthEnv } from './_scratch-env';

const COUNT = 2000;
const engine = await startTestEngine();
const scratch = scratchBerthEnv('probe');
const docker = new Docker({ socketPath: engine.dockerHost.replace(/^unix:\/\//, '') });
let next = 0;
await Promise.all(Array.from({ length: 8 }, async () => {
  while (next < COUNT) await docker.createContainer({ name: `probe-${next++}`, Image: TEST_IMAGE, Cmd: ['sleep', '1'], Labels: { 'berth.bench': 'probe' } });
}));
const berth = await startBerth(engine.dockerHost, [], scratch.env, ['--inspect=127.0.0.1:0']);
let inspectorAt: string | undefined;
for (let tries = 0; !(inspectorAt = inspectorUrl(berth.output())) && tries < 50; tries++) await new Promise((r) => setTimeout(r, 100));
const mainInspector = await connectInspector(inspectorAt!);
await mainInspector.send('Profiler.enable');
await mainInspector.send('Profiler.setSamplingInterval', { interval: 200 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.addInitScript(`
  window.__marks = [];
  const mark = (name) => window.__marks.push([name, Math.round(performance.now())]);
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__marks.push(['longtask ' + Math.round(e.duration) + 'ms', Math.round(e.startTime)]); }).observe({ type: 'longtask', buffered: true });
  const OrigWS = window.WebSocket;
  window.WebSocket = class extends OrigWS {
    constructor(...a) { super(...a); mark('ws created'); this.addEventListener('open', () => mark('ws open')); this.addEventListener('message', (e) => { const s = String(e.data); mark('ws msg ' + s.length + ' ' + s.slice(0, 60)); }); }
    send(d) { mark('ws send ' + String(d).slice(0, 80)); return super.send(d); }
  };
  let nav = false, rows = false;
  new MutationObserver(() => {
    if (!nav && document.querySelector('nav[aria-label=Main]')) { nav = true; mark('nav in DOM'); }
    if (!rows && document.querySelector('[role=row][data-container-name]') && document.body.innerText.includes('2,000 containers')) { rows = true; mark('rows in DOM'); }
  }).observe(document, { subtree: true, childList: true, characterData: true });
`);
// The network's view (the browser process, whatever the page's main thread is doing): frames as they arrive.
const network = await page.context().newCDPSession(page);
await network.send('Network.enable');
let documentAt = 0;
const frames: string[] = [];
network.on('Network.requestWillBeSent', (e: { type?: string; timestamp: number }) => {
  if (e.type === 'Document') {
    documentAt = e.timestamp;
    frames.length = 0;
  }
});
const at = (timestamp: number) => Math.round((timestamp - documentAt) * 1000);
network.on('Network.webSocketCreated', () => frames.push(`    net ws created (browser) after document request`));
network.on('Network.webSocketHandshakeResponseReceived', (e: { timestamp: number }) => frames.push(`    net ${at(e.timestamp)} ws handshake answered`));
network.on('Network.webSocketFrameSent', (e: { timestamp: number; response: { payloadData: string } }) => frames.push(`    net ${at(e.timestamp)} sent ${e.response.payloadData.slice(0, 50)}`));
network.on('Network.webSocketFrameReceived', (e: { timestamp: number; response: { payloadData: string } }) => frames.push(`    net ${at(e.timestamp)} received ${e.response.payloadData.length} ${e.response.payloadData.slice(0, 40)}`));
for (let i = 0; i < 6; i++) {
  await page.goto('about:blank');
  await page.goto(`${berth.url}#/containers`);
  await page.waitForFunction(() => document.body.innerText.includes('2,000 containers') && document.querySelector('[role=row]'), undefined, { timeout: 60_000 });
  await page.waitForTimeout(300);
  if (i === 2) {
    await page.goto('about:blank');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await mainInspector.send('Profiler.start');
    await page.goto(`${berth.url}#/containers`);
    await page.waitForFunction(() => document.body.innerText.includes('2,000 containers') && document.querySelector('[role=row]'), undefined, { timeout: 60_000 });
    const { profile: mainProfile } = (await mainInspector.send('Profiler.stop')) as { profile: Profile };
    // Where the main process's hottest samples were called from (a self-time list alone hides the caller).
    const mainNodes = new Map(mainProfile.nodes.map((n) => [n.id, n]));
    const parents = new Map<number, number>();
    for (const n of mainProfile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
    for (const [id, us] of [...selfTimes(mainProfile)].sort((a, b) => b[1] - a[1]).filter(([id]) => mainNodes.get(id)!.callFrame.functionName !== '(idle)').slice(0, 3)) {
      const chain: string[] = [];
      for (let at: number | undefined = id; at !== undefined && chain.length < 14; at = parents.get(at)) chain.push(frameName(mainNodes.get(at)!));
      console.log(`hot ${(us / 1000).toFixed(1)} ms: ${chain.join(' < ')}`);
    }
    console.log(topSelf(mainProfile, 'main process', 30));
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    console.log(topSelf(profile, 'renderer'));
    continue;
  }
  if (i < 3) continue;
  const marks = (await page.evaluate('window.__marks')) as [string, number][];
  const resources = (await page.evaluate(`performance.getEntriesByType('resource').map((e) => [e.name.split('/').pop(), Math.round(e.startTime), Math.round(e.responseEnd)])`)) as [string, number, number][];
  const nav = (await page.evaluate(`(() => { const n = performance.getEntriesByType('navigation')[0]; return { responseEnd: Math.round(n.responseEnd), domInteractive: Math.round(n.domInteractive) }; })()`));
  const paint = await page.evaluate(`performance.getEntriesByType('paint').map((e) => [e.name, Math.round(e.startTime)])`);
  console.log(`\n--- load ${i}`, JSON.stringify(nav), JSON.stringify(paint));
  for (const [name, start, end] of resources) console.log(`  res ${start}-${end} ${name}`);
  for (const [name, t] of marks.sort((a, b) => a[1] - b[1])) if (t < 3000) console.log(`  ${t} ${name}`);
  for (const line of frames.slice(0, 12)) console.log(line);
}
const rtt = await page.evaluate(`new Promise((resolve) => {
  const ws = new (Object.getPrototypeOf(window.WebSocket))(location.origin.replace('http', 'ws') + '/api');
  const times = [];
  let sent = 0;
  const send = () => { sent = performance.now(); ws.send(JSON.stringify({ t: 'call', id: times.length + 1, method: 'containers.list', input: { cached: true } })); };
  ws.onopen = send;
  ws.onmessage = (e) => { const got = performance.now(); JSON.parse(e.data); times.push([Math.round(got - sent), Math.round(performance.now() - got)]); if (times.length < 5) send(); else { ws.close(); resolve(times); } };
  ws.onerror = () => resolve('ws error');
})`);
console.log('quiet round trips [rtt, parse] ms:', JSON.stringify(rtt));
mainInspector.close();
await browser.close();
await berth.stop();
await engine.stop();
scratch.remove();
