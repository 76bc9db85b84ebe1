/**
 * Berth's browser mode as a child process, for E2E specs and the soak: the built `serve` against an engine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';

export interface BerthServer {
  url: string;
  origin: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const SERVE_ENTRY = path.resolve(process.env.BERTH_OUT_DIR ?? path.resolve(import.meta.dirname, '../out'), 'main/serve.js');

/**
 * Starts `serve` (the built browser mode) against an engine and resolves with the URL it prints.
 * Without an engine it uses discovery (and its managed engine), as a user's plain `npm run serve` does.
 */
export async function startBerth(
  engine: string | undefined,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
  /** Options for node itself (the storm test's `--inspect` to read the server's heap). */
  nodeArgs: string[] = [],
): Promise<BerthServer> {
  // Berth writes the berth docker context at start: never into the real ~/.docker (global-setup sets a temp one).
  if (!env.DOCKER_CONFIG && (!env.HOME || env.HOME === os.homedir())) throw new Error('startBerth needs DOCKER_CONFIG (or a temp HOME) so no test writes to ~/.docker.');
  const engineArgs = engine ? ['--engine', engine] : [];
  const child = spawn(process.execPath, [...nodeArgs, SERVE_ENTRY, '--port', '0', ...engineArgs, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 15_000;
  let url: string | undefined;
  while (!url) {
    url = output.split('\n').find((line) => line.startsWith('http://127.0.0.1'));
    if (url) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`berth serve did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    origin: new URL(url).origin,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
