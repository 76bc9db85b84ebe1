import net from 'node:net';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Finds an executable on PATH or in the sbin directories, where distributions put `dockerd` and `ip`. */
export function which(binary: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).concat(['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'])) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's argv, or undefined when it is gone (or the platform has no /proc). */
export async function processArguments(pid: number): Promise<string[] | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

export async function readPidFile(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves true once the pid is gone, false after `timeoutMs`. */
export async function waitForPidExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** SIGTERM, then SIGKILL after `graceMs`; works for our children and for processes adopted by pid. */
export async function terminatePid(pid: number, graceMs: number): Promise<'terminated' | 'killed' | 'gone'> {
  if (!isProcessAlive(pid)) return 'gone';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'gone';
  }
  if (await waitForPidExit(pid, graceMs)) return 'terminated';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'gone';
  }
  await waitForPidExit(pid, 5000);
  return 'killed';
}

/** `GET /_ping` on a unix socket; true only for a 200. */
export function pingSocket(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ socketPath, path: '/_ping', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function interfaceIsUp(name: string): boolean {
  try {
    const IFF_UP = 0x1;
    return (Number.parseInt(readFileSync(`/sys/class/net/${name}/flags`, 'utf8').trim(), 16) & IFF_UP) !== 0;
  } catch {
    return false;
  }
}

/** Creates (or reuses) a Linux bridge with the given gateway address, so a private dockerd never touches docker0. */
export async function ensureBridge(ip: string, name: string, gatewayCidr: string): Promise<void> {
  // Fast path for every start after the first: the bridge is there and up, so no `ip` processes at all.
  if (interfaceIsUp(name)) return;
  const exists = await run(ip, ['link', 'show', name]).then(() => true, () => false);
  if (!exists) await run(ip, ['link', 'add', 'name', name, 'type', 'bridge']);
  const { stdout } = await run(ip, ['-o', 'addr', 'show', 'dev', name]);
  if (!stdout.includes(` ${gatewayCidr} `)) await run(ip, ['addr', 'add', gatewayCidr, 'dev', name]);
  await run(ip, ['link', 'set', name, 'up']);
}

export async function deleteBridge(ip: string, name: string): Promise<void> {
  await run(ip, ['link', 'del', name]).catch(() => undefined);
}

/** Unmounts (lazily, deepest first) everything mounted under `dir`; a no-op without /proc/mounts. */
export async function unmountUnder(dir: string): Promise<void> {
  const mounts = await readFile('/proc/mounts', 'utf8').catch(() => '');
  const prefix = `${dir.replace(/\/$/, '')}/`;
  const points = mounts
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((point): point is string => Boolean(point && point.startsWith(prefix)))
    .sort((a, b) => b.length - a.length);
  for (const point of points) await run('umount', ['-l', point]).catch(() => undefined);
}

/**
 * Whether another engine may run on this machine: docker0 exists (some engine set it up), or a container engine
 * process other than the one using `ownDataRoot` runs. Then a private dockerd must keep its hands off iptables, or
 * the two engines fight over the rules.
 */
export function otherEngineTraces(ownDataRoot: string): boolean {
  return existsSync('/sys/class/net/docker0') || otherEngineProcessRunning(ownDataRoot);
}

/** Linux /proc scan for a dockerd or `podman service` whose arguments do not name `ownDataRoot`. */
function otherEngineProcessRunning(ownDataRoot: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const program = path.basename(args[0] ?? '');
    const isEngine = program === 'dockerd' || (program === 'podman' && args.includes('service'));
    if (isEngine && !args.some((arg) => arg.includes(ownDataRoot))) return true;
  }
  return false;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
