import { EngineService } from '../engine-service';
import type { EngineInfo } from '../../../common/contract/engine';

export class SystemService extends EngineService {
  async info(): Promise<EngineInfo> {
    const [info, version] = await Promise.all([this.docker.info(), this.docker.version()]);
    const components = (version as { Components?: { Name: string }[] }).Components ?? [];
    const isPodman = components.some((c) => /podman/i.test(c.Name));
    return {
      name: info.Name ?? '',
      kind: isPodman ? 'podman' : 'docker',
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
