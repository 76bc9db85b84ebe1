// Berth's engine socket against the same engine direct, in one run (pairs alternate, so both sides see the same
// moment of a machine whose speed drifts). Goals (issue 12):
//   docker run --rm <img> true ×20, median through / direct ≤ 1.05
//   docker ps ×50, median ≤ 1.05
//   docker save of a ≥ 200 MB image, throughput through / direct ≥ 0.9
//   docker exec c cat of a 200 MB file, throughput ≥ 0.9
//   500 parallel GET /_ping connections: all answered, p99 ≤ 1.2 × direct
// The proxy runs in this process as it runs in Berth (nobody watching the activity page: Berth's default).
//   npx tsx bench/proxy.ts        (BENCH_PROXY_WATCH=1 records every call as if the activity page were open)
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile, copyFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { ActivityLog } from '../main/proxy/activity-log';
import { EngineProxy } from '../main/proxy/proxy-server';
import { ensureTestImage, startDockerd, TEST_IMAGE } from '../testing/test-engine';
import { timedShell } from './_shell';

const BIG_MB = 210;
const BIG_IMAGE = 'berth-bench/big:latest';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}


/** Alternates direct and through `pairs` times; returns each side's times and the proxy's CPU per through run. */
async function alternate(pairs: number, command: string, direct: string, through: string): Promise<{ direct: number[]; through: number[]; proxyCpuMs: number }> {
  const result = { direct: [] as number[], through: [] as number[], proxyCpuMs: 0 };
  let cpu = 0;
  for (let index = 0; index < pairs; index++) {
    // Swap who goes first each pair, so neither side always runs on a cache warmed by the other.
    const order = index % 2 ? (['through', 'direct'] as const) : (['direct', 'through'] as const);
    for (const side of order) {
      // This process is the proxy: its CPU during a through run is what the socket costs.
      const before = process.cpuUsage();
      result[side].push(await timedShell(command, { DOCKER_HOST: side === 'direct' ? direct : through }));
      const used = process.cpuUsage(before);
      // Spawning the CLI costs this process the same on both sides: what the through side costs beyond it is the proxy.
      cpu += ((used.user + used.system) / 1000) * (side === 'through' ? 1 : -1);
    }
  }
  result.proxyCpuMs = cpu / pairs;
  return result;
}

/** `count` connections at once, each `GET /_ping`, from a client process of their own; the latency of each. */
function pingStorm(socketPath: string, count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, '_ping-storm.mjs'), socketPath, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(output) as number[]) : reject(new Error(`ping storm failed (exit ${code})`))));
  });
}

async function buildBigImage(dockerHost: string, dir: string): Promise<void> {
  const rootfs = path.join(dir, 'big-rootfs');
  await mkdir(path.join(rootfs, 'bin'), { recursive: true });
  await copyFile('/bin/busybox', path.join(rootfs, 'bin/busybox'));
  for (const applet of ['sh', 'cat', 'sleep', 'true']) await symlink('busybox', path.join(rootfs, 'bin', applet));
  // Random bytes: nothing on the way can compress them.
  await timedShell(`head -c ${BIG_MB}M /dev/urandom > '${path.join(rootfs, 'big.bin')}'`, {});
  await writeFile(path.join(rootfs, 'README'), 'berth proxy bench\n');
  await timedShell(`tar -C '${rootfs}' -c . | docker -H '${dockerHost}' import -c 'ENV PATH=/bin' - ${BIG_IMAGE}`, {});
  await rm(rootfs, { recursive: true, force: true });
}

const dir = await mkdtemp('/tmp/bpb-');
const engine = await startDockerd();
const activity = new ActivityLog();
const stopWatching = process.env.BENCH_PROXY_WATCH === '1' ? activity.subscribe(() => undefined) : () => undefined;
const socketPath = path.join(dir, 'docker.sock');
const proxy = new EngineProxy({ address: socketPath, target: () => ({ url: engine.dockerHost }), activity });
const direct = engine.dockerHost;
const through = `unix://${socketPath}`;
const container = 'berth-bench-cat';
try {
  await proxy.listen();
  await ensureTestImage(direct, TEST_IMAGE);
  await buildBigImage(direct, dir);
  await timedShell(`docker -H ${direct} run -d --name ${container} ${BIG_IMAGE} sleep 3600`, {});
  // Warm-up: first runs pay for layer setup on both sides.
  await alternate(2, `docker run --rm ${TEST_IMAGE} true`, direct, through);

  const rows: [string, string, string, string, boolean][] = [];
  const run = await alternate(20, `docker run --rm ${TEST_IMAGE} true`, direct, through);
  const runRatio = median(run.through) / median(run.direct);
  rows.push(['docker run --rm true ×20 (median)', `${median(run.direct).toFixed(0)} ms`, `${median(run.through).toFixed(0)} ms`, `${runRatio.toFixed(3)} (≤ 1.05)`, runRatio <= 1.05]);

  const ps = await alternate(50, 'docker ps', direct, through);
  const psRatio = median(ps.through) / median(ps.direct);
  rows.push(['docker ps ×50 (median)', `${median(ps.direct).toFixed(1)} ms`, `${median(ps.through).toFixed(1)} ms`, `${psRatio.toFixed(3)} (≤ 1.05)`, psRatio <= 1.05]);

  const save = await alternate(5, `docker save ${BIG_IMAGE} > /dev/null`, direct, through);
  const saveRatio = median(save.direct) / median(save.through);
  const mbps = (ms: number) => `${((BIG_MB * 1.0) / (ms / 1000)).toFixed(0)} MB/s`;
  rows.push([`docker save ${BIG_MB} MB image (throughput)`, mbps(median(save.direct)), mbps(median(save.through)), `${saveRatio.toFixed(3)} (≥ 0.9)`, saveRatio >= 0.9]);

  const cat = await alternate(5, `docker exec ${container} cat /big.bin > /dev/null`, direct, through);
  const catRatio = median(cat.direct) / median(cat.through);
  rows.push([`docker exec cat ${BIG_MB} MB file (throughput)`, mbps(median(cat.direct)), mbps(median(cat.through)), `${catRatio.toFixed(3)} (≥ 0.9)`, catRatio >= 0.9]);

  const stormDirect: number[] = [];
  const stormThrough: number[] = [];
  for (let round = 0; round < 3; round++) {
    stormDirect.push(...(await pingStorm(direct.slice('unix://'.length), 500)));
    stormThrough.push(...(await pingStorm(socketPath, 500)));
  }
  const p99Ratio = percentile(stormThrough, 99) / percentile(stormDirect, 99);
  rows.push([
    '500 parallel GET /_ping ×3 (p99)',
    `${percentile(stormDirect, 99).toFixed(1)} ms`,
    `${percentile(stormThrough, 99).toFixed(1)} ms`,
    `${p99Ratio.toFixed(3)} (≤ 1.2), ${stormThrough.length}/1500 answered`,
    p99Ratio <= 1.2 && stormThrough.length === 1500,
  ]);

  console.log(`\nBerth's socket vs the engine direct${process.env.BENCH_PROXY_WATCH === '1' ? ' (activity recorded)' : ''}:`);
  console.log('| measure | direct | through Berth | ratio (goal) | met |');
  console.log('|---|---|---|---|---|');
  for (const [name, a, b, ratio, met] of rows) console.log(`| ${name} | ${a} | ${b} | ${ratio} | ${met ? 'yes' : 'NO'} |`);
  console.log(`pairs (through/direct): run ${run.through.map((t, i) => (t / run.direct[i]!).toFixed(2)).join(' ')}`);
  console.log(`proxy CPU per through run: run ${run.proxyCpuMs.toFixed(1)} ms, ps ${ps.proxyCpuMs.toFixed(1)} ms, save ${save.proxyCpuMs.toFixed(0)} ms, cat ${cat.proxyCpuMs.toFixed(0)} ms`);
  console.log(`save ${save.through.map((t, i) => (t / save.direct[i]!).toFixed(2)).join(' ')}; cat ${cat.through.map((t, i) => (t / cat.direct[i]!).toFixed(2)).join(' ')}`);
} finally {
  stopWatching();
  await proxy.close();
  await timedShell(`docker -H ${direct} rm -f ${container}`, {}).catch(() => undefined);
  await engine.destroy();
  await rm(dir, { recursive: true, force: true });
}
