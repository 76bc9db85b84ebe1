import type Docker from 'dockerode';
import type { ServiceInput, ServicePort } from '../../../common/contract/swarm';

/** The engine keeps durations in nanoseconds. */
const NANOS = 1e9;
const toNanos = (seconds: number) => Math.round(seconds * NANOS);
const fromNanos = (nanos: number | undefined, fallback: number) => (nanos === undefined ? fallback : nanos / NANOS);

export type ServiceSpec = Docker.ServiceSpec & { Labels?: Record<string, string> };
type ContainerTaskSpec = Docker.ContainerTaskSpec;

function updateConfig(config: ServiceInput['update']): Docker.UpdateConfig {
  return {
    Parallelism: config.parallelism,
    Delay: toNanos(config.delaySeconds),
    FailureAction: config.failureAction,
    Monitor: toNanos(config.monitorSeconds),
    MaxFailureRatio: config.maxFailureRatio,
    Order: config.order,
  };
}

function resources(input: ServiceInput['limits']): { NanoCPUs?: number; MemoryBytes?: number } | undefined {
  const out = {
    ...(input.cpus ? { NanoCPUs: Math.round(input.cpus * NANOS) } : {}),
    ...(input.memoryBytes ? { MemoryBytes: input.memoryBytes } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

/**
 * The engine spec for the form's input. `base` is the service's current spec on an update: fields the form does not
 * show (log driver, DNS, privileges, extra labels on the container…) are kept from it rather than dropped.
 * `ids` resolves secret and config names to the ids the engine needs.
 */
export function toServiceSpec(input: ServiceInput, ids: { secrets: Map<string, string>; configs: Map<string, string> }, base?: ServiceSpec): ServiceSpec {
  const baseTask = (base?.TaskTemplate ?? {}) as ContainerTaskSpec;
  const baseContainer = baseTask.ContainerSpec ?? {};
  const healthCheck: Docker.HealthConfig | undefined = input.healthCheck
    ? {
        Test: ['CMD-SHELL', input.healthCheck.command],
        Interval: toNanos(input.healthCheck.intervalSeconds),
        Timeout: toNanos(input.healthCheck.timeoutSeconds),
        Retries: input.healthCheck.retries,
        StartPeriod: toNanos(input.healthCheck.startPeriodSeconds),
      }
    : undefined;
  // The engine spells it `Healthcheck` (dockerode's types say `HealthCheck`); only one of them may be sent.
  const { Healthcheck: _engineSpelling, HealthCheck: _typedSpelling, ...keptContainer } = baseContainer as Docker.ContainerSpec & { Healthcheck?: Docker.HealthConfig };
  const containerSpec: Docker.ContainerSpec & { Healthcheck?: Docker.HealthConfig } = {
    ...keptContainer,
    Image: input.image,
    Env: input.env.map(({ key, value }) => `${key}=${value}`),
    Mounts: input.mounts.map((mount) => ({
      Type: mount.type,
      Source: mount.source,
      Target: mount.target,
      ReadOnly: mount.readOnly,
    })),
    Secrets: input.secrets.map((name) => ({
      SecretName: name,
      SecretID: ids.secrets.get(name) ?? name,
      File: { Name: name, UID: '0', GID: '0', Mode: 0o444 },
    })),
    Configs: input.configs.map((name) => ({
      ConfigName: name,
      ConfigID: ids.configs.get(name) ?? name,
      File: { Name: `/${name}`, UID: '0', GID: '0', Mode: 0o444 },
    })),
  };
  if (input.command) containerSpec.Command = input.command;
  else delete containerSpec.Command;
  if (input.args) containerSpec.Args = input.args;
  else delete containerSpec.Args;
  if (healthCheck) containerSpec.Healthcheck = healthCheck;

  const limits = resources(input.limits);
  const reservations = resources(input.reservations);
  const taskTemplate: ContainerTaskSpec = {
    ...baseTask,
    ContainerSpec: containerSpec,
    Resources: { ...(limits ? { Limits: limits } : {}), ...(reservations ? { Reservations: reservations } : {}) },
    RestartPolicy: {
      Condition: input.restartPolicy.condition,
      Delay: toNanos(input.restartPolicy.delaySeconds),
      MaxAttempts: input.restartPolicy.maxAttempts,
      Window: toNanos(input.restartPolicy.windowSeconds),
    },
    Placement: { ...(baseTask.Placement ?? {}), Constraints: input.constraints.map((constraint) => constraint.replace(/\s+/g, '')) },
    Networks: input.networks.map((target) => ({ Target: target })),
  };
  return {
    ...(base ?? {}),
    Name: input.name,
    Labels: input.labels,
    TaskTemplate: taskTemplate,
    Mode: input.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: input.replicas } },
    UpdateConfig: updateConfig(input.update),
    RollbackConfig: updateConfig(input.rollback),
    EndpointSpec: {
      ...(base?.EndpointSpec ?? {}),
      Ports: input.ports.map((port) => ({
        TargetPort: port.target,
        ...(port.published !== undefined ? { PublishedPort: port.published } : {}),
        Protocol: port.protocol,
        PublishMode: port.mode,
      })),
    },
  };
}

function fromUpdateConfig(config: Docker.UpdateConfig | undefined): ServiceInput['update'] {
  return {
    parallelism: config?.Parallelism ?? 1,
    delaySeconds: fromNanos(config?.Delay, 0),
    failureAction: (['pause', 'continue', 'rollback'] as const).find((action) => action === config?.FailureAction) ?? 'pause',
    monitorSeconds: fromNanos(config?.Monitor, 5),
    maxFailureRatio: config?.MaxFailureRatio ?? 0,
    order: config?.Order === 'start-first' ? 'start-first' : 'stop-first',
  };
}

function fromResources(resources: { NanoCPUs?: number; MemoryBytes?: number } | undefined): ServiceInput['limits'] {
  return {
    ...(resources?.NanoCPUs ? { cpus: resources.NanoCPUs / NANOS } : {}),
    ...(resources?.MemoryBytes ? { memoryBytes: resources.MemoryBytes } : {}),
  };
}

/** Splits `KEY=value` (a bare `KEY` has an empty value). */
function envRow(entry: string): { key: string; value: string } {
  const at = entry.indexOf('=');
  return at === -1 ? { key: entry, value: '' } : { key: entry.slice(0, at), value: entry.slice(at + 1) };
}

export function portsOf(ports: Docker.PortConfig[] | undefined): ServicePort[] {
  return (ports ?? [])
    .filter((port) => port.TargetPort !== undefined)
    .map((port) => ({
      target: port.TargetPort!,
      ...(port.PublishedPort ? { published: port.PublishedPort } : {}),
      protocol: port.Protocol ?? 'tcp',
      mode: port.PublishMode ?? 'ingress',
    }));
}

/** The form's view of an engine spec: what `toServiceSpec` would turn back into the same spec. */
export function fromServiceSpec(spec: ServiceSpec): ServiceInput {
  const task = (spec.TaskTemplate ?? {}) as ContainerTaskSpec;
  const container = task.ContainerSpec ?? {};
  const health = (container as { Healthcheck?: Docker.HealthConfig }).Healthcheck ?? container.HealthCheck;
  const shellHealth = health?.Test?.[0] === 'CMD-SHELL' ? health.Test.slice(1).join(' ') : health?.Test?.[0] === 'CMD' ? health.Test.slice(1).join(' ') : undefined;
  const resources = task.Resources as { Limits?: { NanoCPUs?: number; MemoryBytes?: number }; Reservations?: { NanoCPUs?: number; MemoryBytes?: number } } | undefined;
  const restart = task.RestartPolicy;
  return {
    image: imageWithoutDigest(container.Image ?? ''),
    name: spec.Name ?? '',
    mode: spec.Mode?.Global ? 'global' : 'replicated',
    replicas: spec.Mode?.Replicated?.Replicas ?? (spec.Mode?.Global ? 1 : 1),
    ...(container.Command ? { command: container.Command } : {}),
    ...(container.Args ? { args: container.Args } : {}),
    env: (container.Env ?? []).map(envRow),
    ports: portsOf(spec.EndpointSpec?.Ports),
    mounts: (container.Mounts ?? [])
      .filter((mount) => mount.Type === 'volume' || mount.Type === 'bind')
      .map((mount) => ({ type: mount.Type as 'volume' | 'bind', source: mount.Source ?? '', target: mount.Target, readOnly: Boolean(mount.ReadOnly) })),
    networks: (task.Networks ?? spec.Networks ?? []).map((network) => network.Target ?? '').filter(Boolean),
    secrets: (container.Secrets ?? []).map((secret) => secret.SecretName ?? '').filter(Boolean),
    configs: (container.Configs ?? []).map((config) => config.ConfigName ?? '').filter(Boolean),
    limits: fromResources(resources?.Limits),
    reservations: fromResources(resources?.Reservations),
    constraints: task.Placement?.Constraints ?? [],
    restartPolicy: {
      condition: (['none', 'on-failure', 'any'] as const).find((condition) => condition === restart?.Condition) ?? 'any',
      delaySeconds: fromNanos(restart?.Delay, 5),
      maxAttempts: restart?.MaxAttempts ?? 0,
      windowSeconds: fromNanos(restart?.Window, 0),
    },
    ...(shellHealth !== undefined && health
      ? {
          healthCheck: {
            command: shellHealth,
            intervalSeconds: fromNanos(health.Interval, 30),
            timeoutSeconds: fromNanos(health.Timeout, 30),
            retries: health.Retries ?? 3,
            startPeriodSeconds: fromNanos(health.StartPeriod, 0),
          },
        }
      : {}),
    update: fromUpdateConfig(spec.UpdateConfig),
    rollback: fromUpdateConfig(spec.RollbackConfig),
    labels: spec.Labels ?? {},
  };
}

/** An image reference without the digest the engine pins on create (`app:v2@sha256:…` → `app:v2`). */
export function imageWithoutDigest(image: string): string {
  return image.replace(/@sha256:[a-f0-9]{64}$/, '');
}
