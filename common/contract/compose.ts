import { z } from 'zod';
import { call, stream } from './define';

/** Which Compose CLI runs, or what to install when there is none. */
export interface ComposeStatus {
  cli?: { kind: 'plugin' | 'standalone'; version: string; command: string };
  /** Set when no Compose CLI was found: exactly what to install on this platform. */
  installHint?: string;
  /** The DOCKER_HOST Compose runs against (Berth's socket when it listens). */
  dockerHost?: string;
}

/** Everything that selects a Compose project on the command line. */
export interface ComposeProjectSpec {
  name: string;
  workingDir: string;
  /** The `-f` files in order; the first is the one the editor opens. */
  files: string[];
  envFile?: string;
  profiles: string[];
}

export interface ComposePort {
  hostIp?: string;
  hostPort?: number;
  containerPort: number;
  protocol: string;
}

export interface ComposeServiceContainer {
  id: string;
  name: string;
  state: string;
  status: string;
}

export interface ComposeServiceSummary {
  name: string;
  image?: string;
  /** `running` (all wanted replicas up), `partial`, `stopped` (containers exist, none running), `absent` (none created). */
  state: 'running' | 'partial' | 'stopped' | 'absent';
  running: number;
  /** Replicas the project has (its containers), else what the file asks for (`deploy.replicas`/`scale`, default 1). */
  desired: number;
  ports: ComposePort[];
  containers: ComposeServiceContainer[];
}

export interface ComposeProject extends ComposeProjectSpec {
  /** `running`: seen on the engine only; `opened`: a file the user opened; `both`. */
  source: 'running' | 'opened' | 'both';
  services: ComposeServiceSummary[];
  /** A file Berth could not read or parse, for the project row. */
  fileError?: string;
}

export interface ComposeFile {
  path: string;
  content: string;
  /** Epoch ms of the last modification, and the SHA-256 of the content: save refuses when either changed on disk. */
  mtimeMs: number;
  hash: string;
}

export interface ComposeDiagnostic {
  /** 1-based line and column in the edited file. */
  line: number;
  column: number;
  /** 0-based offsets into the text, for the editor's underline. */
  from: number;
  to: number;
  message: string;
  severity: 'error' | 'warning';
  /** `yaml`: not valid YAML; `schema`: against the Compose Specification; `compose`: `compose config`. */
  source: 'yaml' | 'schema' | 'compose';
}

export interface ComposeValidation {
  diagnostics: ComposeDiagnostic[];
  /** The `compose config -q` command line, when it ran (not when the YAML itself is broken or no CLI exists). */
  configCommand?: string;
}

/** What `down` removes, read from the engine's labels before asking. */
export interface ComposeDownPreview {
  containers: string[];
  networks: string[];
  volumes: string[];
  images: string[];
}

export type ComposeRunEvent =
  | { kind: 'command'; commandLine: string }
  | { kind: 'line'; stream: 'stdout' | 'stderr'; text: string }
  | { kind: 'done'; commandLine: string };

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => value.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(value), 'an absolute path');

/** Compose's own rule for project names. */
export const composeProjectNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'a Compose project name: lower-case letters, digits, _ and -, starting with a letter or digit');

const serviceNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9._-]+$/, 'a service name');

const profileSchema = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a profile name').max(128);

export const composeActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('up'), build: z.boolean().default(false), removeOrphans: z.boolean().default(false) }).strict(),
  z
    .object({
      kind: z.literal('down'),
      removeVolumes: z.boolean().default(false),
      removeImages: z.enum(['none', 'local', 'all']).default('none'),
    })
    .strict(),
  z.object({ kind: z.enum(['stop', 'start', 'restart', 'pull', 'build']), service: serviceNameSchema.optional() }).strict(),
  z.object({ kind: z.literal('scale'), service: serviceNameSchema, replicas: z.number().int().min(0).max(100) }).strict(),
  z.object({ kind: z.literal('recreate'), service: serviceNameSchema }).strict(),
  /** `pull` then `up -d`: what an image update asks of a project (Compose recreates only what got a new image). */
  z.object({ kind: z.literal('pullUp'), service: serviceNameSchema.optional() }).strict(),
]);

export type ComposeAction = z.output<typeof composeActionSchema>;

export const composeOpenSchema = z
  .object({
    /** A compose file, or a folder holding compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml. */
    path: absolutePath,
    /** Further `-f` files (overrides), applied in order after the main one. */
    extraFiles: z.array(absolutePath).max(20).default([]),
    envFile: absolutePath.optional(),
    profiles: z.array(profileSchema).max(50).default([]),
    /** The project name; default: the file's `name:`, else the folder's name. */
    name: composeProjectNameSchema.optional(),
  })
  .strict();

export const composeContract = {
  'compose.status': call(z.object({}).strict()).returns<ComposeStatus>(),
  'compose.list': call(z.object({}).strict()).returns<ComposeProject[]>(),
  'compose.open': call(composeOpenSchema).returns<ComposeProject>(),
  /** Forgets an opened project (its files and containers stay). */
  'compose.forget': call(z.object({ project: composeProjectNameSchema }).strict()).returns<void>(),
  'compose.read': call(z.object({ path: absolutePath }).strict()).returns<ComposeFile>(),
  /** Writes atomically; refuses (conflict) when the file changed on disk since it was read. */
  'compose.save': call(
    z
      .object({ path: absolutePath, content: z.string().max(5_000_000), expectedHash: z.string().regex(/^[0-9a-f]{64}$/), expectedMtimeMs: z.number() })
      .strict(),
  ).returns<ComposeFile>(),
  /** Validates unsaved text as one of a project's files: YAML, the Compose Specification schema, `compose config -q`. */
  'compose.validate': call(
    z.object({ project: composeProjectNameSchema, path: absolutePath, content: z.string().max(5_000_000) }).strict(),
  ).returns<ComposeValidation>(),
  'compose.downPreview': call(z.object({ project: composeProjectNameSchema }).strict()).returns<ComposeDownPreview>(),
  /** Runs one action; streams the command line, then each output line (ANSI kept); ends with the error if it failed. */
  'compose.run': stream(z.object({ project: composeProjectNameSchema, action: composeActionSchema }).strict()).emits<ComposeRunEvent>(),
  /** `docker stack deploy -c <files> <stack>`: the project's files as a swarm stack. */
  'compose.stackDeploy': stream(
    z
      .object({
        project: composeProjectNameSchema,
        stack: z
          .string()
          .min(1)
          .max(63)
          .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, 'a stack name of letters, digits, "_" and "-", starting with a letter or digit'),
        /** Also remove the stack's services that the files no longer define. */
        prune: z.boolean().default(false),
      })
      .strict(),
  ).emits<ComposeRunEvent>(),
};
