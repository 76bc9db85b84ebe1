import { EventEmitter } from 'node:events';
import Docker from 'dockerode';
import type { VmPortForward } from '../../../../common/contract/vm';
import { dockerOptionsWithAgent, type EngineTarget } from '../../endpoint';
import { createJsonLineParser } from '../../json-lines';

/** What the engine's container list says about one published port (the fields Berth reads). */
export interface PublishedPort {
  IP?: string;
  PrivatePort?: number;
  PublicPort?: number;
  Type?: string;
}

export interface RunningContainer {
  Id: string;
  Names?: string[];
  Ports?: PublishedPort[];
}

export interface WantedForward {
  protocol: 'tcp' | 'udp';
  hostPort: number;
  containerId: string;
  containerName: string;
  /** Why it cannot be forwarded, decided from the list alone. */
  refused?: string;
}

export function forwardKey(forward: { protocol: string; hostPort: number }): string {
  return `${forward.protocol}:${forward.hostPort}`;
}

/**
 * The loopback forwards the running containers ask for: one per published (protocol, host port), whether the engine
 * lists it once or twice (IPv4 and IPv6). A port published on the VM's own loopback cannot be reached through QEMU's
 * NAT, so it is reported rather than forwarded.
 */
export function wantedForwards(containers: readonly RunningContainer[]): WantedForward[] {
  const wanted = new Map<string, WantedForward>();
  for (const container of containers) {
    const name = (container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, '');
    for (const port of container.Ports ?? []) {
      if (!port.PublicPort) continue;
      const protocol = port.Type === 'udp' ? 'udp' : port.Type === 'tcp' || port.Type === undefined ? 'tcp' : undefined;
      if (!protocol) continue; // sctp: QEMU's user network cannot forward it
      const key = forwardKey({ protocol, hostPort: port.PublicPort });
      const loopbackOnly = port.IP !== undefined && /^(127\.|::1$)/.test(port.IP);
      const existing = wanted.get(key);
      // An all-addresses binding wins over a loopback-only one for the same port.
      if (existing && (existing.refused === undefined || loopbackOnly)) continue;
      wanted.set(key, {
        protocol,
        hostPort: port.PublicPort,
        containerId: container.Id,
        containerName: name,
        ...(loopbackOnly ? { refused: `published on the VM's loopback address ${port.IP} only, which the host cannot reach; publish it as -p ${port.PublicPort}:${port.PrivatePort ?? port.PublicPort} to reach it on the host's 127.0.0.1.` } : {}),
      });
    }
  }
  return [...wanted.values()];
}

/**
 * The loopback forwards QEMU already has, from `info usernet` (a VM adopted from an earlier Berth keeps its forwards).
 * Only same-port forwards are Berth's container forwards; the engine's own forward maps another port to 2376.
 */
export function parseUsernetForwards(output: string): { protocol: 'tcp' | 'udp'; hostPort: number }[] {
  const forwards: { protocol: 'tcp' | 'udp'; hostPort: number }[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s*(TCP|UDP)\[HOST_FORWARD\]\s+\d+\s+127\.0\.0\.1\s+(\d+)\s+\S+\s+(\d+)/.exec(line);
    if (match && match[2] === match[3]) forwards.push({ protocol: match[1] === 'UDP' ? 'udp' : 'tcp', hostPort: Number(match[2]) });
  }
  return forwards;
}

export interface ForwardDiff {
  add: WantedForward[];
  remove: VmPortForward[];
}

/**
 * What to change to go from the current forwards to the wanted ones. A forward that failed before (port taken) is
 * tried again; one now owned by a different container is removed and added again, so its owner is right.
 */
export function diffForwards(current: readonly VmPortForward[], wanted: readonly WantedForward[]): ForwardDiff {
  const wantedByKey = new Map(wanted.map((forward) => [forwardKey(forward), forward]));
  const currentByKey = new Map(current.map((forward) => [forwardKey(forward), forward]));
  const remove = current.filter((forward) => {
    const next = wantedByKey.get(forwardKey(forward));
    return forward.state === 'active' && (!next || next.containerId !== forward.containerId || next.refused !== undefined);
  });
  const add = wanted.filter((forward) => {
    const existing = currentByKey.get(forwardKey(forward));
    return !existing || existing.state === 'failed' || existing.containerId !== forward.containerId;
  });
  return { add, remove };
}

/** The part of QMP the forwarder uses (so tests can use a real QEMU or nothing else). */
export interface HumanMonitor {
  human(commandLine: string): Promise<string>;
}

const CONTAINER_ACTIONS = new Set(['start', 'die', 'destroy', 'pause', 'unpause', 'restart']);
const RECONNECT_DELAY_MS = 2000;

/**
 * Keeps QEMU's loopback forwards equal to the ports the VM's running containers publish: reconciles with the
 * container list when it starts (and after a reconnect), then again on each container start/die event of the VM
 * engine's own event stream. Nothing polls. Forwards that QEMU refuses (the host port is taken) are kept as
 * `failed` with the reason, so the UI can show it on the container.
 */
export class PortForwarder {
  private readonly emitter = new EventEmitter();
  private forwards: VmPortForward[] = [];
  private docker?: Docker;
  private agent?: { destroy(): void };
  private events?: NodeJS.ReadableStream & { destroy?: () => void };
  private reconnectTimer?: NodeJS.Timeout;
  private queue: Promise<void> = Promise.resolve();
  private again = false;
  private running = false;
  private disposed = false;

  constructor(
    private readonly monitor: HumanMonitor,
    private readonly target: EngineTarget,
    private readonly nic = 'net0',
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
  ) {}

  get current(): VmPortForward[] {
    return this.forwards;
  }

  onChange(listener: (forwards: VmPortForward[]) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  /** Opens the events stream and reconciles once; resolves after that first reconcile. */
  async start(): Promise<void> {
    // Forwards left by an earlier Berth are known, owner unknown: the first reconcile re-adds or removes each.
    const existing = parseUsernetForwards(await this.monitor.human('info usernet').catch(() => ''));
    this.forwards = existing.map((forward) => ({ ...forward, containerId: '', containerName: '', state: 'active' as const }));
    const { options, agent } = dockerOptionsWithAgent(this.target);
    this.docker = new Docker(options);
    this.agent = agent;
    await this.watch();
  }

  /** Stops listening. The forwards stay in QEMU (they end with it, or stay useful for a VM kept running). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reconnectTimer);
    this.events?.removeAllListeners('data');
    this.events?.destroy?.();
    this.agent?.destroy();
    this.emitter.removeAllListeners();
  }

  /** Reconciles now (serialized: a request during a run causes one more run after it). */
  reconcile(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.queue;
    }
    this.running = true;
    this.queue = (async () => {
      try {
        do {
          this.again = false;
          await this.reconcileOnce();
        } while (this.again && !this.disposed);
      } finally {
        this.running = false;
      }
    })();
    return this.queue;
  }

  private async watch(): Promise<void> {
    if (this.disposed || !this.docker) return;
    try {
      const stream = (await this.docker.getEvents({ filters: { type: ['container'] } })) as NodeJS.ReadableStream & { destroy?: () => void };
      if (this.disposed) {
        stream.destroy?.();
        return;
      }
      this.events = stream;
      stream.on(
        'data',
        createJsonLineParser((raw) => {
          const action = String((raw as { Action?: string }).Action ?? '');
          if (CONTAINER_ACTIONS.has(action)) void this.reconcile().catch((err) => this.log('port forward reconcile failed', err));
        }),
      );
      const lost = () => {
        if (this.events !== stream || this.disposed) return;
        this.events = undefined;
        this.scheduleReconnect();
      };
      stream.on('end', lost);
      stream.on('close', lost);
      stream.on('error', lost);
      // After the stream is open, so no start between the list and the subscription is missed.
      await this.reconcile();
    } catch (err) {
      this.log('the VM engine events stream could not be opened; retrying', err);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.disposed) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.watch(), RECONNECT_DELAY_MS);
  }

  private async reconcileOnce(): Promise<void> {
    if (!this.docker || this.disposed) return;
    const containers = (await this.docker.listContainers({ filters: { status: ['running'] } })) as RunningContainer[];
    const wanted = wantedForwards(containers);
    const { add, remove } = diffForwards(this.forwards, wanted);
    const next = new Map(this.forwards.map((forward) => [forwardKey(forward), forward]));
    for (const forward of remove) {
      const output = await this.monitor.human(`hostfwd_remove ${this.nic} ${forward.protocol}:127.0.0.1:${forward.hostPort}`);
      if (output.trim()) this.log(`hostfwd_remove ${forward.protocol}:${forward.hostPort}: ${output.trim()}`);
      next.delete(forwardKey(forward));
    }
    for (const forward of add) {
      const key = forwardKey(forward);
      const base = { protocol: forward.protocol, hostPort: forward.hostPort, containerId: forward.containerId, containerName: forward.containerName };
      if (forward.refused) {
        next.set(key, { ...base, state: 'failed', error: forward.refused });
        continue;
      }
      const output = (await this.monitor.human(`hostfwd_add ${this.nic} ${forward.protocol}:127.0.0.1:${forward.hostPort}-:${forward.hostPort}`)).trim();
      next.set(
        key,
        output
          ? { ...base, state: 'failed', error: `Host port 127.0.0.1:${forward.hostPort}/${forward.protocol} could not be forwarded (is it in use by another program?). QEMU said: ${output}` }
          : { ...base, state: 'active' },
      );
    }
    // Failed entries whose container no longer asks for the port disappear too.
    const wantedKeys = new Set(wanted.map(forwardKey));
    for (const key of [...next.keys()]) if (!wantedKeys.has(key)) next.delete(key);
    const forwards = [...next.values()].sort((a, b) => a.hostPort - b.hostPort || a.protocol.localeCompare(b.protocol));
    const changed = JSON.stringify(forwards) !== JSON.stringify(this.forwards);
    this.forwards = forwards;
    if (changed) this.emitter.emit('change', forwards);
  }
}
