import type Docker from 'dockerode';
import type { EngineConnection } from '../engine/connection';
import type { ImageSummary, NetworkSummary, VolumeSummary } from '../../common/contract/resources';

const SYSTEM_NETWORKS = new Set(['bridge', 'host', 'none']);

/** Read-only listings of images, volumes and networks. */
export class ResourceService {
  constructor(private readonly engine: EngineConnection) {}

  /** Read on every call: the active engine can change under a running service. */
  private get docker(): Docker {
    return this.engine.docker;
  }

  async images(): Promise<ImageSummary[]> {
    const images = await this.docker.listImages({ all: false });
    return images.map((image) => ({
      id: image.Id,
      tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
      sizeBytes: image.Size,
      created: image.Created,
      containers: image.Containers ?? -1,
    }));
  }

  async volumes(): Promise<VolumeSummary[]> {
    const { Volumes } = await this.docker.listVolumes();
    return (Volumes ?? []).map((volume) => {
      const withDate = volume as typeof volume & { CreatedAt?: string };
      return {
        name: volume.Name,
        driver: volume.Driver,
        mountpoint: volume.Mountpoint,
        scope: volume.Scope,
        labels: volume.Labels ?? {},
        ...(withDate.CreatedAt ? { createdAt: withDate.CreatedAt } : {}),
      };
    });
  }

  async networks(): Promise<NetworkSummary[]> {
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
