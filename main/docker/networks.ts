import { EngineService } from './engine-service';
import type { NetworkSummary } from '../../common/contract/networks';

const SYSTEM_NETWORKS = new Set(['bridge', 'host', 'none']);

export class NetworkService extends EngineService {
  async list(): Promise<NetworkSummary[]> {
    const networks = await this.docker.listNetworks();
    return networks.map((network) => ({
      id: network.Id,
      name: network.Name,
      driver: network.Driver,
      scope: network.Scope,
      internal: network.Internal,
      attachable: network.Attachable,
      subnets: (network.IPAM?.Config ?? []).map((config) => ({
        ...(config.Subnet ? { subnet: config.Subnet } : {}),
        ...(config.Gateway ? { gateway: config.Gateway } : {}),
      })),
      system: SYSTEM_NETWORKS.has(network.Name),
      created: network.Created,
    }));
  }
}
