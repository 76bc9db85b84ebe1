import type Docker from 'dockerode';
import { EngineService } from './engine-service';
import type { ContainerSummary, PortBinding } from '../../common/contract/containers';

function toPortBinding(port: Docker.Port): PortBinding {
  const protocol = port.Type === 'udp' || port.Type === 'sctp' ? port.Type : 'tcp';
  return {
    privatePort: port.PrivatePort,
    protocol,
    ...(port.PublicPort ? { publicPort: port.PublicPort } : {}),
    ...(port.IP ? { ip: port.IP } : {}),
  };
}

export function toContainerSummary(info: Docker.ContainerInfo): ContainerSummary {
  const networks: ContainerSummary['networks'] = {};
  for (const [name, net] of Object.entries(info.NetworkSettings?.Networks ?? {})) {
    networks[name] = { ipAddress: net.IPAddress ?? '' };
  }
  return {
    id: info.Id,
    name: (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
    image: info.Image,
    imageId: info.ImageID,
    command: info.Command,
    state: info.State,
    status: info.Status,
    ports: (info.Ports ?? []).map(toPortBinding),
    labels: info.Labels ?? {},
    created: info.Created,
    networks,
  };
}

export class ContainerService extends EngineService {
  async list(ids?: string[]): Promise<ContainerSummary[]> {
    if (ids && ids.length === 0) return [];
    const filters = ids ? JSON.stringify({ id: ids }) : undefined;
    const containers = await this.docker.listContainers({ all: true, ...(filters ? { filters } : {}) });
    return containers.map(toContainerSummary);
  }
}
