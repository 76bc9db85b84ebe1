import { EngineService } from './engine-service';
import type { VolumeSummary } from '../../common/contract/volumes';

export class VolumeService extends EngineService {
  async list(): Promise<VolumeSummary[]> {
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
}
