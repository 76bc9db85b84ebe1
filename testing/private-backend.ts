/**
 * A Berth backend on its own private dockerd, for tests that must not disturb the engine the suite shares (they kill
 * the engine, or `swarm init` it): the dockerd with the test image, the backend connected to it, and a router client.
 */
import { createBackend, type Backend, type BackendOptions } from '../main/backend';
import { routerClient, type RouterClient } from './router-client';
import { ensureTestImage, startDockerd, type Dockerd } from './test-engine';

export interface PrivateBackend {
  dockerd: Dockerd;
  backend: Backend;
  client: RouterClient;
  /** Closes the client, stops the backend and destroys the dockerd with everything it made. */
  stop(): Promise<void>;
}

/** Starts one; if any step fails, what was started is stopped again before the error is thrown. */
export async function startPrivateBackend(options: Omit<BackendOptions, 'endpoint'> & { dataDir: string }): Promise<PrivateBackend> {
  const dockerd = await startDockerd();
  let backend: Backend | undefined;
  try {
    await ensureTestImage(dockerd.dockerHost);
    backend = createBackend({ ...options, endpoint: dockerd.dockerHost });
    await backend.ready;
    await backend.engine.waitUntilConnected(30_000);
  } catch (err) {
    await backend?.stop().catch(() => undefined);
    await dockerd.destroy();
    throw err;
  }
  const started = backend;
  const client = routerClient(started.router);
  return {
    dockerd,
    backend: started,
    client,
    stop: async () => {
      client.close();
      await started.stop();
      await dockerd.destroy();
    },
  };
}
