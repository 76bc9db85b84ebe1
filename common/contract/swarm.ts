import { z } from 'zod';
import { call } from './define';
import { engineObjectNameSchema, engineRefSchema, labelsSchema } from './resource-fields';

/** The label `docker stack deploy` puts on everything of a stack. */
export const STACK_NAMESPACE_LABEL = 'com.docker.stack.namespace';
/** Labels the engine puts on a task's container. */
export const SWARM_SERVICE_ID_LABEL = 'com.docker.swarm.service.id';
export const SWARM_TASK_ID_LABEL = 'com.docker.swarm.task.id';
export const SWARM_TASK_NAME_LABEL = 'com.docker.swarm.task.name';

/** The engine's part in a swarm, as `docker info` reports it. */
export type SwarmState =
  | { state: 'inactive' }
  /** Joining, leaving or locked: the engine's own words in `message`. */
  | { state: 'pending' | 'locked' | 'error'; message: string }
  | {
      state: 'active';
      role: 'manager' | 'worker';
      nodeId: string;
      nodeAddress: string;
      managers: number;
      nodes: number;
      clusterId?: string;
      createdAt?: string;
      /** Services in the swarm (managers only), so leaving can say what stops. */
      services: number;
    };

/** An address the engine's host has, offered as the swarm's advertise address. */
export interface AdvertiseAddressChoice {
  address: string;
  /** The interface it belongs to (`lo`, `eth0`), when known. */
  interface?: string;
  loopback: boolean;
}

export type ServiceMode = 'replicated' | 'global';
export type PublishMode = 'ingress' | 'host';
export type ServicePortProtocol = 'tcp' | 'udp' | 'sctp';
export type UpdateFailureAction = 'pause' | 'continue' | 'rollback';
export type UpdateOrder = 'stop-first' | 'start-first';
export type UpdateState = 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';

export interface ServicePort {
  target: number;
  published?: number;
  protocol: ServicePortProtocol;
  mode: PublishMode;
}

export interface ServiceUpdateStatus {
  state: UpdateState;
  message?: string;
  startedAt?: string;
  completedAt?: string;
}

export interface ServiceSummary {
  id: string;
  name: string;
  image: string;
  mode: ServiceMode;
  /** Running tasks and the tasks wanted (for global services: one per eligible node). */
  running: number;
  desired: number;
  ports: ServicePort[];
  update?: ServiceUpdateStatus;
  /** `com.docker.stack.namespace`, when deployed as part of a stack. */
  stack?: string;
  createdAt: string;
  updatedAt: string;
}

export type TaskState =
  | 'new'
  | 'allocated'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

export interface TaskInfo {
  id: string;
  /** Replicated services: the slot it fills. Global services have none (the node is the slot). */
  slot?: number;
  nodeId?: string;
  nodeName?: string;
  desiredState: TaskState;
  state: TaskState;
  /** The engine's status line ("started", "no suitable node (scheduling constraints not satisfied on 1 node)"). */
  message: string;
  error?: string;
  exitCode?: number;
  health?: 'starting' | 'healthy' | 'unhealthy';
  containerId?: string;
  image: string;
  /** Runs the service's current spec (false: a task of the previous spec, during or after an update). */
  current: boolean;
  createdAt: string;
  updatedAt: string;
}

const shortText = (max: number) => z.string().max(max);
const seconds = z.number().min(0).max(365 * 24 * 3600);

export const servicePortSchema = z
  .object({
    target: z.number().int().min(1).max(65535),
    published: z.number().int().min(1).max(65535).optional(),
    protocol: z.enum(['tcp', 'udp', 'sctp']).default('tcp'),
    mode: z.enum(['ingress', 'host']).default('ingress'),
  })
  .strict();

export const serviceMountSchema = z
  .object({
    type: z.enum(['volume', 'bind']),
    source: shortText(4096).default(''),
    target: z.string().min(1).max(4096).regex(/^\//, 'an absolute path inside the container'),
    readOnly: z.boolean().default(false),
  })
  .strict();

export const resourcesSchema = z
  .object({
    cpus: z.number().positive().max(1024).optional(),
    memoryBytes: z.number().int().min(4 * 1024 * 1024, 'at least 4 MB').max(2 ** 50).optional(),
  })
  .strict();

export const updateConfigSchema = z
  .object({
    parallelism: z.number().int().min(0).max(10_000).default(1),
    delaySeconds: seconds.default(0),
    failureAction: z.enum(['pause', 'continue', 'rollback']).default('pause'),
    monitorSeconds: seconds.default(5),
    maxFailureRatio: z.number().min(0).max(1).default(0),
    order: z.enum(['stop-first', 'start-first']).default('stop-first'),
  })
  .strict();

export const healthCheckSchema = z
  .object({
    /** Run by the container's shell (`CMD-SHELL`). */
    command: z.string().min(1).max(4096),
    intervalSeconds: seconds.default(30),
    timeoutSeconds: seconds.default(30),
    retries: z.number().int().min(0).max(1000).default(3),
    startPeriodSeconds: seconds.default(0),
  })
  .strict();

export const serviceNameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/, 'Use letters, digits and "-", starting and ending with a letter or digit.');

/** Everything the Create service form sets; the same shape comes back (filled in) to edit a service. */
export const serviceInputSchema = z
  .object({
    image: z.string().min(1, 'an image').max(512),
    name: serviceNameSchema,
    mode: z.enum(['replicated', 'global']).default('replicated'),
    replicas: z.number({ error: 'Replicas must be a whole number.' }).int('Replicas must be a whole number.').min(0, 'Replicas cannot be negative.').max(10_000).default(1),
    /** Replaces the image's entrypoint when set. */
    command: z.array(shortText(4096)).max(256).optional(),
    /** Replaces the image's CMD when set. */
    args: z.array(shortText(4096)).max(256).optional(),
    env: z.array(z.object({ key: z.string().min(1).max(256).regex(/^[^=\s]+$/, 'no "=" or spaces'), value: shortText(32768) }).strict()).max(512).default([]),
    ports: z.array(servicePortSchema).max(128).default([]),
    mounts: z.array(serviceMountSchema).max(64).default([]),
    networks: z.array(engineRefSchema).max(32).default([]),
    /** Names of swarm secrets, mounted at /run/secrets/<name>. */
    secrets: z.array(engineObjectNameSchema).max(64).default([]),
    /** Names of swarm configs, mounted at /<name>. */
    configs: z.array(engineObjectNameSchema).max(64).default([]),
    limits: resourcesSchema.default({}),
    reservations: resourcesSchema.default({}),
    /** Placement constraints such as `node.role==manager`. */
    constraints: z.array(z.string().min(1).max(512).regex(/^\s*[\w.\-]+\s*(==|!=)\s*\S.*$/, 'a constraint such as node.role==manager')).max(64).default([]),
    restartPolicy: z
      .object({
        condition: z.enum(['none', 'on-failure', 'any']).default('any'),
        delaySeconds: seconds.default(5),
        maxAttempts: z.number().int().min(0).max(1_000_000).default(0),
        windowSeconds: seconds.default(0),
      })
      .strict()
      .prefault({}),
    healthCheck: healthCheckSchema.optional(),
    update: updateConfigSchema.prefault({}),
    rollback: updateConfigSchema.prefault({}),
    labels: labelsSchema.default({}),
  })
  .strict()
  .superRefine((input, context) => {
    const published = new Map<string, number>();
    input.ports.forEach((port, index) => {
      if (port.published === undefined) return;
      const key = `${port.published}/${port.protocol}`;
      if (published.has(key)) context.addIssue({ code: 'custom', path: ['ports', index, 'published'], message: `Port ${key} is published twice.` });
      published.set(key, index);
    });
    if (input.mounts.some((mount) => mount.type === 'bind' && !mount.source.startsWith('/'))) {
      context.addIssue({ code: 'custom', path: ['mounts'], message: 'A bind mount needs an absolute host path as its source.' });
    }
  });

export type ServiceInput = z.output<typeof serviceInputSchema>;
export type ServiceInputDraft = z.input<typeof serviceInputSchema>;

export interface ServiceDetails extends ServiceSummary {
  /** The service's spec as the form shows it, to edit it. */
  input: ServiceInput;
  /** Tasks, newest first within each slot: replaced ones stay while the engine keeps them (5 per slot by default). */
  tasks: TaskInfo[];
  /** The image before the last update, when there was one (what a rollback returns to). */
  previousImage?: string;
  canRollback: boolean;
  /** Networks as names (overlay networks by name, the ingress network included when ports use it). */
  networkNames: string[];
}

export interface NodeInfo {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  availability: 'active' | 'pause' | 'drain';
  state: string;
  address: string;
  engineVersion: string;
  leader: boolean;
  labels: Record<string, string>;
  cpus: number;
  memoryBytes: number;
}

/** A secret or config as listed: never its data. */
export interface SwarmObjectInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** Services that use it (a used one cannot be removed). */
  usedBy: string[];
}

/** A config's data may be shown; a secret's never is. */
export interface ConfigInfo extends SwarmObjectInfo {
  data: string;
}

/** 500 KB: the engine's limit for a secret or config. */
export const MAX_SWARM_OBJECT_BYTES = 500 * 1024;

const swarmObjectCreateSchema = z
  .object({
    name: engineObjectNameSchema,
    /** The value, base64 encoded (text or a file's bytes). */
    dataBase64: z
      .string()
      .min(1, 'a value')
      .max(Math.ceil(MAX_SWARM_OBJECT_BYTES / 3) * 4 + 4, 'at most 500 KB')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
    labels: labelsSchema.default({}),
  })
  .strict();

const idInput = z.object({ id: engineRefSchema }).strict();

export const swarmContract = {
  'swarm.state': call(z.object({}).strict()).returns<SwarmState>(),
  /** Addresses of the engine's host to advertise (loopback included, last). */
  'swarm.addresses': call(z.object({}).strict()).returns<AdvertiseAddressChoice[]>(),
  'swarm.init': call(
    z
      .object({
        advertiseAddress: z.string().min(1).max(256).regex(/^[\w.:[\]%-]+$/, 'an IP address or interface name'),
        /** Managers' port (default 2377); another on a host that already runs a swarm manager. */
        listenPort: z.number().int().min(1).max(65535).optional(),
        /** Overlay (VXLAN) traffic's UDP port (default 4789). */
        dataPathPort: z.number().int().min(1024).max(49151).optional(),
      })
      .strict(),
  ).returns<SwarmState>(),
  /** Without `force`, a manager with services is refused with the services named. */
  'swarm.leave': call(z.object({ force: z.boolean().default(false) }).strict()).returns<SwarmState>(),

  'swarm.services.list': call(z.object({}).strict()).returns<ServiceSummary[]>(),
  'swarm.services.inspect': call(idInput).returns<ServiceDetails>(),
  'swarm.services.create': call(serviceInputSchema).returns<{ id: string; warnings: string[] }>(),
  /** Replaces the service's spec with the form's; everything the form does not show is kept. */
  'swarm.services.update': call(z.object({ id: engineRefSchema, input: serviceInputSchema }).strict()).returns<{ warnings: string[] }>(),
  'swarm.services.scale': call(
    z
      .object({
        id: engineRefSchema,
        replicas: z.number({ error: 'Replicas must be a whole number.' }).int('Replicas must be a whole number.').min(0, 'Replicas cannot be negative.').max(10_000),
      })
      .strict(),
  ).returns<void>(),
  'swarm.services.rollback': call(idInput).returns<void>(),
  /** Replaces every task with the same spec (`docker service update --force`). */
  'swarm.services.redeploy': call(idInput).returns<void>(),
  'swarm.services.remove': call(idInput).returns<void>(),

  'swarm.nodes.list': call(z.object({}).strict()).returns<NodeInfo[]>(),
  'swarm.nodes.update': call(
    z.object({ id: engineRefSchema, availability: z.enum(['active', 'pause', 'drain']), labels: labelsSchema }).strict(),
  ).returns<void>(),

  'swarm.secrets.list': call(z.object({}).strict()).returns<SwarmObjectInfo[]>(),
  'swarm.secrets.create': call(swarmObjectCreateSchema).returns<{ id: string }>(),
  'swarm.secrets.remove': call(idInput).returns<void>(),
  'swarm.configs.list': call(z.object({}).strict()).returns<ConfigInfo[]>(),
  'swarm.configs.create': call(swarmObjectCreateSchema).returns<{ id: string }>(),
  'swarm.configs.remove': call(idInput).returns<void>(),
};
