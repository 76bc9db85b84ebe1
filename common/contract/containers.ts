import { z } from 'zod';
import { call, stream } from './define';
import { imageReferenceSchema } from './images';

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface PortBinding {
  /** Host address the port is published on; absent when the port is only exposed. */
  ip?: string;
  privatePort: number;
  publicPort?: number;
  protocol: PortProtocol;
}

export interface MountSummary {
  type: string;
  /** Volume name for volumes; absent for binds and tmpfs. */
  name?: string;
  source: string;
  destination: string;
  readOnly: boolean;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  imageId: string;
  command: string;
  /** created, running, paused, restarting, removing, exited or dead. */
  state: string;
  /** The engine's human status line, e.g. `Up 3 minutes`. */
  status: string;
  ports: PortBinding[];
  labels: Record<string, string>;
  /** Epoch seconds. */
  created: number;
  networks: Record<string, { ipAddress: string }>;
  mounts: MountSummary[];
}

/** What the Overview tab shows: the parts of `docker inspect` a person reads. */
export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  imageId: string;
  state: string;
  exitCode: number;
  /** The engine's error for the last start, if any. */
  error: string;
  /** healthy / unhealthy / starting; absent without a healthcheck. */
  health?: { status: string; failingStreak: number; lastOutput?: string };
  /** Entrypoint plus command, as argv. */
  command: string[];
  entrypoint: string[];
  cmd: string[];
  workingDir: string;
  user: string;
  /** ISO timestamps; `startedAt`/`finishedAt` are empty when it never ran. */
  createdAt: string;
  startedAt: string;
  finishedAt: string;
  restartCount: number;
  restartPolicy: { name: string; maximumRetryCount: number };
  tty: boolean;
  openStdin: boolean;
  autoRemove: boolean;
  /** Active bindings: empty while the container is not running. */
  ports: PortBinding[];
  /** What its configuration publishes (HostConfig.PortBindings), active or not. */
  configuredPorts: PortBinding[];
  mounts: MountSummary[];
  networks: { name: string; ipAddress: string; gateway: string; macAddress: string; aliases: string[] }[];
  env: { key: string; value: string }[];
  labels: Record<string, string>;
  /** CPUs (e.g. 1.5); 0 when unlimited. */
  cpus: number;
  /** Bytes; 0 when unlimited. */
  memoryBytes: number;
}

export interface ContainerCreated {
  id: string;
}

export interface EditSpec {
  /** The form's values; fields equal to the image's defaults are left out so a newer image brings its own. */
  spec: RunSpecInput;
  /** The container's current name. */
  name: string;
  /** What was adjusted, e.g. host ports moved for a duplicate. */
  notes: string[];
  /** Set when Berth will not recreate it (Compose or Swarm manage it, or it removes itself when stopped). */
  refusal?: string;
  /** Who manages it instead, so the dialog can offer that place: the Compose project or the Swarm service. */
  managedBy?: { kind: 'compose'; project: string } | { kind: 'swarm'; service: string };
}

export interface RecreateResult {
  id: string;
  name: string;
  /** Whether the new container was started (it is when the old one was running). */
  started: boolean;
  notes: string[];
}

export interface PortCheck {
  hostIp: string;
  hostPort: number;
  protocol: PortProtocol;
  free: boolean;
  /** Why the port is not free, e.g. which container publishes it. */
  reason?: string;
}

export interface FileEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  sizeBytes: number;
  /** Octal permission bits, e.g. `755`. */
  mode: string;
  /** Epoch ms. */
  modified: number;
  /** Where a symlink points. */
  linkTarget?: string;
}

export interface DirectoryListing {
  path: string;
  entries: FileEntry[];
  /** The folder was too large to read completely; some entries may be missing. */
  truncated: boolean;
}

export type TerminalEvent =
  | { type: 'session'; sessionId: string }
  /** Raw terminal output, base64 so multi-byte characters split across chunks survive. */
  | { type: 'output'; data: string }
  | { type: 'exit'; exitCode: number | null };

export type DownloadEvent =
  | { type: 'start'; fileName: string; contentType: string }
  | { type: 'chunk'; data: string }
  | { type: 'done'; sizeBytes: number };

export const containerIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a container id or name');

/** The engine's own rule for container names. */
export const containerNameSchema = z
  .string()
  .min(2, 'a name has at least 2 characters')
  .max(128)
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, 'letters, digits, and _ . - only, starting with a letter or digit');

const byId = z.object({ id: containerIdSchema }).strict();
const timeoutSeconds = z.number().int().min(0).max(3600).optional();
const protocolSchema = z.enum(['tcp', 'udp', 'sctp']);
const portNumber = z.number().int().min(1).max(65535);
const hostIpSchema = z.union([z.ipv4(), z.ipv6(), z.literal('')]);
/** An absolute path inside a container. */
const containerPathSchema = z.string().min(1).max(4096).startsWith('/', 'an absolute path starting with /').refine((p) => !p.includes('\0'));
const argvSchema = z.array(z.string().max(8192)).max(256);
const envKeySchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^=\s]+$/, 'an environment variable name without spaces or =');

/** A Linux capability as `docker run --cap-add` takes it (`NET_ADMIN`, `CAP_NET_ADMIN`, `ALL`). */
const capabilitySchema = z.string().regex(/^[A-Za-z_]{2,40}$/, 'a capability such as NET_ADMIN');

export const portMappingSchema = z
  .object({
    hostIp: hostIpSchema.default(''),
    /** Absent: the engine picks a free port. */
    hostPort: portNumber.optional(),
    containerPort: portNumber,
    protocol: protocolSchema.default('tcp'),
  })
  .strict();

export const mountSpecSchema = z
  .object({
    type: z.enum(['volume', 'bind']),
    /** Volume name (empty: an anonymous volume) or an absolute host path for a bind. */
    source: z.string().max(4096),
    target: containerPathSchema,
    readOnly: z.boolean().default(false),
  })
  .strict()
  .refine((m) => m.type !== 'bind' || m.source.startsWith('/'), { message: 'a bind mount needs an absolute host path', path: ['source'] });

export const runSpecSchema = z
  .object({
    // A reference or an image id (`sha256:…` parses as one too), checked here so a typo is named before the engine sees it.
    image: imageReferenceSchema,
    name: containerNameSchema.optional(),
    cmd: argvSchema.optional(),
    entrypoint: argvSchema.optional(),
    env: z.array(z.object({ key: envKeySchema, value: z.string().max(65536) }).strict()).max(500).default([]),
    ports: z.array(portMappingSchema).max(100).default([]),
    mounts: z.array(mountSpecSchema).max(100).default([]),
    network: z.string().min(1).max(256).optional(),
    restartPolicy: z.enum(['no', 'always', 'unless-stopped', 'on-failure']).default('no'),
    maximumRetryCount: z.number().int().min(0).max(1000).optional(),
    cpus: z.number().positive().max(1024).optional(),
    memoryBytes: z.number().int().min(6 * 1024 * 1024, 'at least 6 MB').max(2 ** 50).optional(),
    autoRemove: z.boolean().default(false),
    tty: z.boolean().default(false),
    interactive: z.boolean().default(false),
    labels: z.record(z.string().max(256), z.string().max(4096)).optional(),
    hostname: z.string().max(253).regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/, 'a host name of letters, digits, . and -').optional(),
    user: z.string().max(256).regex(/^[a-zA-Z0-9_.:-]*$/, 'a user name or uid[:gid]').optional(),
    workingDir: containerPathSchema.optional(),
    capAdd: z.array(capabilitySchema).max(64).optional(),
    capDrop: z.array(capabilitySchema).max(64).optional(),
    /** Extra DNS names on `network` (user-defined networks only). */
    networkAliases: z.array(z.string().min(1).max(253).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a name of letters, digits, _ . -')).max(32).optional(),
    /** A static IPv4 address on `network`. */
    ipv4Address: z.ipv4().optional(),
  })
  .strict();
export type RunSpec = z.output<typeof runSpecSchema>;
export type RunSpecInput = z.input<typeof runSpecSchema>;

export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;
/** Bytes per upload chunk; as base64 it stays well under the transport's 4 MB message limit. */
export const UPLOAD_CHUNK_BYTES = 2 * 1024 * 1024;
export const UPLOAD_CHUNK_BASE64_CHARS = Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4;
/** The name of an uploaded file (into a container or a volume): one path part. */
export const uploadFileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !n.includes('/') && n !== '.' && n !== '..' && !n.includes('\0'), 'a file name without /');
export const uploadSizeSchema = z.number().int().min(0).max(MAX_UPLOAD_BYTES, 'files up to 8 GB can be uploaded');

const terminalSize = { cols: z.number().int().min(1).max(1000).default(80), rows: z.number().int().min(1).max(500).default(24) };

export const containersContract = {
  'containers.list': call(
    z
      .object({
        /** Only these containers (by id or id prefix); used to patch single rows after an event. */
        ids: z.array(containerIdSchema).max(1000).optional(),
        /** Allow the main process's event-fed copy of the full list (fast to open; status texts may have aged). */
        cached: z.boolean().optional(),
      })
      .strict(),
  ).returns<ContainerSummary[]>(),
  'containers.inspect': call(byId).returns<ContainerDetails>(),
  /**
   * The ports each container's configuration publishes (HostConfig.PortBindings), by id: the list shows a stopped
   * container's ports from here, marked not active, as the engine lists ports of running containers only.
   */
  'containers.configuredPorts': call(z.object({ ids: z.array(containerIdSchema).min(1).max(100) }).strict()).returns<Record<string, PortBinding[]>>(),
  /** The engine's inspect document as is. */
  'containers.inspectRaw': call(byId).returns<Record<string, unknown>>(),

  'containers.start': call(byId).returns<void>(),
  'containers.stop': call(z.object({ id: containerIdSchema, timeoutSeconds }).strict()).returns<void>(),
  'containers.restart': call(z.object({ id: containerIdSchema, timeoutSeconds }).strict()).returns<void>(),
  'containers.pause': call(byId).returns<void>(),
  'containers.unpause': call(byId).returns<void>(),
  'containers.kill': call(
    z
      .object({ id: containerIdSchema, signal: z.string().regex(/^(SIG)?[A-Z0-9+-]{1,16}$|^\d{1,2}$/, 'a signal such as SIGKILL').optional() })
      .strict(),
  ).returns<void>(),
  'containers.remove': call(
    z.object({ id: containerIdSchema, force: z.boolean().default(false), removeVolumes: z.boolean().default(false) }).strict(),
  ).returns<void>(),
  'containers.rename': call(z.object({ id: containerIdSchema, name: containerNameSchema }).strict()).returns<void>(),
  'containers.update': call(
    z
      .object({
        id: containerIdSchema,
        /** 0 removes the CPU limit. */
        cpus: z.number().min(0).max(1024).optional(),
        memoryBytes: z.number().int().min(6 * 1024 * 1024, 'at least 6 MB').max(2 ** 50).optional(),
      })
      .strict(),
  ).returns<{ warnings: string[] }>(),

  /** `docker run`: creates the container and starts it. */
  'containers.run': call(runSpecSchema).returns<ContainerCreated>(),
  /**
   * The run form's values for an existing container, read from its inspect data: for an edit, or (`duplicate`) for a
   * copy under a new name with its host ports moved off the ones in use.
   */
  'containers.editSpec': call(z.object({ id: containerIdSchema, purpose: z.enum(['edit', 'duplicate']) }).strict()).returns<EditSpec>(),
  /** Replaces the container with one made from its own settings plus the spec's; the old one is started again if the new one fails. */
  'containers.recreate': call(z.object({ id: containerIdSchema, spec: runSpecSchema }).strict()).returns<RecreateResult>(),
  /** A new container from the old one's settings plus the spec's (a new name, its own anonymous volumes). */
  'containers.duplicate': call(z.object({ id: containerIdSchema, spec: runSpecSchema }).strict()).returns<RecreateResult>(),
  /** Whether host ports are free to publish, before a run. */
  'containers.checkPorts': call(
    z.object({ ports: z.array(z.object({ hostIp: hostIpSchema, hostPort: portNumber, protocol: protocolSchema }).strict()).max(100) }).strict(),
  ).returns<PortCheck[]>(),

  /** An interactive process in the container; the first event carries the session id for input and resize. */
  'containers.exec': stream(
    z
      .object({
        id: containerIdSchema,
        cmd: argvSchema.min(1).default(['/bin/sh']),
        user: z.string().max(256).regex(/^[a-zA-Z0-9_.:-]*$/, 'a user name or uid[:gid]').default(''),
        ...terminalSize,
      })
      .strict(),
  ).emits<TerminalEvent>(),
  /** Attaches to the container's main process (it must have a TTY). */
  'containers.attach': stream(z.object({ id: containerIdSchema, ...terminalSize }).strict()).emits<TerminalEvent>(),
  'containers.terminalInput': call(z.object({ sessionId: z.uuid(), data: z.string().max(256 * 1024) }).strict()).returns<void>(),
  'containers.terminalResize': call(
    z.object({ sessionId: z.uuid(), cols: terminalSize.cols.unwrap(), rows: terminalSize.rows.unwrap() }).strict(),
  ).returns<void>(),

  'containers.listFiles': call(z.object({ id: containerIdSchema, path: containerPathSchema }).strict()).returns<DirectoryListing>(),
  /** A file as itself, a directory as a tar archive. */
  'containers.download': stream(z.object({ id: containerIdSchema, path: containerPathSchema }).strict()).emits<DownloadEvent>(),
  /** Uploads one file into a folder of the container, in chunks (the transport carries a few MB per message). */
  'containers.uploadBegin': call(
    z
      .object({
        id: containerIdSchema,
        directory: containerPathSchema,
        fileName: uploadFileNameSchema,
        sizeBytes: uploadSizeSchema,
      })
      .strict(),
  ).returns<{ uploadId: string }>(),
  'containers.uploadChunk': call(
    z.object({ uploadId: z.uuid(), dataBase64: z.string().max(UPLOAD_CHUNK_BASE64_CHARS, 'a chunk of at most 2 MB') }).strict(),
  ).returns<void>(),
  /** Writes the file into the container once every byte arrived. */
  'containers.uploadFinish': call(z.object({ uploadId: z.uuid() }).strict()).returns<void>(),
  'containers.uploadCancel': call(z.object({ uploadId: z.uuid() }).strict()).returns<void>(),
};
