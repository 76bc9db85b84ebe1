import type { EditSpec, RunSpec, RunSpecInput } from '../../../common/contract/containers';
import { COMPOSE_PROJECT_LABEL } from '../../../common/compose-labels';

/**
 * Pure planning for edit, duplicate and update: the run form's values read from a container's inspect data, and the
 * create body for its replacement built from the old container's own Config/HostConfig/networks with the form's
 * changes applied, so whatever the form does not know is carried over unchanged. No engine calls here.
 */

/** The parts of `GET /containers/{id}/json` the plan reads (the engine sends more; it is carried over as is). */
export interface InspectDoc {
  Id: string;
  Name: string;
  /** The image id the container was created from. */
  Image?: string;
  /** The container's config: the image's fields it may have inherited, plus its own. */
  Config: ImageDefaults & {
    Image?: string;
    Hostname?: string;
    Tty?: boolean;
    OpenStdin?: boolean;
  };
  HostConfig: Record<string, unknown> & {
    Binds?: string[] | null;
    Mounts?: RawHostMount[] | null;
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
    NetworkMode?: string;
    NanoCpus?: number;
    Memory?: number;
    MemorySwap?: number;
    AutoRemove?: boolean;
    CapAdd?: string[] | null;
    CapDrop?: string[] | null;
  };
  Mounts?: { Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean }[];
  NetworkSettings?: { Networks?: Record<string, RawEndpoint> | null };
  State?: { Running?: boolean; Status?: string };
}

export interface RawHostMount {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  [key: string]: unknown;
}

export interface RawEndpoint {
  Aliases?: string[] | null;
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] } | null;
  Links?: string[] | null;
  DriverOpts?: Record<string, string> | null;
  MacAddress?: string;
  NetworkID?: string;
}

/** The image's own config (`Config` of `GET /images/{id}/json`): the defaults a container inherits. */
export interface ImageDefaults {
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Labels?: Record<string, string> | null;
  ExposedPorts?: Record<string, object> | null;
  Volumes?: Record<string, object> | null;
  User?: string;
  WorkingDir?: string;
  [key: string]: unknown;
}

export interface CreateBody {
  name: string;
  Image: string;
  HostConfig: Record<string, unknown>;
  NetworkingConfig?: { EndpointsConfig: Record<string, Record<string, unknown>> };
  [key: string]: unknown;
}

export interface RecreatePlan {
  body: CreateBody;
  /** Networks beyond the first: the engine (before API 1.44) takes one at create, the rest are connected before start. */
  connect: { network: string; endpoint: Record<string, unknown> }[];
  notes: string[];
}

const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;
const BUILTIN_MODES = new Set(['default', 'bridge', 'host', 'none']);
export const SWARM_SERVICE_LABEL = 'com.docker.swarm.service.id';
const SWARM_SERVICE_NAME_LABEL = 'com.docker.swarm.service.name';

export function containerNameOf(doc: Pick<InspectDoc, 'Name'>): string {
  return doc.Name.replace(/^\//, '');
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Why Berth will not recreate this container behind someone's back, or undefined. */
/** The Compose project or Swarm service that manages the container, if one does. */
export function managedBy(doc: InspectDoc): EditSpec['managedBy'] {
  const labels = doc.Config.Labels ?? {};
  if (labels[COMPOSE_PROJECT_LABEL]) return { kind: 'compose', project: labels[COMPOSE_PROJECT_LABEL] };
  const service = labels[SWARM_SERVICE_NAME_LABEL] ?? labels[SWARM_SERVICE_LABEL];
  if (service) return { kind: 'swarm', service };
  return undefined;
}

export function recreateRefusal(doc: InspectDoc): string | undefined {
  const labels = doc.Config.Labels ?? {};
  if (labels[COMPOSE_PROJECT_LABEL]) {
    return `Compose project "${labels[COMPOSE_PROJECT_LABEL]}" manages this container: change its compose file and run "docker compose up -d" (Compose page), or Compose will undo the change on its next up.`;
  }
  if (labels[SWARM_SERVICE_LABEL]) {
    return 'A Swarm service manages this container: change the service (Swarm page, or "docker service update") and Swarm replaces its tasks itself.';
  }
  if (doc.HostConfig.AutoRemove) {
    return 'This container was started with --rm, so stopping it deletes it and Berth could not start it again if the new one failed. Duplicate it instead, then remove this one.';
  }
  return undefined;
}

function splitEnvEntry(entry: string): { key: string; value: string } {
  const at = entry.indexOf('=');
  return at < 0 ? { key: entry, value: '' } : { key: entry.slice(0, at), value: entry.slice(at + 1) };
}

function parsePortKey(key: string): { containerPort: number; protocol: 'tcp' | 'udp' | 'sctp' } {
  const [port, protocol] = key.split('/');
  return { containerPort: Number(port), protocol: protocol === 'udp' || protocol === 'sctp' ? protocol : 'tcp' };
}

/** The user-defined network the container is on first (its NetworkMode), if any. */
function primaryNetwork(doc: InspectDoc): string | undefined {
  const mode = doc.HostConfig.NetworkMode ?? '';
  if (!mode || mode === 'default' || mode === 'bridge') return undefined;
  return mode;
}

/** Aliases the user gave: the engine adds the container's short id and its host name itself. */
function userAliases(doc: InspectDoc, endpoint: RawEndpoint | undefined): string[] {
  const own = new Set([doc.Id.slice(0, 12), doc.Id, doc.Config.Hostname ?? '']);
  return (endpoint?.Aliases ?? []).filter((alias) => !own.has(alias));
}

/**
 * The form's values for the container. Entries equal to the image's defaults (its env, command, labels, user, working
 * dir) are left out: they come back from the image, and a newer image brings its own.
 */
export function specFromInspect(doc: InspectDoc, image: ImageDefaults): RunSpecInput {
  const config = doc.Config;
  const host = doc.HostConfig;
  const imageEnv = new Set(image.Env ?? []);
  const env = (config.Env ?? []).filter((entry) => !imageEnv.has(entry)).map(splitEnvEntry);
  const entrypointIsImages = sameJson(config.Entrypoint, image.Entrypoint);
  // A custom entrypoint drops the image's command, so the command is shown with it whatever it is.
  const cmd = !entrypointIsImages || !sameJson(config.Cmd, image.Cmd) ? (config.Cmd ?? undefined) : undefined;
  const ports: NonNullable<RunSpecInput['ports']> = [];
  for (const [key, bindings] of Object.entries(host.PortBindings ?? {})) {
    const { containerPort, protocol } = parsePortKey(key);
    for (const binding of bindings ?? []) {
      const hostPort = Number(binding.HostPort);
      ports.push({ hostIp: binding.HostIp ?? '', ...(hostPort ? { hostPort } : {}), containerPort, protocol });
    }
  }
  const mounts: NonNullable<RunSpecInput['mounts']> = [];
  for (const mount of doc.Mounts ?? []) {
    if (mount.Type === 'volume') {
      const anonymous = !mount.Name || ANONYMOUS_VOLUME.test(mount.Name);
      mounts.push({ type: 'volume', source: anonymous ? '' : mount.Name!, target: mount.Destination ?? '', readOnly: mount.RW === false });
    } else if (mount.Type === 'bind') {
      mounts.push({ type: 'bind', source: mount.Source ?? '', target: mount.Destination ?? '', readOnly: mount.RW === false });
    }
  }
  const imageLabels = image.Labels ?? {};
  const labels = Object.fromEntries(Object.entries(config.Labels ?? {}).filter(([key, value]) => imageLabels[key] !== value));
  const network = primaryNetwork(doc);
  const endpoint = network ? doc.NetworkSettings?.Networks?.[network] : undefined;
  const aliases = network && !BUILTIN_MODES.has(network) ? userAliases(doc, endpoint) : [];
  const restart = host.RestartPolicy?.Name || 'no';
  const shortId = doc.Id.slice(0, 12);
  return {
    image: config.Image ?? '',
    name: containerNameOf(doc),
    ...(cmd ? { cmd } : {}),
    ...(!entrypointIsImages && config.Entrypoint ? { entrypoint: config.Entrypoint } : {}),
    env,
    ports,
    mounts,
    ...(network ? { network } : {}),
    restartPolicy: restart as RunSpec['restartPolicy'],
    ...(restart === 'on-failure' && host.RestartPolicy?.MaximumRetryCount ? { maximumRetryCount: host.RestartPolicy.MaximumRetryCount } : {}),
    ...(host.NanoCpus ? { cpus: host.NanoCpus / 1e9 } : {}),
    ...(host.Memory ? { memoryBytes: host.Memory } : {}),
    autoRemove: Boolean(host.AutoRemove),
    tty: Boolean(config.Tty),
    interactive: Boolean(config.OpenStdin),
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(config.Hostname && config.Hostname !== shortId ? { hostname: config.Hostname } : {}),
    ...(config.User && config.User !== (image.User ?? '') ? { user: config.User } : {}),
    ...(config.WorkingDir && config.WorkingDir !== (image.WorkingDir ?? '') ? { workingDir: config.WorkingDir } : {}),
    ...(host.CapAdd?.length ? { capAdd: host.CapAdd } : {}),
    ...(host.CapDrop?.length ? { capDrop: host.CapDrop } : {}),
    ...(aliases.length ? { networkAliases: aliases } : {}),
    ...(endpoint?.IPAMConfig?.IPv4Address ? { ipv4Address: endpoint.IPAMConfig.IPv4Address } : {}),
  };
}

/** Config keys the engine fills from the image when the create body leaves them out. */
const IMAGE_DEFAULTED = ['Healthcheck', 'StopSignal', 'Shell', 'OnBuild'] as const;
/** Config keys that describe the old container's run, not settings to carry. */
const RUNTIME_ONLY = ['Hostname', 'Image', 'Env', 'Cmd', 'Entrypoint', 'Labels', 'ExposedPorts', 'Volumes', 'User', 'WorkingDir', 'Tty', 'OpenStdin'] as const;

function portKey(port: { containerPort: number; protocol: string }): string {
  return `${port.containerPort}/${port.protocol}`;
}

function mountMatches(raw: RawHostMount, mount: RunSpec['mounts'][number]): boolean {
  return raw.Type === mount.type && (raw.Source ?? '') === mount.source && raw.Target === mount.target && Boolean(raw.ReadOnly) === mount.readOnly;
}

/** A `-v` entry (`src:dst[:opts]`) the spec still asks for, unchanged. */
function bindMatches(bind: string, mount: RunSpec['mounts'][number]): boolean {
  const parts = bind.split(':');
  const [source, target, options = ''] = parts.length === 2 ? [parts[0]!, parts[1]!] : parts.length === 3 ? [parts[0]!, parts[1]!, parts[2]!] : ['', '', ''];
  const type = source.startsWith('/') ? 'bind' : 'volume';
  return type === mount.type && source === mount.source && target === mount.target && options.split(',').includes('ro') === mount.readOnly;
}

/**
 * The create body for the old container's replacement: its own Config, HostConfig and networks, with everything the
 * form knows replaced by the spec. `duplicate` gives the copy its own anonymous volumes, MAC address and IP.
 */
export function planReplacement(doc: InspectDoc, image: ImageDefaults, spec: RunSpec, options: { name: string; purpose: 'edit' | 'duplicate' }): RecreatePlan {
  const notes: string[] = [];
  const old = doc.Config;
  const config: Record<string, unknown> = { ...old };
  for (const key of RUNTIME_ONLY) delete config[key];
  for (const key of IMAGE_DEFAULTED) if (sameJson(old[key], image[key])) delete config[key];
  if (options.purpose === 'duplicate') delete config.MacAddress;

  const imageVolumes = image.Volumes ?? {};
  const volumes = Object.fromEntries(Object.entries(old.Volumes ?? {}).filter(([path]) => !(path in imageVolumes)));
  // Exposed without being published (`--expose`), kept; the ports the spec publishes are exposed as docker run does.
  const imageExposed = image.ExposedPorts ?? {};
  const oldPublished = new Set(Object.keys(doc.HostConfig.PortBindings ?? {}));
  const exposed: Record<string, object> = {};
  for (const key of Object.keys(old.ExposedPorts ?? {})) if (!(key in imageExposed) && !oldPublished.has(key)) exposed[key] = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of spec.ports) {
    exposed[portKey(port)] = {};
    (bindings[portKey(port)] ??= []).push({ HostIp: port.hostIp, HostPort: port.hostPort ? String(port.hostPort) : '' });
  }

  // Mounts: an unchanged entry is kept exactly as it was given (with its options); anonymous volumes are reused by
  // their engine names on an edit so their data stays.
  const anonymousByTarget = new Map<string, string>();
  for (const mount of doc.Mounts ?? []) {
    if (mount.Type === 'volume' && mount.Name && ANONYMOUS_VOLUME.test(mount.Name) && mount.Destination) anonymousByTarget.set(mount.Destination, mount.Name);
  }
  const oldBinds = doc.HostConfig.Binds ?? [];
  const oldMounts = doc.HostConfig.Mounts ?? [];
  const binds: string[] = [];
  const mounts: RawHostMount[] = oldMounts.filter((raw) => raw.Type !== 'volume' && raw.Type !== 'bind');
  for (const mount of spec.mounts) {
    const keptBind = oldBinds.find((bind) => bindMatches(bind, mount));
    const keptMount = oldMounts.find((raw) => mountMatches(raw, mount));
    if (keptBind && mount.source) binds.push(keptBind);
    else if (keptMount && mount.source) mounts.push(keptMount);
    else {
      const anonymous = mount.type === 'volume' && !mount.source ? anonymousByTarget.get(mount.target) : undefined;
      const source = options.purpose === 'edit' && anonymous ? anonymous : mount.source;
      mounts.push({ Type: mount.type, Target: mount.target, ReadOnly: mount.readOnly, ...(source ? { Source: source } : {}) });
    }
  }
  if (options.purpose === 'edit') {
    const reused = spec.mounts.filter((m) => m.type === 'volume' && !m.source && anonymousByTarget.has(m.target));
    if (reused.length) notes.push(`Kept the anonymous ${reused.length === 1 ? 'volume' : 'volumes'} at ${reused.map((m) => m.target).join(', ')} with ${reused.length === 1 ? 'its' : 'their'} data.`);
  }

  const hostConfig: Record<string, unknown> = { ...doc.HostConfig };
  hostConfig.PortBindings = bindings;
  hostConfig.Binds = binds;
  hostConfig.Mounts = mounts;
  hostConfig.AutoRemove = spec.autoRemove;
  hostConfig.RestartPolicy = {
    Name: spec.restartPolicy === 'no' ? '' : spec.restartPolicy,
    MaximumRetryCount: spec.restartPolicy === 'on-failure' ? (spec.maximumRetryCount ?? 0) : 0,
  };
  hostConfig.NanoCpus = spec.cpus ? Math.round(spec.cpus * 1e9) : 0;
  const oldMemory = doc.HostConfig.Memory ?? 0;
  const newMemory = spec.memoryBytes ?? 0;
  hostConfig.Memory = newMemory;
  if (newMemory !== oldMemory) {
    // Docker's default swap is twice the memory limit; a swap limit set by hand is kept unless it no longer fits.
    const swap = doc.HostConfig.MemorySwap ?? 0;
    hostConfig.MemorySwap = !newMemory ? 0 : swap > 0 && swap !== oldMemory * 2 && swap >= newMemory ? swap : swap === -1 ? -1 : newMemory * 2;
  }
  hostConfig.CapAdd = spec.capAdd ?? null;
  hostConfig.CapDrop = spec.capDrop ?? null;

  // Networks: the primary one carries the spec's aliases and address; the others are carried over as they were.
  const oldPrimary = primaryNetwork(doc);
  const oldMode = doc.HostConfig.NetworkMode;
  const primary = spec.network ?? (oldMode === 'bridge' ? 'bridge' : 'default');
  hostConfig.NetworkMode = primary;
  const oldNetworks = doc.NetworkSettings?.Networks ?? {};
  const endpointOf = (endpoint: RawEndpoint | undefined, aliases: string[], ipv4: string | undefined): Record<string, unknown> => {
    const ipam = { ...(endpoint?.IPAMConfig ?? {}) } as Record<string, unknown>;
    delete ipam.IPv4Address;
    if (options.purpose === 'duplicate') delete ipam.IPv6Address;
    if (ipv4) ipam.IPv4Address = ipv4;
    return {
      ...(aliases.length ? { Aliases: aliases } : {}),
      ...(Object.keys(ipam).length ? { IPAMConfig: ipam } : {}),
      ...(endpoint?.Links?.length ? { Links: endpoint.Links } : {}),
      ...(endpoint?.DriverOpts && Object.keys(endpoint.DriverOpts).length ? { DriverOpts: endpoint.DriverOpts } : {}),
    };
  };
  const endpoints: Record<string, Record<string, unknown>> = {};
  if (!BUILTIN_MODES.has(primary) && !primary.startsWith('container:')) {
    const ipv4 = options.purpose === 'duplicate' ? undefined : spec.ipv4Address;
    if (options.purpose === 'duplicate' && spec.ipv4Address) notes.push(`Left out the static address ${spec.ipv4Address}: the original container uses it.`);
    endpoints[primary] = endpointOf(oldNetworks[primary], spec.networkAliases ?? [], ipv4);
  } else if (spec.networkAliases?.length || spec.ipv4Address) {
    notes.push(`Aliases and a static address need a user-defined network; "${primary}" takes neither, so they were left out.`);
  }
  const connect: RecreatePlan['connect'] = [];
  const modeIsShared = primary === 'host' || primary === 'none' || primary.startsWith('container:');
  for (const [name, endpoint] of Object.entries(oldNetworks)) {
    if (name === oldPrimary || name === primary || modeIsShared) continue;
    if (name === 'bridge' && oldPrimary === undefined) continue;
    const aliases = BUILTIN_MODES.has(name) ? [] : userAliases(doc, endpoint);
    const ipv4 = options.purpose === 'edit' ? endpoint.IPAMConfig?.IPv4Address : undefined;
    connect.push({ network: name, endpoint: endpointOf(endpoint, aliases, ipv4) });
  }

  const body: CreateBody = {
    ...config,
    name: options.name,
    Image: spec.image,
    Env: spec.env.map(({ key, value }) => `${key}=${value}`),
    ...(spec.cmd ? { Cmd: spec.cmd } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    ...(spec.labels && Object.keys(spec.labels).length ? { Labels: spec.labels } : {}),
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ExposedPorts: exposed,
    ...(Object.keys(volumes).length ? { Volumes: volumes } : {}),
    Tty: spec.tty,
    OpenStdin: spec.interactive,
    HostConfig: hostConfig,
    ...(Object.keys(endpoints).length ? { NetworkingConfig: { EndpointsConfig: endpoints } } : {}),
  };
  return { body, connect, notes };
}

/** The name the replacement is created under until the old container is gone. */
export function temporaryName(name: string, suffix: string): string {
  return `${name.slice(0, 100)}-berth-new-${suffix}`;
}

/**
 * Host ports for a duplicate: each one in use moves to the next free port above it (within 100), else it is left for
 * the engine to pick; each move is named.
 */
export async function movePorts(
  ports: NonNullable<RunSpecInput['ports']>,
  isFree: (port: { hostIp: string; hostPort: number; protocol: 'tcp' | 'udp' | 'sctp' }) => Promise<boolean>,
): Promise<{ ports: NonNullable<RunSpecInput['ports']>; notes: string[] }> {
  const notes: string[] = [];
  const taken = new Set<string>();
  const moved: NonNullable<RunSpecInput['ports']> = [];
  for (const port of ports) {
    const protocol = port.protocol ?? 'tcp';
    const hostIp = port.hostIp ?? '';
    if (!port.hostPort) {
      moved.push(port);
      continue;
    }
    let hostPort: number | undefined;
    for (let next = port.hostPort; next < port.hostPort + 100 && next <= 65535; next++) {
      if (!taken.has(`${next}/${protocol}`) && (await isFree({ hostIp, hostPort: next, protocol }))) {
        hostPort = next;
        break;
      }
    }
    if (hostPort === undefined) {
      notes.push(`Host port ${port.hostPort}/${protocol} is in use: cleared (the engine picks a free one).`);
      const { hostPort: _omit, ...rest } = port;
      moved.push(rest);
      continue;
    }
    taken.add(`${hostPort}/${protocol}`);
    if (hostPort !== port.hostPort) notes.push(`Host port ${port.hostPort}/${protocol} is in use: moved to ${hostPort}.`);
    moved.push({ ...port, hostPort });
  }
  return { ports: moved, notes };
}
