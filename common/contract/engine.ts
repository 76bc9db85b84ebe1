import { z } from 'zod';
import { call, stream } from './define';

export type EngineState = 'connecting' | 'connected' | 'unreachable';

export interface EngineStatus {
  state: EngineState;
  /** Where Berth is talking to, e.g. `unix:///var/run/docker.sock`; empty while Berth is still looking for an engine. */
  endpoint: string;
  /** How the user knows this engine, e.g. the endpoint's name or "Berth's managed engine". */
  name?: string;
  /** Where the endpoint came from (see `EngineSource`). */
  source?: EngineSource;
  /** Why the engine cannot be reached, when it cannot. */
  error?: string;
  /** Epoch ms of the last state change. */
  since: number;
}

export interface EngineInfo {
  name: string;
  kind: 'docker' | 'podman';
  version: string;
  apiVersion: string;
  os: string;
  osType: string;
  architecture: string;
  kernelVersion: string;
  cpus: number;
  memoryBytes: number;
  storageDriver: string;
  cgroupVersion: string;
  cgroupDriver: string;
  dataRoot: string;
  containers: { total: number; running: number; paused: number; stopped: number };
  images: number;
}

export interface EngineEvent {
  type: string;
  action: string;
  actor: { id: string; attributes: Record<string, string> };
  /** Epoch nanoseconds as reported by the engine, for ordering. */
  timeNano: number;
}

/** Where a discovered engine address came from, in the order Berth tries them. */
export type EngineSource =
  | 'configured'
  | 'command-line'
  | 'docker-host'
  | 'docker-context'
  | 'system-socket'
  | 'rootless-socket'
  | 'podman-socket'
  | 'managed'
  | 'vm';

export interface DiscoveredEngine {
  source: EngineSource;
  /** A sentence naming the origin, e.g. `DOCKER_HOST` or `docker context "colima"`. */
  origin: string;
  endpoint: string;
  /** Set for Berth's configured endpoints. */
  endpointId?: string;
  reachable: boolean;
  kind?: 'docker' | 'podman';
  version?: string;
  apiVersion?: string;
  /** Why it did not answer. */
  error?: string;
}

export type ManagedEngineState = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface ManagedEngineStatus {
  state: ManagedEngineState;
  /** Why it is in this state: the crash and the next retry, why Berth gave up, or what to install. */
  reason?: string;
  /** False when `dockerd` is not installed: then `reason` says what to install for this platform. */
  installed: boolean;
  endpoint: string;
  dataDir: string;
  pid?: number;
  /** Restarts after crashes since Berth started it. */
  restarts: number;
  since: number;
}

const endpointUrl = z
  .string()
  .trim()
  .min(1, 'Enter an address.')
  .max(500)
  .regex(/^(unix|tcp|ssh|npipe):\/\//, 'The address must start with unix://, tcp://, ssh:// or npipe://.');
const filePath = z.string().trim().min(1).max(1000);

export const endpointTlsSchema = z
  .object({ caPath: filePath.optional(), certPath: filePath.optional(), keyPath: filePath.optional() })
  .strict()
  .refine((tls) => Boolean(tls.certPath) === Boolean(tls.keyPath), { message: 'A client certificate and its key go together: give both or neither.' });

export const endpointInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the endpoint a name.').max(80),
    url: endpointUrl,
    tls: endpointTlsSchema.optional(),
  })
  .strict();

export type EndpointTls = z.infer<typeof endpointTlsSchema>;
export type EndpointInput = z.infer<typeof endpointInputSchema>;

export interface EngineEndpoint extends EndpointInput {
  id: string;
}

/** What the user chose to connect to; `auto` follows the discovery order. */
export const activeChoiceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('auto') }).strict(),
  z.object({ mode: z.literal('endpoint'), id: z.string().min(1).max(64) }).strict(),
  z.object({ mode: z.literal('address'), url: endpointUrl }).strict(),
  z.object({ mode: z.literal('managed') }).strict(),
  z.object({ mode: z.literal('vm') }).strict(),
]);
export type ActiveChoice = z.infer<typeof activeChoiceSchema>;

export interface EngineSettingsView {
  endpoints: EngineEndpoint[];
  active: ActiveChoice;
  keepManagedEngineRunning: boolean;
  /** Where Berth keeps its settings and the managed engine's files. */
  dataDir: string;
}

/** A batch of engine log lines, oldest first. */
export interface EngineLogChunk {
  lines: string[];
  /** True for the first batch (the tail of the existing log). */
  initial: boolean;
}

const eventTypes = z.enum(['container', 'image', 'volume', 'network', 'daemon', 'plugin', 'node', 'service', 'secret', 'config']);
const empty = z.object({}).strict();
const endpointId = z.string().min(1).max(64);

export const engineContract = {
  'engine.status': stream(empty).emits<EngineStatus>(),
  'engine.info': call(empty).returns<EngineInfo>(),
  'engine.events': stream(z.object({ types: z.array(eventTypes).max(10).optional() }).strict()).emits<EngineEvent>(),
  'engine.discover': call(empty).returns<DiscoveredEngine[]>(),
  'engine.settings': call(empty).returns<EngineSettingsView>(),
  'engine.endpoints.add': call(endpointInputSchema).returns<EngineEndpoint>(),
  'engine.endpoints.update': call(z.object({ id: endpointId, endpoint: endpointInputSchema }).strict()).returns<EngineEndpoint>(),
  'engine.endpoints.remove': call(z.object({ id: endpointId }).strict()).returns<void>(),
  'engine.activate': call(activeChoiceSchema).returns<EngineStatus>(),
  'engine.keepRunning': call(z.object({ keepRunning: z.boolean() }).strict()).returns<EngineSettingsView>(),
  'engine.managed.status': stream(empty).emits<ManagedEngineStatus>(),
  'engine.managed.start': call(empty).returns<ManagedEngineStatus>(),
  'engine.managed.stop': call(empty).returns<ManagedEngineStatus>(),
  'engine.managed.restart': call(empty).returns<ManagedEngineStatus>(),
  'engine.managed.log': stream(z.object({ tailLines: z.number().int().min(0).max(5000).default(300) }).strict()).emits<EngineLogChunk>(),
};
