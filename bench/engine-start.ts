// Managed engine start: from Berth's start() (stale-state checks, bridge, spawn) to `/_ping` OK, median of 5,
// beside a dockerd started by hand the same way (same arguments, same 50 ms ping polling). Target: ≤ 2 s, ratio ≤ 1.1.
// Also: how long the supervisor takes to bring a kill -9'd engine back (0.5 s backoff included).
//   npx tsx bench/engine-start.ts
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ManagedEngine, managedEnginePaths, privateDockerdArguments } from '../main/engine/managed-engine';
import { deleteBridge, ensureBridge, pingSocket, sleep, terminatePid, unmountUnder, which } from '../main/engine/process-tools';

const RUNS = 5;
const TARGET_MS = 2000;
const TARGET_RATIO = 1.1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeManaged(dataDir: string, isolateNetwork: boolean): Promise<number> {
  const engine = new ManagedEngine({ dataDir, isolateNetwork: () => isolateNetwork });
  const started = performance.now();
  const status = await engine.start();
  const elapsed = performance.now() - started;
  if (status.state !== 'running') throw new Error(`managed engine did not start: ${status.reason ?? status.state}`);
  await engine.stop();
  return elapsed;
}

/** kill -9 of a running managed engine until it answers again (the supervisor's backoff included). */
async function timeCrashRecovery(dataDir: string, isolateNetwork: boolean): Promise<number> {
  const engine = new ManagedEngine({ dataDir, isolateNetwork: () => isolateNetwork });
  const { pid } = await engine.start();
  const back = new Promise<void>((resolve) => {
    const off = engine.onStatus((status) => {
      if (status.state !== 'running') return;
      off();
      resolve();
    });
  });
  const killed = performance.now();
  process.kill(pid!, 'SIGKILL');
  await back;
  const elapsed = performance.now() - killed;
  await engine.stop();
  return elapsed;
}

async function timeByHand(dataDir: string, bridge: string, isolateNetwork: boolean): Promise<number> {
  const paths = managedEnginePaths(dataDir);
  const args = privateDockerdArguments({ ...paths, bridge, isolateNetwork });
  const log = await open(paths.logFile, 'a');
  const started = performance.now();
  const child = spawn(which('dockerd')!, args, { stdio: ['ignore', log.fd, log.fd], detached: true });
  await log.close();
  while (!(await pingSocket(paths.socketPath, 500))) await sleep(50);
  const elapsed = performance.now() - started;
  await terminatePid(child.pid!, 15_000);
  return elapsed;
}

const ip = which('ip');
if (!which('dockerd') || !ip || process.getuid?.() !== 0) {
  console.error('bench/engine-start needs dockerd, iproute2 and root.');
  process.exit(1);
}
const root = await mkdtemp('/tmp/bb-');
const managedDir = path.join(root, 'managed');
const handDir = path.join(root, 'hand');
const handBridge = 'berthbench0';
// Both sides leave iptables alone: this machine may run other engines.
const isolateNetwork = true;
try {
  await ensureBridge(ip, handBridge, '10.127.77.1/24');
  await mkdir(managedEnginePaths(handDir).dir, { recursive: true });
  await writeFile(managedEnginePaths(handDir).configFile, '{}\n');
  // One warm-up each: the first start creates the data root's layout.
  await timeManaged(managedDir, isolateNetwork);
  await timeByHand(handDir, handBridge, isolateNetwork);
  const managed: number[] = [];
  const byHand: number[] = [];
  // Alternating which goes first cancels out whatever the previous engine's shutdown leaves the machine doing.
  for (let run = 0; run < RUNS; run++) {
    if (run % 2 === 0) {
      managed.push(await timeManaged(managedDir, isolateNetwork));
      byHand.push(await timeByHand(handDir, handBridge, isolateNetwork));
    } else {
      byHand.push(await timeByHand(handDir, handBridge, isolateNetwork));
      managed.push(await timeManaged(managedDir, isolateNetwork));
    }
  }
  const recovery: number[] = [];
  for (let run = 0; run < RUNS; run++) recovery.push(await timeCrashRecovery(managedDir, isolateNetwork));
  const managedMedian = median(managed);
  const handMedian = median(byHand);
  const ratio = managedMedian / handMedian;
  const row = (name: string, values: number[], value: number) =>
    `| ${name.padEnd(30)} | ${values.map((v) => v.toFixed(0).padStart(5)).join(' ')} | ${value.toFixed(0).padStart(6)} ms |`;
  console.log(`| ${'start to /_ping OK'.padEnd(30)} | ${'runs (ms)'.padEnd(29)} | ${'median'.padStart(9)} |`);
  console.log(`|${'-'.repeat(32)}|${'-'.repeat(31)}|${'-'.repeat(11)}|`);
  console.log(row("Berth's managed engine", managed, managedMedian));
  console.log(row('dockerd by hand, same args', byHand, handMedian));
  console.log(row('kill -9 until answering again', recovery, median(recovery)));
  console.log(`\nratio managed / by hand: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}); managed median ${managedMedian.toFixed(0)} ms (target ≤ ${TARGET_MS} ms)`);
  if (managedMedian > TARGET_MS || ratio > TARGET_RATIO) process.exitCode = 1;
} finally {
  await deleteBridge(ip, handBridge);
  await new ManagedEngine({ dataDir: managedDir }).removeBridge();
  await unmountUnder(root);
  await rm(root, { recursive: true, force: true });
}
