import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs the docker CLI against a given engine and returns its trimmed stdout. */
export async function dockerCli(dockerHost: string, args: string[]): Promise<string> {
  const { stdout } = await run('docker', ['-H', dockerHost, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/** A name unique to one test, so parallel files and reruns never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
