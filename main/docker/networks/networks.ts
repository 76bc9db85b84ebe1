import type Docker from 'dockerode';
import ipaddr from 'ipaddr.js';
import { ApiError } from '../../../common/errors';
import { validateStaticAddress } from '../../../common/network-address';
import { NETWORK_DRIVERS, type NetworkDetails, type NetworkEndpoint, type NetworkSummary } from '../../../common/contract/networks';
import { EngineService } from '../engine-service';
import { toApiError } from '../../api/errors';
import { containerName } from '../containers/containers';

export const SYSTEM_NETWORKS = new Set(['bridge', 'host', 'none']);

/** Whether two CIDR ranges share an address (one holds the other's first address); false across families or on bad input. */
export function cidrsOverlap(a: string, b: string): boolean {
  try {
    const [addressA, bitsA] = ipaddr.parseCIDR(a);
    const [addressB, bitsB] = ipaddr.parseCIDR(b);
    if (addressA.kind() !== addressB.kind()) return false;
    return addressA.match(addressB, Math.min(bitsA, bitsB));
  } catch {
    return false;
  }
}

export interface CreateNetworkInput {
  name: string;
  driver: (typeof NETWORK_DRIVERS)[number];
  subnet?: string | undefined;
  gateway?: string | undefined;
  ipRange?: string | undefined;
  internal: boolean;
  attachable: boolean;
  enableIPv6: boolean;
  parent?: string | undefined;
  labels: Record<string, string>;
}

interface AttachedContainer {
  id: string;
  name: string;
  running: boolean;
}

function stripAddressPrefix(address: string | undefined): string | undefined {
  return address ? address.split('/')[0] : undefined;
}

function toSummary(network: Docker.NetworkInspectInfo, attached: AttachedContainer[]): NetworkSummary {
  return {
    id: network.Id,
    name: network.Name,
    driver: network.Driver,
    scope: network.Scope,
    internal: network.Internal,
    attachable: network.Attachable,
    subnets: (network.IPAM?.Config ?? []).map((config) => ({
      ...(config.Subnet ? { subnet: config.Subnet } : {}),
      ...(config.Gateway ? { gateway: config.Gateway } : {}),
      ...(config.IPRange ? { ipRange: config.IPRange } : {}),
    })),
    system: SYSTEM_NETWORKS.has(network.Name),
    created: network.Created,
    containers: attached.map((container) => container.name).sort(),
    labels: network.Labels ?? {},
  };
}

export class NetworkService extends EngineService {
  /** Network name → containers attached to it, running or stopped (the engine's inspect only shows running ones). */
  private async attachedByNetwork(): Promise<Map<string, AttachedContainer[]>> {
    const containers = await this.docker.listContainers({ all: true });
    const byNetwork = new Map<string, AttachedContainer[]>();
    for (const container of containers) {
      const name = containerName(container);
      // A never-started container's endpoint has no NetworkID yet, only the network's name as its key.
      for (const networkName of Object.keys(container.NetworkSettings?.Networks ?? {})) {
        const list = byNetwork.get(networkName) ?? [];
        list.push({ id: container.Id, name, running: container.State === 'running' });
        byNetwork.set(networkName, list);
      }
    }
    return byNetwork;
  }

  async list(): Promise<NetworkSummary[]> {
    const [networks, attached] = await Promise.all([this.docker.listNetworks(), this.attachedByNetwork()]);
    return networks.map((network) => toSummary(network, attached.get(network.Name) ?? []));
  }

  inspectRaw(id: string): Promise<unknown> {
    return this.docker.getNetwork(id).inspect();
  }

  async inspect(id: string): Promise<NetworkDetails> {
    const [network, attachedMap] = await Promise.all([
      this.docker.getNetwork(id).inspect() as Promise<Docker.NetworkInspectInfo>,
      this.attachedByNetwork(),
    ]);
    const attached = attachedMap.get(network.Name) ?? [];
    const live = network.Containers ?? {};
    const endpoints: NetworkEndpoint[] = attached.map((container) => {
      const endpoint = live[container.id];
      return {
        containerId: container.id,
        containerName: container.name,
        running: container.running,
        aliases: [],
        ...(stripAddressPrefix(endpoint?.IPv4Address) ? { ipv4: stripAddressPrefix(endpoint?.IPv4Address) } : {}),
        ...(stripAddressPrefix(endpoint?.IPv6Address) ? { ipv6: stripAddressPrefix(endpoint?.IPv6Address) } : {}),
        ...(endpoint?.MacAddress ? { mac: endpoint.MacAddress } : {}),
      };
    });
    await this.addAliases(network.Id, endpoints);
    return {
      ...toSummary(network, attached),
      enableIPv6: network.EnableIPv6,
      options: network.Options ?? {},
      endpoints: endpoints.sort((a, b) => a.containerName.localeCompare(b.containerName)),
    };
  }

  /** Aliases live on the container's endpoint settings, not on the network. */
  private async addAliases(networkId: string, endpoints: NetworkEndpoint[]): Promise<void> {
    await Promise.all(
      endpoints.map(async (endpoint) => {
        const info = await this.docker
          .getContainer(endpoint.containerId)
          .inspect()
          .catch(() => undefined);
        const settings = Object.values(info?.NetworkSettings?.Networks ?? {}).find((candidate) => candidate.NetworkID === networkId);
        endpoint.aliases = ((settings?.Aliases ?? []) as string[]).filter((alias) => !endpoint.containerId.startsWith(alias));
      }),
    );
  }

  async drivers(): Promise<string[]> {
    const info = await this.docker.info();
    const available = new Set<string>(info.Plugins?.Network ?? []);
    const inSwarm = info.Swarm?.LocalNodeState === 'active';
    return NETWORK_DRIVERS.filter((driver) => available.has(driver) && (driver !== 'overlay' || inSwarm));
  }

  async create(input: CreateNetworkInput): Promise<{ id: string; warning?: string }> {
    const drivers = await this.drivers();
    if (!drivers.includes(input.driver)) {
      const why = input.driver === 'overlay' ? 'Overlay networks need the engine to be part of a swarm.' : 'This engine does not offer it.';
      throw new ApiError('invalid-input', `The ${input.driver} driver cannot be used here. ${why}`);
    }
    if ((input.driver === 'macvlan' || input.driver === 'ipvlan') && !input.parent) {
      throw new ApiError('invalid-input', `A ${input.driver} network needs the host interface it attaches to (parent), e.g. eth0.`);
    }
    const existing = await this.docker.listNetworks({ filters: { name: [input.name] } });
    if (existing.some((network) => network.Name === input.name)) throw new ApiError('conflict', `A network named "${input.name}" already exists.`);
    const ipamConfig = input.subnet
      ? [{ Subnet: input.subnet, ...(input.gateway ? { Gateway: input.gateway } : {}), ...(input.ipRange ? { IPRange: input.ipRange } : {}) }]
      : [];
    const created = (await this.docker
      .createNetwork({
      Name: input.name,
      Driver: input.driver,
      CheckDuplicate: true,
      Internal: input.internal,
      Attachable: input.attachable,
      EnableIPv6: input.enableIPv6,
      Labels: input.labels,
      IPAM: { Driver: 'default', Config: ipamConfig },
      Options: input.parent ? { parent: input.parent } : {},
      })
      .catch(async (err: unknown) => {
        throw await this.explainCreateError(err, input);
      })) as Docker.Network & { Warning?: string };
    return { id: created.id, ...(created.Warning ? { warning: created.Warning } : {}) };
  }

  /** "Pool overlaps with other one on this address space" names no network: say which one holds the range. */
  private async explainCreateError(err: unknown, input: CreateNetworkInput): Promise<ApiError> {
    const apiError = toApiError(err);
    if (!/overlaps/i.test(apiError.message) || !input.subnet) return apiError;
    const networks = await this.docker.listNetworks().catch(() => [] as Docker.NetworkInspectInfo[]);
    for (const network of networks) {
      const holder = (network.IPAM?.Config ?? []).find((config) => config.Subnet && cidrsOverlap(config.Subnet, input.subnet!));
      if (holder) {
        return new ApiError('conflict', `The subnet ${input.subnet} overlaps ${holder.Subnet}, which network "${network.Name}" uses. Pick a range outside it.`);
      }
    }
    return new ApiError('conflict', `The subnet ${input.subnet} overlaps a range the engine already uses (a network or its default address pools). Pick another range.`);
  }

  async remove(id: string): Promise<void> {
    const details = await this.inspect(id);
    if (details.system) throw new ApiError('forbidden', `"${details.name}" is a system network the engine needs; it cannot be removed.`);
    if (details.endpoints.length) {
      const names = details.endpoints.map((endpoint) => endpoint.containerName).join(', ');
      throw new ApiError('conflict', `Network "${details.name}" still has ${details.endpoints.length === 1 ? 'container' : 'containers'} ${names} connected. Disconnect or remove ${details.endpoints.length === 1 ? 'it' : 'them'} first.`);
    }
    await this.docker.getNetwork(details.id).remove();
  }

  async connect(id: string, container: string, aliases: string[], ipv4Address: string | undefined): Promise<void> {
    const network = (await this.docker.getNetwork(id).inspect()) as Docker.NetworkInspectInfo;
    if (ipv4Address) {
      const subnets = (network.IPAM?.Config ?? []).map((config) => config.Subnet).filter((subnet): subnet is string => Boolean(subnet));
      if (!subnets.length) throw new ApiError('invalid-input', `Network "${network.Name}" has no configured subnet, so the engine does not accept a static IP on it.`);
      const problem = validateStaticAddress(ipv4Address, subnets);
      if (problem) throw new ApiError('invalid-input', problem);
    }
    await this.docker.getNetwork(network.Id).connect({
      Container: container,
      EndpointConfig: {
        ...(aliases.length ? { Aliases: aliases } : {}),
        ...(ipv4Address ? { IPAMConfig: { IPv4Address: ipv4Address } } : {}),
      },
    });
  }

  async disconnect(id: string, container: string, force: boolean): Promise<void> {
    await this.docker.getNetwork(id).disconnect({ Container: container, Force: force });
  }
}
