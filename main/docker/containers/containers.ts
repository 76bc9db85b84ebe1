import type Docker from 'dockerode';
import { ApiError } from '../../../common/errors';
import { EngineService } from '../engine-service';
import type {
  ContainerCreated,
  ContainerDetails,
  ContainerSummary,
  MountSummary,
  PortBinding,
  PortProtocol,
  RunSpec,
} from '../../../common/contract/containers';
import { toApiError } from '../../api/errors';
import { nameTakenMessage } from '../../../common/engine-messages';

function toProtocol(value: string | undefined): PortProtocol {
  return value === 'udp' || value === 'sctp' ? value : 'tcp';
}

function toPortBinding(port: Docker.Port): PortBinding {
  return {
    privatePort: port.PrivatePort,
    protocol: toProtocol(port.Type),
    ...(port.PublicPort ? { publicPort: port.PublicPort } : {}),
    ...(port.IP ? { ip: port.IP } : {}),
  };
}

interface RawMount {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
  RW?: boolean;
}

function toMountSummary(mount: RawMount): MountSummary {
  return {
    type: mount.Type ?? 'volume',
    ...(mount.Name ? { name: mount.Name } : {}),
    source: mount.Source ?? '',
    destination: mount.Destination ?? '',
    readOnly: mount.RW === false,
  };
}

/** The name a person gave the container (without the engine's leading "/"), else its short id. */
/**
 * The container's own name. A container that legacy links point at is also listed as `/linker/alias`, in no set
 * order; its own name is the one without a second slash (as `docker ps` picks it).
 */
export function containerName(container: { Id: string; Names?: string[] }): string {
  const names = container.Names ?? [];
  const own = names.find((name) => name.lastIndexOf('/') === 0) ?? names[0];
  return (own ?? container.Id.slice(0, 12)).replace(/^\//, '');
}

export function toContainerSummary(info: Docker.ContainerInfo): ContainerSummary {
  const networks: ContainerSummary['networks'] = {};
  for (const [name, net] of Object.entries(info.NetworkSettings?.Networks ?? {})) {
    networks[name] = { ipAddress: net.IPAddress ?? '' };
  }
  return {
    id: info.Id,
    name: containerName(info),
    image: info.Image,
    imageId: info.ImageID,
    command: info.Command,
    state: info.State,
    status: info.Status,
    ports: (info.Ports ?? []).map(toPortBinding),
    labels: info.Labels ?? {},
    created: info.Created,
    networks,
    mounts: ((info.Mounts ?? []) as RawMount[]).map(toMountSummary),
  };
}

/** `"80/tcp": [{HostIp, HostPort}]` (inspect's shape) as the list's flat bindings. */
function portsFromInspect(ports: Record<string, { HostIp?: string; HostPort?: string }[] | null> | undefined): PortBinding[] {
  const result: PortBinding[] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [port, protocol] = key.split('/');
    const privatePort = Number(port);
    if (!bindings?.length) {
      result.push({ privatePort, protocol: toProtocol(protocol) });
      continue;
    }
    for (const binding of bindings) {
      result.push({
        privatePort,
        protocol: toProtocol(protocol),
        ...(binding.HostPort ? { publicPort: Number(binding.HostPort) } : {}),
        ...(binding.HostIp ? { ip: binding.HostIp } : {}),
      });
    }
  }
  return result;
}

function splitEnv(entry: string): { key: string; value: string } {
  const at = entry.indexOf('=');
  return at < 0 ? { key: entry, value: '' } : { key: entry.slice(0, at), value: entry.slice(at + 1) };
}

/** Go's zero time means "never". */
function timestamp(value: string | undefined): string {
  return !value || value.startsWith('0001-01-01') ? '' : value;
}

export function toContainerDetails(info: Docker.ContainerInspectInfo): ContainerDetails {
  const state = info.State as Docker.ContainerInspectInfo['State'] & { Error?: string };
  const health = state.Health as { Status?: string; FailingStreak?: number; Log?: { Output?: string }[] } | undefined;
  const entrypoint = (info.Config.Entrypoint as string[] | string | null | undefined) ?? [];
  const cmd = (info.Config.Cmd as string[] | string | null | undefined) ?? [];
  const asArray = (value: string[] | string) => (typeof value === 'string' ? [value] : value);
  const restart = info.HostConfig.RestartPolicy;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    imageId: info.Image,
    state: state.Status,
    exitCode: state.ExitCode,
    error: state.Error ?? '',
    ...(health?.Status
      ? { health: { status: health.Status, failingStreak: health.FailingStreak ?? 0, ...(health.Log?.length ? { lastOutput: health.Log.at(-1)?.Output ?? '' } : {}) } }
      : {}),
    command: [...asArray(entrypoint), ...asArray(cmd)],
    entrypoint: asArray(entrypoint),
    cmd: asArray(cmd),
    workingDir: info.Config.WorkingDir ?? '',
    user: info.Config.User ?? '',
    createdAt: info.Created,
    startedAt: timestamp(state.StartedAt),
    finishedAt: timestamp(state.FinishedAt),
    restartCount: info.RestartCount,
    restartPolicy: { name: restart?.Name || 'no', maximumRetryCount: restart?.MaximumRetryCount ?? 0 },
    tty: info.Config.Tty,
    openStdin: info.Config.OpenStdin,
    autoRemove: Boolean(info.HostConfig.AutoRemove),
    ports: portsFromInspect(info.NetworkSettings.Ports as never),
    configuredPorts: portsFromInspect(info.HostConfig.PortBindings as never),
    mounts: (info.Mounts as RawMount[]).map(toMountSummary),
    networks: Object.entries(info.NetworkSettings.Networks ?? {}).map(([name, net]) => ({
      name,
      ipAddress: net.IPAddress ?? '',
      gateway: net.Gateway ?? '',
      macAddress: net.MacAddress ?? '',
      aliases: (net.Aliases as string[] | null) ?? [],
    })),
    env: (info.Config.Env ?? []).map(splitEnv),
    labels: info.Config.Labels ?? {},
    cpus: (info.HostConfig.NanoCpus ?? 0) / 1e9,
    memoryBytes: info.HostConfig.Memory ?? 0,
  };
}

/** The create body `docker run` would send for the spec. */
export function toCreateOptions(spec: RunSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of spec.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.hostIp, HostPort: port.hostPort ? String(port.hostPort) : '' });
  }
  const mounts = spec.mounts.map((m) => ({
    Type: m.type,
    Target: m.target,
    ReadOnly: m.readOnly,
    ...(m.source ? { Source: m.source } : {}),
  }));
  const stdin = spec.interactive;
  return {
    Image: spec.image,
    ...(spec.name ? { name: spec.name } : {}),
    ...(spec.cmd?.length ? { Cmd: spec.cmd } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    Env: spec.env.map(({ key, value }) => `${key}=${value}`),
    ExposedPorts: exposed,
    Tty: spec.tty,
    OpenStdin: stdin,
    AttachStdin: false,
    StdinOnce: false,
    ...(spec.labels ? { Labels: spec.labels } : {}),
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.network && (spec.networkAliases?.length || spec.ipv4Address)
      ? {
          NetworkingConfig: {
            EndpointsConfig: {
              [spec.network]: {
                ...(spec.networkAliases?.length ? { Aliases: spec.networkAliases } : {}),
                ...(spec.ipv4Address ? { IPAMConfig: { IPv4Address: spec.ipv4Address } } : {}),
              },
            },
          },
        }
      : {}),
    HostConfig: {
      PortBindings: bindings,
      Mounts: mounts as Docker.HostConfig['Mounts'],
      AutoRemove: spec.autoRemove,
      RestartPolicy: {
        Name: spec.restartPolicy === 'no' ? '' : spec.restartPolicy,
        ...(spec.restartPolicy === 'on-failure' && spec.maximumRetryCount ? { MaximumRetryCount: spec.maximumRetryCount } : {}),
      },
      ...(spec.network ? { NetworkMode: spec.network } : {}),
      ...(spec.cpus ? { NanoCpus: Math.round(spec.cpus * 1e9) } : {}),
      ...(spec.memoryBytes ? { Memory: spec.memoryBytes } : {}),
      ...(spec.capAdd?.length ? { CapAdd: spec.capAdd } : {}),
      ...(spec.capDrop?.length ? { CapDrop: spec.capDrop } : {}),
    },
  };
}

function isPortInUse(engineMessage: string): boolean {
  return /port is already allocated|address already in use/i.test(engineMessage);
}

/** Errors whose engine wording leaves a user guessing, restated; the engine's own text is kept at the end. */
function explainRunError(err: unknown, spec: RunSpec): ApiError {
  const apiError = toApiError(err);
  const text = apiError.message;
  if (isPortInUse(text)) {
    return new ApiError('conflict', `A host port you asked for is already in use, so the container could not start (Berth removed it again; change the port and run it once more). ${text}`);
  }
  if (/No such image/i.test(text)) {
    return new ApiError('not-found', `The image "${spec.image}" is not on this engine. Pull it first (Images page). ${text}`);
  }
  return apiError;
}

/**
 * The body of `POST /containers/{id}/update`: CPU and memory go in one request so both apply or neither does.
 * A memory limit always carries a swap limit: on cgroup v1 the engine refuses a memory limit alone on a container
 * that had none ("update the memoryswap at the same time"), as `docker update --memory` does. The swap follows
 * `docker run --memory`'s default of twice the memory unless the user chose one: given here, or set on the
 * container (-1 for unlimited swap, or a value other than twice its old memory).
 */
export function updateBody(
  limits: { cpus?: number; memoryBytes?: number; memorySwapBytes?: number },
  current: { memory: number; memorySwap: number },
): Record<string, number> {
  const body: Record<string, number> = {};
  if (limits.cpus !== undefined) body.NanoCpus = Math.round(limits.cpus * 1e9);
  if (limits.memoryBytes !== undefined) {
    body.Memory = limits.memoryBytes;
    const userSwap = current.memorySwap === -1 || (current.memorySwap > 0 && current.memorySwap !== current.memory * 2);
    if (limits.memorySwapBytes !== undefined) body.MemorySwap = limits.memorySwapBytes;
    else if (userSwap && (current.memorySwap === -1 || current.memorySwap >= limits.memoryBytes)) body.MemorySwap = current.memorySwap;
    else body.MemorySwap = limits.memoryBytes * 2;
  }
  return body;
}

/** The engine's refusals of a resource update, in words. */
function explainUpdateError(err: unknown, limits: { memoryBytes?: number }): ApiError {
  const apiError = toApiError(err);
  const text = apiError.message;
  if (/memoryswap|memory\+swap|swap limit/i.test(text)) {
    return new ApiError('invalid-input', `The engine would not change the memory limit because the swap limit must be at least as large as it, and both must change together. Nothing was changed. (${text})`);
  }
  if (/minimum memory limit|Minimum memory limit/i.test(text)) {
    return new ApiError('invalid-input', `The memory limit is below the smallest the engine allows (6 MiB). Nothing was changed.`);
  }
  if (/kernel memory|cannot set memory limit.*lower than current usage|device or resource busy/i.test(text) && limits.memoryBytes !== undefined) {
    return new ApiError('conflict', `The container already uses more memory than the new limit, so the kernel refused it. Give a larger limit, or stop the container and set it then. Nothing was changed. (${text})`);
  }
  if (/cpus.*range|NanoCPUs|Range of CPUs/i.test(text)) {
    return new ApiError('invalid-input', `The engine refused the CPU limit: it is more than this machine has. Nothing was changed. (${text})`);
  }
  return apiError;
}

export class ContainerService extends EngineService {
  async list(ids?: string[]): Promise<ContainerSummary[]> {
    if (ids && ids.length === 0) return [];
    const filters = ids ? JSON.stringify({ id: ids }) : undefined;
    const containers = await this.docker.listContainers({ all: true, ...(filters ? { filters } : {}) });
    return containers.map(toContainerSummary);
  }

  async inspect(id: string): Promise<ContainerDetails> {
    return toContainerDetails(await this.docker.getContainer(id).inspect());
  }

  /** What each container's configuration publishes; a container removed meanwhile is left out. */
  async configuredPorts(ids: string[]): Promise<Record<string, PortBinding[]>> {
    const entries = await Promise.all(
      ids.map(async (id) => {
        const info = await this.docker
          .getContainer(id)
          .inspect()
          .catch(() => undefined);
        return info ? ([id, portsFromInspect(info.HostConfig.PortBindings as never)] as const) : undefined;
      }),
    );
    return Object.fromEntries(entries.filter((entry) => entry !== undefined));
  }

  async inspectRaw(id: string): Promise<Record<string, unknown>> {
    return (await this.docker.getContainer(id).inspect()) as unknown as Record<string, unknown>;
  }

  async start(id: string): Promise<void> {
    await this.docker
      .getContainer(id)
      .start()
      .catch((err: unknown) => {
        const apiError = toApiError(err);
        if (isPortInUse(apiError.message)) {
          throw new ApiError('conflict', `A port this container publishes is already in use on the host. ${apiError.message}`);
        }
        throw apiError;
      });
  }

  async stop(id: string, timeoutSeconds?: number): Promise<void> {
    await this.docker.getContainer(id).stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds });
  }

  async restart(id: string, timeoutSeconds?: number): Promise<void> {
    await this.docker.getContainer(id).restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds });
  }

  async pause(id: string): Promise<void> {
    await this.docker.getContainer(id).pause();
  }

  async unpause(id: string): Promise<void> {
    await this.docker.getContainer(id).unpause();
  }

  async kill(id: string, signal?: string): Promise<void> {
    await this.docker.getContainer(id).kill(signal ? { signal } : {});
  }

  async remove(id: string, options: { force: boolean; removeVolumes: boolean }): Promise<void> {
    await this.docker
      .getContainer(id)
      .remove({ force: options.force, v: options.removeVolumes })
      .catch((err: unknown) => {
        const apiError = toApiError(err);
        if (apiError.code === 'conflict' && /running|paused|restarting/i.test(apiError.message) && !options.force) {
          throw new ApiError('conflict', `The container is still running. Stop it first, or remove it with "force". (${apiError.message})`);
        }
        throw apiError;
      });
  }

  async rename(id: string, name: string): Promise<void> {
    const wanted = name.replace(/^\//, '');
    try {
      await this.docker.getContainer(id).rename({ name: wanted });
    } catch (err) {
      throw await this.explainNameTaken(err, wanted);
    }
  }

  /**
   * The engine names the holder of a taken name by its 64-character id; a person knows it by its name. Other
   * errors pass through as they are.
   */
  private async explainNameTaken(err: unknown, wanted: string): Promise<ApiError> {
    const apiError = toApiError(err);
    const holderId = /already in use by container "?([0-9a-f]{12,64})"?/i.exec(apiError.message)?.[1];
    if (!holderId) return apiError;
    const holder = await this.docker
      .getContainer(holderId)
      .inspect()
      .then((info) => info.Name.replace(/^\//, ''), () => undefined);
    return new ApiError('conflict', nameTakenMessage(wanted, holder));
  }

  async update(id: string, limits: { cpus?: number; memoryBytes?: number; memorySwapBytes?: number }): Promise<{ warnings: string[] }> {
    if (limits.cpus === undefined && limits.memoryBytes === undefined) {
      throw new ApiError('invalid-input', 'Give a CPU or memory limit to change.');
    }
    const container = this.docker.getContainer(id);
    const current = await container.inspect();
    const body = updateBody(limits, { memory: current.HostConfig.Memory ?? 0, memorySwap: current.HostConfig.MemorySwap ?? 0 });
    try {
      const result = (await container.update(body)) as { Warnings?: string[] | null } | undefined;
      return { warnings: result?.Warnings ?? [] };
    } catch (err) {
      throw explainUpdateError(err, limits);
    }
  }

  async run(spec: RunSpec): Promise<ContainerCreated> {
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer(toCreateOptions(spec));
    } catch (err) {
      throw spec.name && /is already in use by container/i.test(toApiError(err).message) ? await this.explainNameTaken(err, spec.name) : explainRunError(err, spec);
    }
    try {
      await container.start();
    } catch (err) {
      // A container that cannot start is left out of the way rather than as a surprise `created` row.
      await container.remove({ force: true, v: true }).catch(() => undefined);
      throw explainRunError(err, spec);
    }
    return { id: container.id };
  }
}
