import type { ApiClient } from '../../common/client';
import { ContainerListSync } from '../../common/container-list-sync';
import type { Contract } from '../../common/contract';
import type { EngineEvent, EngineStatus, ManagedEngineStatus } from '../../common/contract/engine';
import type { VmStatus } from '../../common/contract/vm';
import { DisposableStore, toDisposable, type IDisposable } from '../../common/lifecycle';
import { trayContainers, trayEngine, type TrayAction, type TrayState } from './tray-template';

/**
 * What the tray shows, kept current through the contract like any window: the engine's status (and the managed
 * engine's or VM's lifecycle), and the running containers from the engine's events. `perform` carries out a
 * menu action through the same calls the pages use.
 */
export class TrayModel implements IDisposable {
  private connection: EngineStatus = { state: 'connecting', endpoint: '', since: 0 };
  private managed: ManagedEngineStatus | undefined;
  private vm: VmStatus | undefined;
  private sync: ContainerListSync | undefined;
  private readonly store = new DisposableStore();

  constructor(
    private readonly client: ApiClient<Contract>,
    private readonly onChange: (state: TrayState) => void,
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
  ) {
    const follow = <T>(subscribe: (handlers: { onEvent(event: T): void }) => { unsubscribe(): void }, apply: (event: T) => void) => {
      const subscription = subscribe({ onEvent: apply });
      this.store.add(toDisposable(() => subscription.unsubscribe()));
    };
    follow<EngineStatus>(
      (handlers) => client.subscribe('engine.status', {}, handlers),
      (status) => {
        const wasConnected = this.connection.state === 'connected' && this.connection.endpoint === status.endpoint;
        this.connection = status;
        if (status.state === 'connected' && !wasConnected) this.reloadContainers();
        if (status.state !== 'connected') this.dropContainers();
        this.changed();
      },
    );
    follow<ManagedEngineStatus>((handlers) => client.subscribe('engine.managed.status', {}, handlers), (status) => ((this.managed = status), this.changed()));
    follow<VmStatus>((handlers) => client.subscribe('vm.status', {}, handlers), (status) => ((this.vm = status), this.changed()));
    follow<EngineEvent>((handlers) => client.subscribe('engine.events', { types: ['container'] }, handlers), (event) => this.sync?.handleEvent(event));
    this.store.addCleanup(() => this.dropContainers());
  }

  get state(): TrayState {
    return { engine: trayEngine(this.connection, this.managed, this.vm), containers: trayContainers(this.sync?.snapshot() ?? []) };
  }

  /** Carries out an engine or container action; `open` and `quit` belong to the shell. Rejects with the reason. */
  async perform(action: TrayAction): Promise<void> {
    if (action.kind === 'engine') {
      const controls = this.state.engine.controls;
      if (!controls) throw new Error('Berth does not run this engine, so it cannot start or stop it.');
      const method = `${controls === 'managed' ? 'engine.managed' : 'vm'}.${action.op}` as const;
      await this.client.call(method, {});
    } else if (action.kind === 'container' && action.op !== 'open') {
      await this.client.call(action.op === 'stop' ? 'containers.stop' : 'containers.restart', { id: action.id });
    }
  }

  dispose(): void {
    this.store.dispose();
  }

  private reloadContainers(): void {
    this.dropContainers();
    const sync = new ContainerListSync({ list: (ids) => this.client.call('containers.list', ids ? { ids } : { cached: true }) }, () => this.changed());
    this.sync = sync;
    sync.reload().catch((error: unknown) => {
      if (this.sync === sync) this.log('tray: could not list containers', error);
    });
  }

  private dropContainers(): void {
    this.sync?.dispose();
    this.sync = undefined;
  }

  private changed(): void {
    if (!this.store.isDisposed) this.onChange(this.state);
  }
}
