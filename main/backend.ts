import { contract } from '../common/contract';
import { createHandlers } from './api/handlers/index';
import { createRouter, type Router } from './api/router';
import { EngineConnection } from './engine/connection';

export interface Backend {
  engine: EngineConnection;
  router: Router;
  stop(): void;
}

export interface BackendOptions {
  endpoint: string;
  log?: (message: string, error?: unknown) => void;
}

/** Everything the main process runs, independent of which transport carries it (Electron IPC or the WebSocket). */
export function createBackend({ endpoint, log }: BackendOptions): Backend {
  const engine = new EngineConnection(endpoint);
  const router = createRouter(contract, createHandlers(engine), { log });
  engine.start();
  return { engine, router, stop: () => engine.stop() };
}
