import { test as base, expect } from '@playwright/test';
import { startBerth, type BerthServer } from '../testing/berth-server';
import { dockerCli } from '../testing/docker-cli';
import { TEST_IMAGE } from '../testing/test-engine';

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

export { expect, startBerth, type BerthServer };
