import { mkdtempSync, rmSync } from 'node:fs';
import { startTestEngine } from '../testing/test-engine';

/** Starts the private engine and registry once for all specs; workers read them from the environment. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // Every Berth a spec starts inherits these: none may write the berth context into the real ~/.docker or use the
  // real data dir (its socket lives there).
  const scratch = mkdtempSync('/tmp/bpw-');
  process.env.DOCKER_CONFIG = `${scratch}/docker-config`;
  process.env.BERTH_DATA_DIR = `${scratch}/data`;
  const engine = await startTestEngine();
  process.env.BERTH_TEST_DOCKER_HOST = engine.dockerHost;
  process.env.BERTH_TEST_REGISTRY = engine.registry;
  return async () => {
    await engine.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
}
