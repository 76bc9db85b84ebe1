import { mkdtempSync, rmSync } from 'node:fs';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startTestEngine, type TestEngine } from './test-engine';

declare module 'vitest' {
  export interface ProvidedContext {
    testEngine: { dockerHost: string; registry: string; image: string };
  }
}

let engine: TestEngine | undefined;
let scratch: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  // No test may write to the user's ~/.docker or Berth's real data dir (the backend starts its socket and writes
  // the berth docker context): workers inherit these.
  scratch = mkdtempSync('/tmp/bvt-');
  process.env.DOCKER_CONFIG = `${scratch}/docker-config`;
  process.env.BERTH_DATA_DIR = `${scratch}/data`;
  engine = await startTestEngine();
  project.provide('testEngine', { dockerHost: engine.dockerHost, registry: engine.registry, image: engine.image });
}

export async function teardown(): Promise<void> {
  await engine?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
