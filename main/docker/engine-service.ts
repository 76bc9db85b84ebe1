import type Docker from 'dockerode';
import type { EngineConnection } from '../engine/connection';

/** Base of every service over the engine API. */
export abstract class EngineService {
  constructor(protected readonly engine: EngineConnection) {}

  /** Read on every call, never cached: the active engine can change under a running service. */
  protected get docker(): Docker {
    return this.engine.docker;
  }
}
