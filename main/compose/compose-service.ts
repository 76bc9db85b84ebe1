import { mkdir, readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { load } from 'js-yaml';
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL } from '../../common/compose-labels';
import type {
  ComposeAction,
  ComposeDownPreview,
  ComposePort,
  ComposeProject,
  ComposeProjectSpec,
  ComposeRunEvent,
  ComposeServiceSummary,
  ComposeStatus,
  ComposeValidation,
} from '../../common/contract/compose';
import type { EndpointTls } from '../../common/contract/engine';
import { ApiError } from '../../common/errors';
import type { EngineConnection } from '../engine/connection';
import { runStackDeploy } from './stack-deploy';
import { actionCommands, composeEnv, normalizeProjectName, projectArgs, shellLine, standardCertDir, type EngineForCompose } from './compose-args';
import { composeInstallHint, findComposeCli, type ComposeCli } from './compose-cli';
import { contentHash, findComposeFile, ProjectStore, readComposeFile } from './compose-files';
import { ComposeError, runCompose } from './compose-run';
import { composeOutputDiagnostics, validateComposeText } from './validate';

export const CONFIG_FILES_LABEL = 'com.docker.compose.project.config_files';
export const WORKING_DIR_LABEL = 'com.docker.compose.project.working_dir';
export const ENV_FILE_LABEL = 'com.docker.compose.project.environment_file';

export interface ComposeServiceOptions {
  engine: EngineConnection;
  /** Berth's socket while it listens: Compose goes through it (and shows on the activity page). */
  proxyUrl: () => string | undefined;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

interface FileService {
  name: string;
  image?: string;
  replicas: number;
}

/** The services a compose file declares (no interpolation: enough for names, images and replica counts). */
export function servicesInFile(text: string): FileService[] {
  const doc = load(text) as { services?: Record<string, { image?: unknown; scale?: unknown; deploy?: { replicas?: unknown } } | null> } | null;
  if (!doc || typeof doc !== 'object' || !doc.services || typeof doc.services !== 'object') return [];
  return Object.entries(doc.services).map(([name, service]) => {
    const replicas = Number(service?.deploy?.replicas ?? service?.scale ?? 1);
    return { name, image: typeof service?.image === 'string' ? service.image : undefined, replicas: Number.isFinite(replicas) ? replicas : 1 };
  });
}

/** The name a file asks for (`name:`), if any. */
function nameInFile(text: string): string | undefined {
  try {
    const doc = load(text) as { name?: unknown } | null;
    return typeof doc?.name === 'string' && /^[a-z0-9][a-z0-9_-]*$/.test(doc.name) ? doc.name : undefined;
  } catch {
    return undefined;
  }
}

/** A project's spec from its containers' labels: the files and folder Compose recorded when it created them. */
export function specFromLabels(project: string, labels: Record<string, string>): ComposeProjectSpec {
  const workingDir = labels[WORKING_DIR_LABEL] ?? '';
  const files = (labels[CONFIG_FILES_LABEL] ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean)
    .map((file) => (path.isAbsolute(file) || !workingDir ? file : path.join(workingDir, file)));
  const envFile = labels[ENV_FILE_LABEL]?.split(',')[0];
  return { name: project, workingDir, files, profiles: [], ...(envFile ? { envFile } : {}) };
}

/** Groups a project's containers into services, with the file's services that have no container yet. */
export function summarizeServices(containers: Docker.ContainerInfo[], fileServices: FileService[]): ComposeServiceSummary[] {
  const byService = new Map<string, Docker.ContainerInfo[]>();
  for (const container of containers) {
    const service = container.Labels[COMPOSE_SERVICE_LABEL] ?? '?';
    byService.set(service, [...(byService.get(service) ?? []), container]);
  }
  const names = [...new Set([...fileServices.map((service) => service.name), ...byService.keys()])];
  return names.map((name) => {
    const list = (byService.get(name) ?? []).sort((a, b) => a.Names[0]!.localeCompare(b.Names[0]!));
    const declared = fileServices.find((service) => service.name === name);
    const running = list.filter((container) => container.State === 'running').length;
    const desired = list.length || (declared?.replicas ?? 1);
    const ports: ComposePort[] = [];
    for (const container of list) {
      for (const port of container.Ports ?? []) {
        if (ports.some((known) => known.containerPort === port.PrivatePort && known.hostPort === port.PublicPort && known.hostIp === port.IP && known.protocol === port.Type)) continue;
        ports.push({ containerPort: port.PrivatePort, protocol: port.Type, ...(port.PublicPort ? { hostPort: port.PublicPort } : {}), ...(port.IP ? { hostIp: port.IP } : {}) });
      }
    }
    return {
      name,
      image: declared?.image ?? list[0]?.Image,
      state: list.length === 0 ? 'absent' : running === 0 ? 'stopped' : running < desired ? 'partial' : 'running',
      running,
      desired,
      ports,
      containers: list.map((container) => ({ id: container.Id, name: container.Names[0]!.replace(/^\//, ''), state: container.State, status: container.Status })),
    };
  });
}

/** Adds where a failed `up` publishes the port another program already holds. */
export function explainPortConflict(message: string, files: { path: string; content: string }[]): string | undefined {
  const match = /(?:Bind for [\d.:[\]]*?:(\d+) failed: port is already allocated|listen tcp[46]? [\d.:[\]]*?:(\d+): bind: address already in use)/.exec(message);
  const port = match?.[1] ?? match?.[2];
  if (!port) return undefined;
  for (const file of files) {
    const lines = file.content.split('\n');
    const index = lines.findIndex((line) => new RegExp(`(^|[\\s"'\\[:-])${port}:\\d`).test(line) || new RegExp(`published:\\s*"?${port}\\b`).test(line));
    if (index >= 0) return `Host port ${port} is already in use by another program or container; ${file.path} line ${index + 1} publishes it: ${lines[index]!.trim()}`;
  }
  return `Host port ${port} is already in use by another program or container.`;
}

/** Runs the user's Compose CLI against the active engine and keeps the list of opened projects. */
export class ComposeService {
  private readonly store: ProjectStore;
  private cli?: Promise<ComposeCli | undefined>;
  private cliFoundAt = 0;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: ComposeServiceOptions) {
    this.store = new ProjectStore(options.dataDir);
    this.env = options.env ?? process.env;
  }

  /** The CLI, looked up again after a minute when none was found (the user may install one meanwhile). */
  private findCli(): Promise<ComposeCli | undefined> {
    if (!this.cli || Date.now() - this.cliFoundAt > 60_000) {
      this.cliFoundAt = Date.now();
      const found = findComposeCli(this.env);
      this.cli = found;
      void found.then((cli) => {
        if (!cli) this.cliFoundAt = 0;
      });
    }
    return this.cli;
  }

  private async requireCli(): Promise<ComposeCli> {
    const cli = await this.findCli();
    if (!cli) throw new ApiError('not-found', composeInstallHint(this.options.platform));
    return cli;
  }

  private async engineForCompose(): Promise<{ engine: EngineForCompose; certDir?: string }> {
    const proxyUrl = this.options.proxyUrl();
    const target = this.options.engine.target;
    if (proxyUrl || !target) return { engine: { proxyUrl } };
    const tls = target.tls;
    return { engine: { target: { url: target.url, tls } }, certDir: tls && (tls.caPath || tls.certPath) ? await this.certDir(tls) : undefined };
  }

  /** A folder with the engine's TLS files under the names the docker CLI reads (links, so nothing is copied). */
  private async certDir(tls: EndpointTls): Promise<string> {
    const standard = standardCertDir(tls);
    if (standard) return standard;
    const dir = path.join(this.options.dataDir, 'compose', 'certs', contentHash(JSON.stringify(tls)).slice(0, 16));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const [file, name] of [
      [tls.caPath, 'ca.pem'],
      [tls.certPath, 'cert.pem'],
      [tls.keyPath, 'key.pem'],
    ] as const) {
      if (!file) continue;
      await rm(path.join(dir, name), { force: true });
      await symlink(path.resolve(file), path.join(dir, name));
    }
    return dir;
  }

  /** The environment Compose runs with (DOCKER_HOST and TLS settings for the active engine). */
  async composeEnvironment(): Promise<NodeJS.ProcessEnv> {
    const { engine, certDir } = await this.engineForCompose();
    return composeEnv(this.env, engine, certDir);
  }

  async status(): Promise<ComposeStatus> {
    const cli = await this.findCli();
    const { engine } = await this.engineForCompose();
    const dockerHost = engine.proxyUrl ?? engine.target?.url;
    return cli
      ? { cli: { kind: cli.kind, version: cli.version, command: cli.kind === 'plugin' ? 'docker compose' : 'docker-compose' }, ...(dockerHost ? { dockerHost } : {}) }
      : { installHint: composeInstallHint(this.options.platform), ...(dockerHost ? { dockerHost } : {}) };
  }

  private async projectContainers(project?: string): Promise<Docker.ContainerInfo[]> {
    return this.options.engine.docker.listContainers({
      all: true,
      filters: { label: [project ? `${COMPOSE_PROJECT_LABEL}=${project}` : COMPOSE_PROJECT_LABEL] },
    });
  }

  private async readServices(spec: ComposeProjectSpec): Promise<{ services: FileService[]; error?: string }> {
    const services: FileService[] = [];
    for (const file of spec.files) {
      try {
        for (const service of servicesInFile(await readFile(file, 'utf8'))) {
          const known = services.findIndex((entry) => entry.name === service.name);
          if (known >= 0) services[known] = { ...services[known]!, ...service };
          else services.push(service);
        }
      } catch (err) {
        return { services, error: `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : ((err as Error).message.split('\n')[0] ?? String(err))}` };
      }
    }
    return { services };
  }

  async list(): Promise<ComposeProject[]> {
    const [containers, opened] = await Promise.all([this.projectContainers(), this.store.all()]);
    const byProject = new Map<string, Docker.ContainerInfo[]>();
    for (const container of containers) {
      const project = container.Labels[COMPOSE_PROJECT_LABEL]!;
      byProject.set(project, [...(byProject.get(project) ?? []), container]);
    }
    const names = [...new Set([...opened.map((spec) => spec.name), ...byProject.keys()])].sort();
    return Promise.all(
      names.map(async (name) => {
        const remembered = opened.find((spec) => spec.name === name);
        const list = byProject.get(name) ?? [];
        const spec = remembered ?? specFromLabels(name, list[0]?.Labels ?? {});
        const { services, error } = await this.readServices(spec);
        const project: ComposeProject = {
          ...spec,
          source: remembered && list.length ? 'both' : remembered ? 'opened' : 'running',
          services: summarizeServices(list, services),
          ...(error ? { fileError: error } : {}),
        };
        return project;
      }),
    );
  }

  private async spec(project: string): Promise<ComposeProjectSpec> {
    const remembered = (await this.store.all()).find((spec) => spec.name === project);
    if (remembered) return remembered;
    const [container] = await this.projectContainers(project);
    if (!container) throw new ApiError('not-found', `There is no Compose project "${project}": open its file first.`);
    const spec = specFromLabels(project, container.Labels);
    if (!spec.workingDir || !spec.files.length) throw new ApiError('not-found', `The containers of "${project}" do not say which files created them: open its compose file.`);
    return spec;
  }

  async open(input: { path: string; extraFiles: string[]; envFile?: string; profiles: string[]; name?: string }): Promise<ComposeProject> {
    const file = await findComposeFile(input.path);
    const { content } = await readComposeFile(file);
    for (const extra of input.extraFiles) await readComposeFile(extra);
    if (input.envFile) await readComposeFile(input.envFile);
    const workingDir = path.dirname(file);
    const name = input.name ?? nameInFile(content) ?? normalizeProjectName(path.basename(workingDir));
    if (!name) throw new ApiError('invalid-input', `Cannot derive a project name from the folder ${workingDir}: give one.`);
    const spec: ComposeProjectSpec = { name, workingDir, files: [file, ...input.extraFiles], profiles: input.profiles, ...(input.envFile ? { envFile: input.envFile } : {}) };
    // One name, one project: Compose would otherwise act on the other one's containers.
    const same = (await this.store.all()).find((entry) => entry.name === name);
    if (same && same.files[0] !== file) {
      throw new ApiError('conflict', `A project named "${name}" is already open from ${same.files[0]}. Give this one another name (or forget the other first).`);
    }
    const [running] = await this.projectContainers(name).catch(() => []);
    const runningDir = running?.Labels[WORKING_DIR_LABEL];
    if (!same && runningDir && path.resolve(runningDir) !== path.resolve(workingDir)) {
      throw new ApiError('conflict', `A Compose project named "${name}" is running from ${runningDir}. Give this one another name, so Berth does not act on those containers.`);
    }
    await this.store.put(spec);
    const project = (await this.list().catch(() => undefined))?.find((entry) => entry.name === name);
    return project ?? { ...spec, source: 'opened', services: summarizeServices([], (await this.readServices(spec)).services) };
  }

  /**
   * Only the files of projects Berth knows (opened, or named by a project's labels) are read and written through
   * the Compose page: it is an editor for compose files, not for any file the user can reach.
   */
  async requireProjectFile(file: string): Promise<void> {
    const resolved = path.resolve(file);
    const opened = await this.store.all();
    if (opened.some((spec) => spec.files.some((entry) => path.resolve(entry) === resolved) || (spec.envFile && path.resolve(spec.envFile) === resolved))) return;
    const containers = await this.projectContainers().catch(() => []);
    if (containers.some((container) => specFromLabels('', container.Labels).files.some((entry) => path.resolve(entry) === resolved))) return;
    throw new ApiError('forbidden', `${file} is not a file of a Compose project Berth knows: open it as a project first.`);
  }

  forget(project: string): Promise<void> {
    return this.store.remove(project);
  }

  /** YAML, the Compose Specification, then `compose config -q` on the unsaved text (the other files as saved). */
  async validate(project: string, file: string, content: string): Promise<ComposeValidation> {
    const local = validateComposeText(content);
    if (!local.parsed) return { diagnostics: local.diagnostics };
    const cli = await this.findCli();
    if (!cli) return { diagnostics: local.diagnostics };
    const spec = await this.spec(project);
    if (!spec.files.includes(file)) throw new ApiError('invalid-input', `${file} is not one of the files of "${project}".`);
    const { engine, certDir } = await this.engineForCompose();
    const args = [...projectArgs(spec, file), 'config', '-q'];
    let output = '';
    let failed = false;
    let commandLine: string;
    try {
      const result = await runCompose(cli, args, { cwd: spec.workingDir, env: composeEnv(this.env, engine, certDir), stdin: content });
      output = result.stderr;
      commandLine = result.commandLine;
    } catch (err) {
      if (!(err instanceof ComposeError)) throw err;
      failed = true;
      output = err.tail.join('\n');
      commandLine = err.commandLine;
    }
    const schemaLines = new Set(local.diagnostics.map((diagnostic) => diagnostic.line));
    const fromCompose = composeOutputDiagnostics(output, content, local.parsed.positions, failed)
      // The schema already explains these lines (and, when it found faults, what Compose could not place is the
      // same fault in Compose's words): noise.
      .filter((diagnostic) => diagnostic.severity === 'warning' || !(schemaLines.has(diagnostic.line) || (schemaLines.size && diagnostic.from === 0)));
    if (failed && !fromCompose.length && !local.diagnostics.length) {
      fromCompose.push({ line: 1, column: 1, from: 0, to: 0, message: output.trim() || 'compose config failed without a message.', severity: 'error', source: 'compose' });
    }
    return { diagnostics: [...local.diagnostics, ...fromCompose], configCommand: commandLine };
  }

  async downPreview(project: string): Promise<ComposeDownPreview> {
    const docker = this.options.engine.docker;
    const filters = { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] };
    const [containers, networks, volumes] = await Promise.all([
      docker.listContainers({ all: true, filters }),
      docker.listNetworks({ filters }),
      docker.listVolumes({ filters }),
    ]);
    return {
      containers: containers.map((container) => container.Names[0]!.replace(/^\//, '')).sort(),
      networks: networks.map((network) => network.Name).sort(),
      volumes: (volumes.Volumes ?? []).map((volume) => volume.Name).sort(),
      images: [...new Set(containers.map((container) => container.Image))].sort(),
    };
  }

  async run(project: string, action: ComposeAction, emit: (event: ComposeRunEvent) => void, signal: AbortSignal): Promise<void> {
    const cli = await this.requireCli();
    const spec = await this.spec(project);
    const { engine, certDir } = await this.engineForCompose();
    let line = '';
    for (const args of actionCommands(action).map((tail) => [...projectArgs(spec), ...tail])) {
      const commandLine = [cli.kind === 'plugin' ? 'docker' : 'docker-compose', ...cli.prefix, ...args];
      line = shellLine(commandLine[0]!, commandLine.slice(1));
      emit({ kind: 'command', commandLine: line });
      await this.runOne(cli, spec, args, action, engine, certDir, emit, signal);
    }
    emit({ kind: 'done', commandLine: line });
  }

  /** `docker stack deploy` of the project's files as the stack `stack` (see stack-deploy.ts). */
  async stackDeploy(project: string, stack: string, prune: boolean, emit: (event: ComposeRunEvent) => void, signal: AbortSignal): Promise<void> {
    const spec = await this.spec(project);
    await runStackDeploy(spec, stack, prune, await this.composeEnvironment(), emit, signal);
  }

  private async runOne(
    cli: ComposeCli,
    spec: ComposeProjectSpec,
    args: string[],
    action: ComposeAction,
    engine: EngineForCompose,
    certDir: string | undefined,
    emit: (event: ComposeRunEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      await runCompose(cli, args, { cwd: spec.workingDir, env: composeEnv(this.env, engine, certDir), signal, onLine: (stream, text) => emit({ kind: 'line', stream, text }) });
    } catch (err) {
      if (err instanceof ComposeError && cli.major < 2 && engine.target?.tls && /CERTIFICATE_VERIFY_FAILED/.test(err.message)) {
        throw new ApiError(
          err.code,
          "Compose v1 (docker-compose, Python) could not verify this engine's TLS certificate, although the docker CLI accepts the same files. " +
            "Turn on Berth's engine socket (Engine page) so Compose goes through it without TLS, or install Compose v2 (the docker compose plugin).\n\n" +
            err.message,
        );
      }
      if (err instanceof ComposeError && ['up', 'pullUp', 'scale', 'recreate', 'start', 'restart'].includes(action.kind)) {
        const files = await Promise.all(spec.files.map(async (file) => ({ path: file, content: await readFile(file, 'utf8').catch(() => '') })));
        const explained = explainPortConflict(err.message, files);
        if (explained) throw new ApiError(err.code, `${explained}\n\n${err.message}`);
      }
      // Compose only says the connection broke; the engine's own status tells why, and the code lets the view say it.
      if (err instanceof ComposeError && this.options.engine.status.state !== 'connected') {
        throw new ApiError('engine-unreachable', `The container engine stopped answering while Compose ran, so "${action.kind}" did not finish. Run it again once the engine is back.\n\n${err.message}`);
      }
      throw err;
    }
  }
}
