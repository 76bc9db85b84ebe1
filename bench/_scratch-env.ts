import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Berth writes its docker context at start: a bench's Berth gets a scratch DOCKER_CONFIG, never the user's ~/.docker
 * (startBerth refuses to start without one). `remove` deletes it at the end.
 */
export function scratchBerthEnv(bench: string): { env: NodeJS.ProcessEnv; remove: () => void } {
  const scratch = mkdtempSync(path.join(os.tmpdir(), `berth-bench-${bench}-`));
  return {
    env: { ...process.env, DOCKER_CONFIG: path.join(scratch, 'docker-config') },
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  };
}
