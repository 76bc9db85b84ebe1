import { ContainerListSync } from '../../../common/container-list-sync';
import type { ContainerSummary } from '../../../common/contract/containers';
import type { EngineConnection } from '../../engine/connection';
import type { ContainerService } from './containers';

/**
 * The main process's copy of the container list, kept current from the engine's events. Listing thousands of
 * containers costs the engine a second or more; with this a window opening can paint the last known list at once.
 * It is valid only while the engine is connected and the list was read since.
 */
export class ContainerListCache {
  private sync: ContainerListSync | undefined;
  private ready = false;
  private readonly offStatus: () => void;
  private readonly offEvent: () => void;

  constructor(
    private readonly engine: EngineConnection,
    private readonly service: ContainerService,
  ) {
    this.offStatus = engine.onStatus((status) => (status.state === 'connected' ? this.restart() : this.invalidate()));
    this.offEvent = engine.onEvent((event) => this.sync?.handleEvent(event));
    if (engine.status.state === 'connected') this.restart();
  }

  /** The cached list, or undefined when it is not known to be current. */
  snapshot(): ContainerSummary[] | undefined {
    return this.ready ? this.sync?.snapshot() : undefined;
  }

  dispose(): void {
    this.offStatus();
    this.offEvent();
    this.invalidate();
  }

  private restart(): void {
    this.invalidate();
    const sync = new ContainerListSync(this.service, () => undefined);
    this.sync = sync;
    sync.reload().then(
      () => {
        if (this.sync === sync) this.ready = true;
      },
      () => {
        if (this.sync === sync) this.invalidate();
      },
    );
  }

  private invalidate(): void {
    this.ready = false;
    this.sync?.dispose();
    this.sync = undefined;
  }
}
