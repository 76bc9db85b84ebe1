import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startTestEngine, type TestEngine } from './test-engine';

declare module 'vitest' {
  export interface ProvidedContext {
    testEngine: { dockerHost: string; registry: string; image: string };
  }
}

let engine: TestEngine | undefined;

export async function setup(project: TestProject): Promise<void> {
  engine = await startTestEngine();
  project.provide('testEngine', { dockerHost: engine.dockerHost, registry: engine.registry, image: engine.image });
}

export async function teardown(): Promise<void> {
  await engine?.stop();
}
