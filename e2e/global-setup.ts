import { startTestEngine } from '../testing/test-engine';

/** Starts the private engine and registry once for all specs; workers read them from the environment. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const engine = await startTestEngine();
  process.env.BERTH_TEST_DOCKER_HOST = engine.dockerHost;
  process.env.BERTH_TEST_REGISTRY = engine.registry;
  return () => engine.stop();
}
