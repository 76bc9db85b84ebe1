import { realpathSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { z } from 'zod';
import type { DiscoveredEngine, EngineEndpoint, EngineSource } from '../../common/contract/engine';
import { toApiError } from '../api/errors';
import { dockerOptionsWithAgent, explainEndpointError, type EngineTarget } from './endpoint';
import { engineKind } from './engine-kind';

const PROBE_TIMEOUT_MS = 1500;

export interface DiscoveryContext {
  env: NodeJS.ProcessEnv;
  /** Berth's own configured endpoints, tried first. */
  endpoints: readonly EngineEndpoint[];
  /** `--engine` given on the command line, if any. */
  commandLine?: string;
  /** The managed engine's socket, tried last. */
  managedEndpoint?: string;
  /** Overridable for tests; defaults to `/var/run/docker.sock` and `/run/podman/podman.sock`. */
  systemSockets?: { docker: string; podman: string };
  platform?: NodeJS.Platform;
  /** Berth's own engine socket (`unix:///…/run/docker.sock`): never an engine, or Berth would forward to itself. */
  ownSocket?: string;
}

export const OWN_SOCKET_REASON = "Berth's own socket: it forwards to the engine Berth uses, so it is not an engine itself.";

function socketPathOf(url: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed.startsWith('unix://')) {
    const resolved = path.resolve(trimmed.slice('unix://'.length));
    try {
      return realpathSync(resolved); // the same socket through a symlinked folder is still the same socket
    } catch {
      return resolved;
    }
  }
  if (trimmed.startsWith('npipe://')) return trimmed.slice('npipe://'.length).replace(/\\/g, '/').toLowerCase();
  return undefined;
}

/** Whether an engine address is Berth's own socket (directly, or as written in DOCKER_HOST or a docker context). */
export function isOwnSocket(url: string, ownSocket: string | undefined): boolean {
  if (!ownSocket) return false;
  const own = socketPathOf(ownSocket);
  return own !== undefined && socketPathOf(url) === own;
}

const WINDOWS_DOCKER_PIPE = 'npipe:////./pipe/docker_engine';

export interface Candidate extends EngineTarget {
  source: EngineSource;
  origin: string;
  endpointId?: string;
}

const contextMetaSchema = z.object({
  Name: z.string(),
  Endpoints: z.object({ docker: z.object({ Host: z.string().optional() }).passthrough().optional() }).passthrough().optional(),
});

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}

/** The docker CLI's current context (`DOCKER_CONTEXT`, else `currentContext` in config.json) and its docker host. */
async function currentDockerContext(env: NodeJS.ProcessEnv): Promise<{ name: string; host: string } | undefined> {
  const configDir = env.DOCKER_CONFIG || path.join(homeDir(env), '.docker');
  let name = env.DOCKER_CONTEXT;
  if (!name) {
    try {
      const config = JSON.parse(await readFile(path.join(configDir, 'config.json'), 'utf8')) as { currentContext?: unknown };
      name = typeof config.currentContext === 'string' ? config.currentContext : undefined;
    } catch {
      return undefined;
    }
  }
  if (!name || name === 'default') return undefined;
  const metaDir = path.join(configDir, 'contexts', 'meta');
  // Directories are named by a digest of the context name; reading each meta.json avoids depending on the hash.
  const entries = await readdir(metaDir).catch(() => [] as string[]);
  for (const entry of entries) {
    try {
      const meta = contextMetaSchema.parse(JSON.parse(await readFile(path.join(metaDir, entry, 'meta.json'), 'utf8')));
      const host = meta.Endpoints?.docker?.Host;
      if (meta.Name === name && host) return { name, host };
    } catch {
      // A context file written by another tool version: skip it.
    }
  }
  return undefined;
}

/** Every engine address worth trying, in Berth's discovery order, without duplicates. */
export async function discoveryCandidates(context: DiscoveryContext): Promise<Candidate[]> {
  const { env } = context;
  const runtimeDir = env.XDG_RUNTIME_DIR;
  const systemSockets = context.systemSockets ?? { docker: '/var/run/docker.sock', podman: '/run/podman/podman.sock' };
  const candidates: Candidate[] = [];
  const add = (candidate: Candidate) => {
    if (!candidates.some((existing) => existing.url === candidate.url && !existing.tls && !candidate.tls)) candidates.push(candidate);
  };
  for (const endpoint of context.endpoints) {
    add({ url: endpoint.url, tls: endpoint.tls, name: endpoint.name, source: 'configured', origin: `Berth endpoint "${endpoint.name}"`, endpointId: endpoint.id });
  }
  if (context.commandLine) add({ url: context.commandLine, source: 'command-line', origin: '--engine on the command line' });
  if (env.DOCKER_HOST) add({ url: env.DOCKER_HOST, source: 'docker-host', origin: 'DOCKER_HOST' });
  const dockerContext = await currentDockerContext(env);
  if (dockerContext) add({ url: dockerContext.host, name: dockerContext.name, source: 'docker-context', origin: `Docker context "${dockerContext.name}"` });
  if ((context.platform ?? process.platform) === 'win32') {
    add({ url: WINDOWS_DOCKER_PIPE, source: 'system-socket', origin: 'Docker Desktop named pipe' });
    if (context.managedEndpoint) add({ url: context.managedEndpoint, name: "Berth's managed engine", source: 'managed', origin: "Berth's managed engine" });
    return candidates;
  }
  add({ url: `unix://${systemSockets.docker}`, source: 'system-socket', origin: 'System Docker socket' });
  if (runtimeDir) add({ url: `unix://${path.join(runtimeDir, 'docker.sock')}`, source: 'rootless-socket', origin: 'Rootless Docker ($XDG_RUNTIME_DIR)' });
  add({ url: `unix://${systemSockets.podman}`, source: 'podman-socket', origin: 'System Podman socket' });
  if (runtimeDir) add({ url: `unix://${path.join(runtimeDir, 'podman', 'podman.sock')}`, source: 'podman-socket', origin: 'Rootless Podman ($XDG_RUNTIME_DIR)' });
  if (context.managedEndpoint) add({ url: context.managedEndpoint, name: "Berth's managed engine", source: 'managed', origin: "Berth's managed engine" });
  return candidates;
}

export interface ProbeResult {
  reachable: boolean;
  kind?: 'docker' | 'podman';
  version?: string;
  apiVersion?: string;
  error?: string;
}

/** Why a probe failed, in the words a user needs: most candidates simply are not installed. */
function whyUnreachable(err: unknown, timeoutMs: number): string {
  const { name, code } = (err ?? {}) as { name?: string; code?: string };
  if (name === 'AbortError' || name === 'TimeoutError') return `No answer within ${timeoutMs / 1000} s.`;
  if (code === 'ENOENT') return 'Not running (no socket there).';
  if (code === 'ECONNREFUSED') return 'Not running (connection refused).';
  if (code === 'EACCES') return 'Permission denied: your user may not use this socket (e.g. not in the "docker" group).';
  return toApiError(err).message;
}

/** `/_ping` with a short timeout, then `/version` to tell Docker from Podman. */
export async function probeEngine(target: EngineTarget, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  let agent: ReturnType<typeof dockerOptionsWithAgent>['agent'];
  try {
    const client = dockerOptionsWithAgent(target);
    agent = client.agent;
    // No socket timeout over SSH: the SSH channel is not a net.Socket and Node would throw calling setTimeout on it.
    const docker = new Docker(client.options.protocol === 'ssh' ? client.options : { ...client.options, timeout: timeoutMs });
    await docker.ping({ abortSignal: AbortSignal.timeout(timeoutMs) } as never);
    const version = (await docker.version({ abortSignal: AbortSignal.timeout(timeoutMs) } as never)) as unknown as {
      Version?: string;
      ApiVersion?: string;
      Components?: { Name?: string }[];
    };
    return { reachable: true, kind: engineKind(version), version: version.Version, apiVersion: version.ApiVersion };
  } catch (err) {
    return { reachable: false, error: explainEndpointError(target.url, err) ?? whyUnreachable(err, timeoutMs) };
  } finally {
    agent?.destroy();
  }
}

/** Probes every candidate at once and reports them in discovery order. */
export async function discoverEngines(context: DiscoveryContext): Promise<DiscoveredEngine[]> {
  const candidates = await discoveryCandidates(context);
  const results = await Promise.all(
    candidates.map((candidate): Promise<ProbeResult> | ProbeResult =>
      isOwnSocket(candidate.url, context.ownSocket) ? { reachable: false, error: OWN_SOCKET_REASON } : probeEngine(candidate),
    ),
  );
  return candidates.map((candidate, index) => ({
    source: candidate.source,
    origin: candidate.origin,
    endpoint: candidate.url,
    ...(candidate.endpointId ? { endpointId: candidate.endpointId } : {}),
    ...results[index]!,
  }));
}
