// Starts the private test engine and registry for manual work and keeps them up until Ctrl-C:
//   npx tsx testing/dev-engine.ts
// then point Berth or the tests at it (BERTH_TEST_DOCKER_HOST / BERTH_TEST_REGISTRY).
import { startTestEngine } from './test-engine';

const engine = await startTestEngine();
process.stdout.write(`BERTH_TEST_DOCKER_HOST=${engine.dockerHost}\nBERTH_TEST_REGISTRY=${engine.registry}\n`);
const shutdown = () => void engine.stop().finally(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
setInterval(() => undefined, 1 << 30);
