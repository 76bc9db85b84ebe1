import type {
  ActiveChoice,
  DiscoveredEngine,
  EndpointInput,
  EngineEndpoint,
  EngineSettingsView,
  EngineStatus,
} from '../../common/contract/engine';
import { ApiError } from '../../common/errors';
import type { EngineConnection } from './connection';
import { discoverEngines, discoveryCandidates, isOwnSocket, type DiscoveryContext } from './discovery';
import { endpointToDockerOptions, type EngineTarget } from './endpoint';
import type { ManagedEngine } from './managed-engine';
import { otherEngineTraces } from './process-tools';
import type { SettingsStore } from '../settings/settings-store';
import type { VmSupervisor } from './vm/vm-supervisor';

export interface EngineControlOptions {
  engine: EngineConnection;
  settings: SettingsStore;
  managed: ManagedEngine;
  env?: NodeJS.ProcessEnv;
  /** `--engine` from the command line: used for this run instead of the saved choice. */
  commandLineEndpoint?: string;
  systemSockets?: DiscoveryContext['systemSockets'];
  /** Berth's own engine socket, which is never used as the engine (it would forward to itself). */
  ownSocket?: string;
  /** Berth's VM, when this build has one. */
  vm?: VmSupervisor;
  platform?: NodeJS.Platform;
  log?: (message: string, error?: unknown) => void;
}

/** `--engine vm` on the command line: Berth's VM rather than an address. */
export const VM_COMMAND_LINE = 'vm';

const MANAGED_NAME = "Berth's managed engine";

/**
 * Decides which engine is active — the user's saved choice, or the first engine discovery finds, or Berth's own
 * managed engine when nothing answers — and applies every change the user makes (endpoints, switching, the managed
 * engine's lifecycle). Changes of the active engine are serialized so quick clicks cannot interleave.
 */
export class EngineControl {
  readonly engine: EngineConnection;
  readonly settings: SettingsStore;
  readonly managed: ManagedEngine;
  private readonly env: NodeJS.ProcessEnv;
  private readonly commandLineEndpoint?: string;
  private readonly systemSockets?: DiscoveryContext['systemSockets'];
  private readonly ownSocket?: string;
  private readonly log: (message: string, error?: unknown) => void;
  readonly vm?: VmSupervisor;
  private readonly platform: NodeJS.Platform;
  private queue: Promise<unknown> = Promise.resolve();
  private otherEngineSeen = false;
  /** The applied choice resolved to the VM: follow its target when a restart changes its port. */
  private vmActive = false;

  constructor(options: EngineControlOptions) {
    this.engine = options.engine;
    this.settings = options.settings;
    this.managed = options.managed;
    this.env = options.env ?? process.env;
    this.commandLineEndpoint = options.commandLineEndpoint;
    this.systemSockets = options.systemSockets;
    this.ownSocket = options.ownSocket;
    this.log = options.log ?? (() => undefined);
    this.vm = options.vm;
    this.platform = options.platform ?? process.platform;
    this.vm?.onStatus((status) => {
      const target = this.vm?.target;
      if (this.vmActive && status.state === 'running' && target && this.engine.target?.url !== target.url) this.engine.switchTo(target);
    });
  }

  /**
   * Whether the managed engine must leave iptables alone: another engine answered discovery, docker0 exists (some
   * engine set it up), or another engine process runs.
   */
  get anotherEngineMayRun(): boolean {
    return this.otherEngineSeen || otherEngineTraces(this.managed.paths.dataRoot);
  }

  /** Connects to the engine chosen on the command line, else the saved choice. */
  start(): Promise<EngineStatus> {
    this.engine.start();
    const initial: ActiveChoice =
      this.commandLineEndpoint === VM_COMMAND_LINE ? { mode: 'vm' } : this.commandLineEndpoint ? { mode: 'address', url: this.commandLineEndpoint } : this.settings.current.active;
    return this.serialize(() => this.apply(initial));
  }

  /** Stops talking to the engine; the managed engine stops too unless the user chose to keep it running. */
  async shutdown(): Promise<void> {
    this.engine.stop();
    if (this.settings.current.keepManagedEngineRunning) this.managed.detach();
    else await this.managed.stop();
    if (this.vm && this.settings.vmSettings.keepRunning) this.vm.detach();
    else await this.vm?.stop();
  }

  discover(): Promise<DiscoveredEngine[]> {
    return discoverEngines(this.discoveryContext()).then((found) => {
      this.otherEngineSeen = found.some((engine) => engine.reachable && engine.source !== 'managed');
      return found;
    });
  }

  view(): EngineSettingsView {
    const { endpoints, active, keepManagedEngineRunning } = this.settings.current;
    return { endpoints: [...endpoints], active, keepManagedEngineRunning, dataDir: this.settings.dataDir };
  }

  addEndpoint(input: EndpointInput): EngineEndpoint {
    this.refuseOwnSocket(input.url);
    endpointToDockerOptions(input.url, input.tls); // rejects an address or TLS file Berth cannot use, with the reason
    return this.settings.addEndpoint(input);
  }

  /** Saves the change; if it is the active endpoint, reconnects to the new address. */
  async updateEndpoint(id: string, input: EndpointInput): Promise<EngineEndpoint> {
    this.refuseOwnSocket(input.url);
    endpointToDockerOptions(input.url, input.tls);
    const endpoint = this.settings.updateEndpoint(id, input);
    const { active } = this.settings.current;
    if (active.mode === 'endpoint' && active.id === id) await this.serialize(() => this.apply(active));
    return endpoint;
  }

  /** Removes it; if it was active, Berth goes back to automatic discovery. */
  async removeEndpoint(id: string): Promise<void> {
    const { active } = this.settings.current;
    this.settings.removeEndpoint(id);
    if (active.mode === 'endpoint' && active.id === id) await this.serialize(() => this.apply({ mode: 'auto' }));
  }

  /** Switches the active engine and saves the choice. */
  activate(choice: ActiveChoice): Promise<EngineStatus> {
    if (choice.mode === 'address') {
      this.refuseOwnSocket(choice.url);
      endpointToDockerOptions(choice.url);
    }
    this.settings.setActive(choice);
    return this.serialize(() => this.apply(choice));
  }

  setKeepRunning(keepRunning: boolean): EngineSettingsView {
    this.settings.setKeepManagedEngineRunning(keepRunning);
    return this.view();
  }

  private ownSocketMessage(url: string): string {
    return `${url} is Berth's own socket, which forwards to the engine Berth uses; choose that engine itself.`;
  }

  private refuseOwnSocket(url: string): void {
    if (isOwnSocket(url, this.ownSocket)) throw new ApiError('invalid-input', this.ownSocketMessage(url));
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private discoveryContext(): DiscoveryContext {
    return {
      env: this.env,
      endpoints: this.settings.current.endpoints,
      commandLine: this.commandLineEndpoint === VM_COMMAND_LINE ? undefined : this.commandLineEndpoint,
      managedEndpoint: this.managed.endpoint,
      systemSockets: this.systemSockets,
      ownSocket: this.ownSocket,
    };
  }

  private managedTarget(): EngineTarget {
    return { url: this.managed.endpoint, name: MANAGED_NAME, source: 'managed', explainUnreachable: () => this.whyManagedIsDown() };
  }

  private whyManagedIsDown(): string | undefined {
    const { state, reason } = this.managed.status;
    if (state === 'stopped') return `${MANAGED_NAME} is stopped; start it on the Engine page.`;
    if (state === 'stopping') return `${MANAGED_NAME} is stopping.`;
    if (state === 'starting') return reason ? `${MANAGED_NAME} is restarting: ${reason}` : `${MANAGED_NAME} is starting.`;
    if (state === 'failed') return reason;
    return undefined;
  }

  private async apply(choice: ActiveChoice): Promise<EngineStatus> {
    this.vmActive = false;
    const target = await this.resolve(choice);
    if (target) this.engine.switchTo(target);
    return this.engine.status;
  }

  /**
   * The engine a choice stands for. Undefined when resolving already pointed the connection somewhere: at the
   * managed engine (which the connection retries while it starts), or at nothing, with the reason.
   */
  private async resolve(choice: ActiveChoice): Promise<EngineTarget | undefined> {
    switch (choice.mode) {
      case 'endpoint': {
        const endpoint = this.settings.current.endpoints.find((candidate) => candidate.id === choice.id);
        if (endpoint && isOwnSocket(endpoint.url, this.ownSocket)) return this.detach(this.ownSocketMessage(endpoint.url));
        if (endpoint) return { url: endpoint.url, tls: endpoint.tls, name: endpoint.name, source: 'configured' };
        this.log(`the saved endpoint ${choice.id} no longer exists; using discovery`);
        return this.resolve({ mode: 'auto' });
      }
      case 'address': {
        if (choice.url === this.managed.endpoint) return this.resolve({ mode: 'managed' });
        // Reached with --engine or a saved choice; the Engine page's choices are refused in activate().
        if (isOwnSocket(choice.url, this.ownSocket)) return this.detach(this.ownSocketMessage(choice.url));
        // Keep saying where the address came from (DOCKER_HOST, a docker context, …) when discovery knows it.
        const known = (await discoveryCandidates(this.discoveryContext())).find((candidate) => candidate.url === choice.url && !candidate.endpointId);
        return { url: choice.url, ...(known ? { source: known.source, ...(known.name ? { name: known.name } : {}) } : {}) };
      }
      case 'managed':
        return this.startManaged();
      case 'vm':
        return this.startVm();
      case 'auto': {
        const found = await this.discover();
        const first = found.find((engine) => engine.reachable);
        if (first?.source === 'managed') return this.startManaged();
        if (first) {
          const endpoint = first.endpointId ? this.settings.current.endpoints.find((candidate) => candidate.id === first.endpointId) : undefined;
          return { url: first.endpoint, tls: endpoint?.tls, name: endpoint?.name, source: first.source };
        }
        // Nothing answers: on Linux Berth's own dockerd when installed, else (and on macOS and Windows) the VM.
        if (this.platform === 'linux' && this.managed.installed) return this.startManaged();
        if (this.vm?.availability().ok) return this.startVm();
        return this.startManaged('No container engine answered, and ');
      }
    }
  }

  /**
   * Starts (or adopts) the VM and returns its target once its engine answers. While it boots the connection has no
   * engine and says why (the VM's step); the VM's own status then keeps the connection on its current port.
   */
  private async startVm(why = ''): Promise<EngineTarget | undefined> {
    const vm = this.vm;
    if (!vm) return this.detach("Berth's VM is not part of this build.");
    const available = vm.availability();
    if (!available.ok) return this.detach(why ? `${why}${available.reason.charAt(0).toLowerCase()}${available.reason.slice(1)}` : available.reason);
    this.vmActive = true;
    const target = vm.target;
    if (target && vm.status.state === 'running') return target;
    if (target) this.engine.switchTo(target);
    else this.detach("Berth's VM is starting.");
    const status = await vm.start();
    if (status.state === 'running') return vm.target;
    this.log(`VM did not start: ${status.failure?.message ?? status.reason ?? status.state}`);
    return this.detach(vm.target?.explainUnreachable?.() ?? status.failure?.message ?? "Berth's VM did not start.");
  }

  private detach(reason: string): undefined {
    this.engine.switchTo(undefined, reason);
    return undefined;
  }

  private async startManaged(why = ''): Promise<EngineTarget | undefined> {
    if (!this.managed.installed) {
      const reason = this.managed.status.reason ?? 'dockerd is not installed.';
      this.engine.switchTo(undefined, why ? `${why}${reason.charAt(0).toLowerCase()}${reason.slice(1)}` : reason);
      return undefined;
    }
    // Point at it first so the banner says which engine is starting; the connection retries until it answers.
    this.engine.switchTo(this.managedTarget());
    const status = await this.managed.start();
    if (status.state === 'failed') this.log(`managed engine failed: ${status.reason ?? ''}`);
    return undefined;
  }
}
