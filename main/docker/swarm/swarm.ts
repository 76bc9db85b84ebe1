import { networkInterfaces } from 'node:os';
import type Docker from 'dockerode';
import { ApiError } from '../../../common/errors';
import type {
  AdvertiseAddressChoice,
  ConfigInfo,
  NodeInfo,
  ServiceDetails,
  ServiceInput,
  ServiceSummary,
  SwarmObjectInfo,
  SwarmState,
  TaskInfo,
} from '../../../common/contract/swarm';
import { toApiError } from '../../api/errors';
import { EngineService } from '../engine-service';
import { explain, notInSwarm } from './swarm-errors';
import { SwarmObjectStore, type EngineSwarmObject } from './swarm-object-store';
import { fromServiceSpec, imageWithoutDigest, toServiceSpec, type ServiceSpec } from './service-spec';
import { sortTasks, toServiceSummary, toTaskInfo, type EngineTask } from './task-view';

interface EngineNode {
  ID: string;
  Version?: { Index?: number };
  Spec?: { Role?: 'manager' | 'worker'; Availability?: 'active' | 'pause' | 'drain'; Labels?: Record<string, string>; Name?: string };
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string }; Resources?: { NanoCPUs?: number; MemoryBytes?: number } };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Addr?: string };
}

/** Durations and data from the service's tasks' containers the task list does not carry. */
async function taskHealth(docker: Docker, containerId: string | undefined): Promise<TaskInfo['health']> {
  if (!containerId) return undefined;
  try {
    const info = await docker.getContainer(containerId).inspect();
    const status = info.State.Health?.Status;
    return status === 'healthy' || status === 'unhealthy' || status === 'starting' ? status : undefined;
  } catch {
    // A task's container on another node, or already removed: no health to show.
    return undefined;
  }
}

/** Swarm mode over the engine API: the swarm itself, services and their tasks, nodes, secrets and configs. */
export class SwarmService extends EngineService {
  async state(): Promise<SwarmState> {
    const info = (await this.docker.info()) as { Swarm?: { LocalNodeState?: string; NodeID?: string; NodeAddr?: string; ControlAvailable?: boolean; Error?: string; Managers?: number; Nodes?: number; Cluster?: { ID?: string; CreatedAt?: string } } };
    const swarm = info.Swarm;
    const local = swarm?.LocalNodeState ?? 'inactive';
    if (local === 'inactive' || local === '') return { state: 'inactive' };
    if (local === 'pending' || local === 'locked' || local === 'error') {
      const message = swarm?.Error || (local === 'locked' ? 'The swarm is locked: unlock it with `docker swarm unlock` and its key.' : local === 'pending' ? 'The engine is joining or leaving a swarm.' : 'The engine reports a swarm error.');
      return { state: local, message };
    }
    const manager = Boolean(swarm?.ControlAvailable);
    const services = manager ? (await this.docker.listServices()).length : 0;
    return {
      state: 'active',
      role: manager ? 'manager' : 'worker',
      nodeId: swarm?.NodeID ?? '',
      nodeAddress: swarm?.NodeAddr ?? '',
      managers: swarm?.Managers ?? 0,
      nodes: swarm?.Nodes ?? 0,
      ...(swarm?.Cluster?.ID ? { clusterId: swarm.Cluster.ID } : {}),
      ...(swarm?.Cluster?.CreatedAt ? { createdAt: swarm.Cluster.CreatedAt } : {}),
      services,
    };
  }

  /**
   * The engine host's addresses. For an engine on this machine (a unix socket or a loopback TCP address) they are this
   * machine's interfaces; for a remote one, the host Berth reaches it at. Loopback comes last: it only suits a
   * single-node swarm.
   */
  addresses(): AdvertiseAddressChoice[] {
    const endpoint = this.engine.endpoint;
    const remote = /^(tcp|ssh|https?):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/.exec(endpoint);
    const host = remote?.[2]?.replace(/^\[|\]$/g, '');
    const choices: AdvertiseAddressChoice[] = [];
    if (host && !/^(localhost|127\.|::1$)/.test(host)) {
      choices.push({ address: host, interface: 'the engine\'s address', loopback: false });
    } else {
      for (const [name, addresses] of Object.entries(networkInterfaces())) {
        for (const address of addresses ?? []) {
          if (address.family !== 'IPv4' || address.internal) continue;
          choices.push({ address: address.address, interface: name, loopback: false });
        }
      }
    }
    choices.push({ address: '127.0.0.1', interface: 'lo', loopback: true });
    return choices;
  }

  /**
   * Starts a single-node swarm. A loopback advertise address also listens on loopback only, so the swarm is not
   * reachable from the network. The ports default to the engine's (2377 for managers, 4789 for overlay traffic).
   */
  async init(advertiseAddress: string, ports: { listenPort?: number | undefined; dataPathPort?: number | undefined } = {}): Promise<SwarmState> {
    const current = await this.state();
    if (current.state !== 'inactive') throw new ApiError('conflict', 'This engine is already part of a swarm. Leave it first to start a new one.');
    const loopback = /^(127\.|::1$|localhost$)/.test(advertiseAddress);
    const listenPort = ports.listenPort ?? 2377;
    try {
      await this.docker.swarmInit({
        ListenAddr: `${loopback ? advertiseAddress : '0.0.0.0'}:${listenPort}`,
        AdvertiseAddr: `${advertiseAddress}:${listenPort}`,
        ...(ports.dataPathPort ? { DataPathPort: ports.dataPathPort } : {}),
        ForceNewCluster: false,
      });
    } catch (err) {
      throw explain(`Could not initialise a swarm advertising ${advertiseAddress}`, err);
    }
    return this.state();
  }

  async leave(force: boolean): Promise<SwarmState> {
    const current = await this.state();
    if (current.state === 'inactive') return current;
    if (!force && current.state === 'active' && current.role === 'manager') {
      const services = await this.docker.listServices();
      const names = services.map((service) => service.Spec?.Name ?? service.ID);
      const last = current.managers <= 1;
      if (names.length || last) {
        throw new ApiError(
          'conflict',
          `${last ? 'This is the swarm\'s last manager: leaving ends the swarm and removes its services, secrets and configs' : 'Leaving takes this manager out of the swarm'}${
            names.length ? `; these services stop here: ${names.join(', ')}` : ''
          }. Confirm to leave anyway.`,
        );
      }
    }
    try {
      await this.docker.swarmLeave({ force });
    } catch (err) {
      throw explain('Could not leave the swarm', err);
    }
    return this.state();
  }

  private async nodes(): Promise<EngineNode[]> {
    return (await this.docker.listNodes()) as EngineNode[];
  }

  private async nodeNames(): Promise<Map<string, string>> {
    return new Map((await this.nodes()).map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
  }

  async listServices(): Promise<ServiceSummary[]> {
    let services: Docker.Service[];
    try {
      services = await this.docker.listServices({ status: true });
    } catch (err) {
      if (notInSwarm(err)) return [];
      throw explain('Could not list services', err);
    }
    const [tasks, nodes] = await Promise.all([this.docker.listTasks() as Promise<EngineTask[]>, this.nodes()]);
    const names = new Map(nodes.map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
    const eligible = nodes.filter((node) => node.Spec?.Availability === 'active' && node.Status?.State === 'ready').length;
    return services
      .map((service) => {
        const own = tasks.filter((task) => task.ServiceID === service.ID).map((task) => toTaskInfo(task, service.Spec as ServiceSpec, names));
        return toServiceSummary(service, own, eligible);
      })
      .sort((a, b) => (a.stack ?? '').localeCompare(b.stack ?? '') || a.name.localeCompare(b.name));
  }

  private async inspectService(id: string): Promise<Docker.Service> {
    try {
      return (await this.docker.getService(id).inspect()) as Docker.Service;
    } catch (err) {
      const error = toApiError(err);
      if (error.code === 'not-found') throw new ApiError('not-found', `No service named or with id "${id}" exists (it may have been removed).`);
      throw explain(`Could not read the service ${id}`, err);
    }
  }

  async inspect(id: string): Promise<ServiceDetails> {
    const service = await this.inspectService(id);
    const spec = service.Spec as ServiceSpec;
    const [engineTasks, nodes, networks] = await Promise.all([
      this.docker.listTasks({ filters: { service: [service.ID] } }) as Promise<EngineTask[]>,
      this.nodes(),
      this.docker.listNetworks().catch(() => [] as Docker.NetworkInspectInfo[]),
    ]);
    const names = new Map(nodes.map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
    const eligible = nodes.filter((node) => node.Spec?.Availability === 'active' && node.Status?.State === 'ready').length;
    const tasks = await Promise.all(
      engineTasks.map(async (task) => {
        const running = task.Status?.State === 'running' || task.Status?.State === 'starting';
        const health = running ? await taskHealth(this.docker, task.Status?.ContainerStatus?.ContainerID) : undefined;
        return toTaskInfo(task, spec, names, health);
      }),
    );
    const networkName = new Map(networks.map((network) => [network.Id, network.Name]));
    const input = fromServiceSpec(spec);
    input.networks = input.networks.map((target) => networkName.get(target) ?? target);
    const previousImage = (service.PreviousSpec?.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.ContainerSpec?.Image;
    return {
      ...toServiceSummary(service, tasks, eligible),
      input,
      tasks: sortTasks(tasks),
      ...(previousImage ? { previousImage: imageWithoutDigest(previousImage) } : {}),
      canRollback: Boolean(service.PreviousSpec),
      networkNames: (service.Endpoint?.VirtualIPs ?? []).map((vip) => networkName.get(vip.NetworkID ?? '') ?? vip.NetworkID ?? '').filter(Boolean),
    };
  }

  /** Secret and config names → ids; a name that does not exist is refused before anything is sent. */
  private async references(input: ServiceInput): Promise<{ secrets: Map<string, string>; configs: Map<string, string> }> {
    const [secrets, configs] = await Promise.all([
      input.secrets.length ? this.docker.listSecrets() : Promise.resolve([] as Docker.Secret[]),
      input.configs.length ? this.docker.listConfigs() : Promise.resolve([] as Docker.ConfigInfo[]),
    ]);
    const secretIds = new Map(secrets.map((secret) => [(secret as unknown as { Spec?: { Name?: string } }).Spec?.Name ?? '', (secret as unknown as { ID: string }).ID]));
    const configIds = new Map(configs.map((config) => [config.Spec?.Name ?? '', config.ID]));
    const missingSecrets = input.secrets.filter((name) => !secretIds.has(name));
    const missingConfigs = input.configs.filter((name) => !configIds.has(name));
    if (missingSecrets.length) throw new ApiError('invalid-input', `No secret named ${missingSecrets.join(', ')} exists: create it on the Secrets tab first.`);
    if (missingConfigs.length) throw new ApiError('invalid-input', `No config named ${missingConfigs.join(', ')} exists: create it on the Configs tab first.`);
    return { secrets: secretIds, configs: configIds };
  }

  /** Refuses a port another service already publishes, naming it (the engine's own message names only an id). */
  private async checkPorts(input: ServiceInput, ownId?: string): Promise<void> {
    const wanted = input.ports.filter((port) => port.published !== undefined);
    if (!wanted.length) return;
    const services = await this.docker.listServices();
    for (const service of services) {
      if (service.ID === ownId) continue;
      for (const port of service.Endpoint?.Ports ?? service.Spec?.EndpointSpec?.Ports ?? []) {
        const clash = wanted.find((w) => w.published === port.PublishedPort && w.protocol === (port.Protocol ?? 'tcp'));
        if (clash) {
          throw new ApiError('conflict', `Port ${clash.published}/${clash.protocol} is already published by the service ${service.Spec?.Name ?? service.ID}. Pick another port or leave it empty.`);
        }
      }
    }
  }

  private warnings(response: unknown): string[] {
    return (response as { Warnings?: string[] | null } | undefined)?.Warnings ?? [];
  }

  /**
   * Pins the image to the digest its registry has now, as `docker service create` does, so every node runs the same
   * image and a later update to the same tag is a real change. When the registry does not answer for it, the image
   * goes by tag and the warning says what that means (nodes without it reject their tasks).
   */
  private async pinImage(image: string): Promise<{ image: string; warnings: string[] }> {
    if (/@sha256:[a-f0-9]{64}$/.test(image)) return { image, warnings: [] };
    try {
      const info = await this.docker.getImage(image).distribution();
      const digest = (info as { Descriptor?: { digest?: string } }).Descriptor?.digest;
      if (digest) return { image: `${image}@${digest}`, warnings: [] };
    } catch (err) {
      const local = await this.docker.getImage(image).inspect().then(() => true, () => false);
      const reason = toApiError(err).message.replace(/^\(HTTP code \d+\)\s*(unexpected - )?/, '');
      return {
        image,
        warnings: [
          local
            ? `The registry did not answer for ${image} (${reason}). This engine has the image, so its tasks run here; other nodes cannot pull it and reject their tasks.`
            : `${image} is not on this engine and its registry did not answer for it (${reason}): nodes cannot pull it, so its tasks will be rejected. Check the name and tag, or push the image first.`,
        ],
      };
    }
    return { image, warnings: [] };
  }

  async create(input: ServiceInput): Promise<{ id: string; warnings: string[] }> {
    const doing = `Could not create the service ${input.name}`;
    try {
      const [references, pinned] = await Promise.all([this.references(input), this.pinImage(input.image), this.checkPorts(input)]);
      const spec = toServiceSpec({ ...input, image: pinned.image }, references);
      // dockerode's createService keeps only the id; the engine's warnings (an image no registry answered for) matter.
      const modem = this.docker.modem as { dial(options: object, callback: (err: unknown, data: unknown) => void): void };
      const response = await new Promise<{ ID?: string; Warnings?: string[] | null }>((resolve, reject) =>
        modem.dial(
          { path: '/services/create', method: 'POST', options: spec, statusCodes: { 200: true, 201: true, 400: 'bad parameter', 403: 'not supported', 409: 'name conflicts with an existing object', 500: 'server error', 503: 'node is not part of a swarm' } },
          (err, data) => (err ? reject(err) : resolve(data as { ID?: string; Warnings?: string[] | null })),
        ),
      );
      return { id: response.ID ?? '', warnings: [...pinned.warnings, ...this.warnings(response)] };
    } catch (err) {
      throw explain(doing, err);
    }
  }

  /** Posts a new spec at the service's current version (the engine refuses a stale one rather than lose a change). */
  private async post(service: Docker.Service, spec: ServiceSpec, doing: string, query: Record<string, string> = {}): Promise<unknown> {
    try {
      return await this.docker.getService(service.ID).update({ _query: { version: service.Version?.Index, ...query }, _body: spec });
    } catch (err) {
      throw explain(doing, err);
    }
  }

  async update(id: string, input: ServiceInput): Promise<{ warnings: string[] }> {
    const service = await this.inspectService(id);
    const current = service.Spec as ServiceSpec;
    if (input.name !== current.Name) throw new ApiError('invalid-input', `A service cannot be renamed: keep the name ${current.Name}.`);
    const [references, pinned] = await Promise.all([this.references(input), this.pinImage(input.image), this.checkPorts(input, service.ID)]);
    const spec = toServiceSpec({ ...input, image: pinned.image }, references, current);
    const response = await this.post(service, spec, `Could not update the service ${current.Name}`);
    return { warnings: [...pinned.warnings, ...this.warnings(response)] };
  }

  async scale(id: string, replicas: number): Promise<void> {
    const service = await this.inspectService(id);
    const spec = service.Spec as ServiceSpec;
    if (!spec.Mode?.Replicated) throw new ApiError('invalid-input', `${spec.Name} is a global service: it runs one task on every node and cannot be scaled.`);
    await this.post(service, { ...spec, Mode: { Replicated: { Replicas: replicas } } }, `Could not scale ${spec.Name} to ${replicas}`);
  }

  async rollback(id: string): Promise<void> {
    const service = await this.inspectService(id);
    if (!service.PreviousSpec) throw new ApiError('conflict', `${service.Spec?.Name ?? id} has not been updated yet, so there is nothing to roll back to.`);
    await this.post(service, service.Spec as ServiceSpec, `Could not roll back ${service.Spec?.Name ?? id}`, { rollback: 'previous' });
  }

  async redeploy(id: string): Promise<void> {
    const service = await this.inspectService(id);
    const spec = service.Spec as ServiceSpec;
    const task = (spec.TaskTemplate ?? {}) as Docker.ContainerTaskSpec;
    await this.post(service, { ...spec, TaskTemplate: { ...task, ForceUpdate: (task.ForceUpdate ?? 0) + 1 } }, `Could not redeploy ${spec.Name}`);
  }

  async remove(id: string): Promise<void> {
    const service = await this.inspectService(id);
    try {
      await this.docker.getService(service.ID).remove();
    } catch (err) {
      throw explain(`Could not remove the service ${service.Spec?.Name ?? id}`, err);
    }
  }

  async listNodes(): Promise<NodeInfo[]> {
    let nodes: EngineNode[];
    try {
      nodes = await this.nodes();
    } catch (err) {
      if (notInSwarm(err)) return [];
      throw explain('Could not list the nodes', err);
    }
    return nodes
      .map((node) => ({
        id: node.ID,
        hostname: node.Description?.Hostname ?? node.ID,
        role: node.Spec?.Role ?? 'worker',
        availability: node.Spec?.Availability ?? 'active',
        state: node.Status?.State ?? 'unknown',
        address: node.ManagerStatus?.Addr ?? node.Status?.Addr ?? '',
        engineVersion: node.Description?.Engine?.EngineVersion ?? '',
        leader: Boolean(node.ManagerStatus?.Leader),
        labels: node.Spec?.Labels ?? {},
        cpus: (node.Description?.Resources?.NanoCPUs ?? 0) / 1e9,
        memoryBytes: node.Description?.Resources?.MemoryBytes ?? 0,
      }))
      .sort((a, b) => a.hostname.localeCompare(b.hostname));
  }

  async updateNode(id: string, availability: NodeInfo['availability'], labels: Record<string, string>): Promise<void> {
    const node = (await this.docker.getNode(id).inspect().catch((err: unknown) => {
      throw explain(`Could not read the node ${id}`, err);
    })) as EngineNode;
    try {
      await this.docker.getNode(node.ID).update({ _query: { version: node.Version?.Index }, _body: { ...node.Spec, Availability: availability, Labels: labels } });
    } catch (err) {
      throw explain(`Could not change the node ${node.Description?.Hostname ?? id}`, err);
    }
  }

  private readonly secrets = new SwarmObjectStore<SwarmObjectInfo>(() => this.docker, {
    noun: 'secret',
    list: async () => (await this.docker.listSecrets()) as unknown as EngineSwarmObject[],
    create: (spec) => this.docker.createSecret(spec),
    get: (id) => this.docker.getSecret(id),
    referencedBy: (container) => container?.Secrets?.map((secret) => secret.SecretID) ?? [],
    // Only names and labels leave here: the engine never returns a secret's data, and Berth never asks for it.
    toView: (_secret, info) => info,
  });

  private readonly configs = new SwarmObjectStore<ConfigInfo>(() => this.docker, {
    noun: 'config',
    list: async () => (await this.docker.listConfigs()) as EngineSwarmObject[],
    create: (spec) => this.docker.createConfig(spec),
    get: (id) => this.docker.getConfig(id),
    referencedBy: (container) => container?.Configs?.map((config) => config.ConfigID) ?? [],
    toView: (config, info) => ({ ...info, data: Buffer.from(config.Spec?.Data ?? '', 'base64').toString('utf8') }),
  });

  listSecrets(): Promise<SwarmObjectInfo[]> {
    return this.secrets.list();
  }

  createSecret(name: string, dataBase64: string, labels: Record<string, string>): Promise<{ id: string }> {
    return this.secrets.create(name, dataBase64, labels);
  }

  removeSecret(id: string): Promise<void> {
    return this.secrets.remove(id);
  }

  listConfigs(): Promise<ConfigInfo[]> {
    return this.configs.list();
  }

  createConfig(name: string, dataBase64: string, labels: Record<string, string>): Promise<{ id: string }> {
    return this.configs.create(name, dataBase64, labels);
  }

  removeConfig(id: string): Promise<void> {
    return this.configs.remove(id);
  }
}
