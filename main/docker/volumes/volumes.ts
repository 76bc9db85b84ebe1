import type Docker from 'dockerode';
import { ApiError } from '../../../common/errors';
import type { VolumeSummary, VolumeUsage, VolumeUser } from '../../../common/contract/volumes';
import { EngineService } from '../engine-service';
import { containerName } from '../containers/containers';
import { isVolumeHelper, removeHelpersOf } from './volume-helper';
import { readDiskUsage } from '../disk-usage-request';

/** Whether the engine has a volume of this name; a failed look-up counts as no, and the create that follows reports it. */
export function volumeExists(docker: Docker, name: string): Promise<boolean> {
  return docker
    .getVolume(name)
    .inspect()
    .then(() => true, () => false);
}

function toSummary(volume: Docker.VolumeInspectInfo, usedBy: VolumeUser[]): VolumeSummary {
  const createdAt = (volume as { CreatedAt?: string }).CreatedAt;
  return {
    name: volume.Name,
    driver: volume.Driver,
    mountpoint: volume.Mountpoint,
    scope: volume.Scope,
    labels: volume.Labels ?? {},
    usedBy,
    ...(createdAt ? { createdAt } : {}),
  };
}

export interface CreateVolumeInput {
  name?: string | undefined;
  driver: string;
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
}

export class VolumeService extends EngineService {
  /** Volume name → containers mounting it (Berth's own short-lived helpers excluded). */
  async usersByVolume(): Promise<Map<string, VolumeUser[]>> {
    const containers = await this.docker.listContainers({ all: true });
    const users = new Map<string, VolumeUser[]>();
    for (const container of containers) {
      if (isVolumeHelper(container.Labels)) continue;
      for (const mount of container.Mounts ?? []) {
        if (mount.Type !== 'volume' || !mount.Name) continue;
        const list = users.get(mount.Name) ?? [];
        list.push({ id: container.Id, name: containerName(container), running: container.State === 'running' });
        users.set(mount.Name, list);
      }
    }
    return users;
  }

  async list(): Promise<VolumeSummary[]> {
    const [{ Volumes }, users] = await Promise.all([this.docker.listVolumes(), this.usersByVolume()]);
    return (Volumes ?? []).map((volume) => toSummary(volume, users.get(volume.Name) ?? []));
  }

  async usage(): Promise<VolumeUsage[]> {
    const df = await readDiskUsage(this.docker);
    return (df.Volumes ?? []).map((volume) => ({ name: volume.Name, sizeBytes: volume.UsageData?.Size ?? -1 }));
  }

  inspect(name: string): Promise<unknown> {
    return this.docker.getVolume(name).inspect();
  }

  async create(input: CreateVolumeInput): Promise<VolumeSummary> {
    if (input.name) {
      // The engine answers "create" for an existing name with the existing volume; say so instead.
      if (await volumeExists(this.docker, input.name)) throw new ApiError('conflict', `A volume named "${input.name}" already exists.`);
    }
    const volume = await this.docker.createVolume({
      ...(input.name ? { Name: input.name } : {}),
      Driver: input.driver,
      DriverOpts: input.driverOpts,
      Labels: input.labels,
    });
    return toSummary(await volume.inspect(), []);
  }

  /**
   * Removes a volume. While containers use it the removal is refused, naming them, unless `removeContainers`
   * (which the UI asks the user to confirm) removes those containers first.
   */
  async remove(name: string, removeContainers: boolean): Promise<{ removedContainers: string[] }> {
    await this.docker.getVolume(name).inspect();
    const users = (await this.usersByVolume()).get(name) ?? [];
    if (users.length && !removeContainers) {
      const names = users.map((user) => user.name).join(', ');
      throw new ApiError('conflict', `Volume "${name}" is used by ${users.length === 1 ? 'container' : 'containers'} ${names}. Remove ${users.length === 1 ? 'it' : 'them'} first, or force the removal.`);
    }
    for (const user of users) await this.docker.getContainer(user.id).remove({ force: true });
    await removeHelpersOf(this.docker, name);
    await this.docker.getVolume(name).remove();
    return { removedContainers: users.map((user) => user.name) };
  }
}
