import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { dockerCli } from '../testing/docker-cli';
import { TEST_IMAGE } from '../testing/test-engine';

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
export async function startBerth(engine: string | undefined, extraArgs: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<BerthServer> {
  // Berth writes the berth docker context at start: never into the real ~/.docker (global-setup sets a temp one).
  if (!env.DOCKER_CONFIG && (!env.HOME || env.HOME === os.homedir())) throw new Error('startBerth needs DOCKER_CONFIG (or a temp HOME) so no test writes to ~/.docker.');
  const engineArgs = engine ? ['--engine', engine] : [];
  const child = spawn(process.execPath, [SERVE_ENTRY, '--port', '0', ...engineArgs, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env });
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

export interface TestEnv {
  dockerHost: string;
  registry: string;
  image: string;
  docker(args: string[]): Promise<string>;
}

export const test = base.extend<{ env: TestEnv; berth: BerthServer }>({
  env: async ({}, use) => {
    const dockerHost = process.env.BERTH_TEST_DOCKER_HOST!;
    await use({
      dockerHost,
      registry: process.env.BERTH_TEST_REGISTRY!,
      image: TEST_IMAGE,
      docker: (args) => dockerCli(dockerHost, args),
    });
  },
  berth: async ({ env }, use) => {
    const server = await startBerth(env.dockerHost);
    await use(server);
    await server.stop();
  },
});

export { expect };
