import { engineKind } from '../../engine/engine-kind';
import { EngineService } from '../engine-service';
import type { EngineInfo } from '../../../common/contract/engine';

export class SystemService extends EngineService {
  async info(): Promise<EngineInfo> {
    const [info, version] = await Promise.all([this.docker.info(), this.docker.version()]);
    return {
      name: info.Name ?? '',
      kind: engineKind(version),
      version: version.Version,
      apiVersion: version.ApiVersion,
      os: info.OperatingSystem ?? '',
      osType: info.OSType ?? version.Os,
      architecture: info.Architecture ?? version.Arch,
      kernelVersion: info.KernelVersion ?? version.KernelVersion,
      cpus: info.NCPU ?? 0,
      memoryBytes: info.MemTotal ?? 0,
      storageDriver: info.Driver ?? '',
      cgroupVersion: String(info.CgroupVersion ?? ''),
      cgroupDriver: info.CgroupDriver ?? '',
      dataRoot: info.DockerRootDir ?? '',
      containers: {
        total: info.Containers ?? 0,
        running: info.ContainersRunning ?? 0,
        paused: info.ContainersPaused ?? 0,
        stopped: info.ContainersStopped ?? 0,
      },
      images: info.Images ?? 0,
    };
  }
}
