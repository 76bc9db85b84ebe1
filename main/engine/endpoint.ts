import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { inspect } from 'node:util';
import type { DockerOptions } from 'dockerode';
import type { EndpointTls, EngineSource } from '../../common/contract/engine';
import { ApiError } from '../../common/errors';
import { markEngineAgent } from './engine-agents';
import { checkHostKey, explainHostKeyFailure } from './ssh-known-hosts';

/** An engine Berth can connect to: its address plus how the user knows it. */
export interface EngineTarget {
  url: string;
  tls?: EndpointTls;
  name?: string;
  source?: EngineSource;
  /** A better reason than the socket error while it does not answer (e.g. "the managed engine is stopped"). */
  explainUnreachable?: () => string | undefined;
}

function readTlsFile(file: string | undefined, what: string): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ApiError('invalid-input', `Cannot read the TLS ${what} at ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
  }
}

function parseUrl(endpoint: string, example: string): URL {
  try {
    return new URL(endpoint);
  } catch {
    throw new ApiError('invalid-input', `"${endpoint}" is not a valid address; expected something like ${example}.`);
  }
}

/**
 * Turns an endpoint (`unix:///path`, `tcp://host:port` with optional TLS files, `ssh://user@host[:port]`,
 * `npipe:////./pipe/name`) into dockerode options.
 */
export function endpointToDockerOptions(endpoint: string, tls?: EndpointTls): DockerOptions {
  const trimmed = endpoint.trim();
  if (trimmed.startsWith('unix://')) {
    const socketPath = trimmed.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new ApiError('invalid-input', `"${endpoint}" needs an absolute socket path, like unix:///var/run/docker.sock.`);
    return { socketPath };
  }
  if (trimmed.startsWith('npipe://')) {
    return { socketPath: trimmed.slice('npipe://'.length).replace(/\//g, '\\') };
  }
  if (trimmed.startsWith('tcp://') || trimmed.startsWith('http://') || trimmed.startsWith('https://')) {
    const url = parseUrl(trimmed.replace(/^tcp:/, 'http:'), 'tcp://host:2375');
    if (!url.hostname) throw new ApiError('invalid-input', `"${endpoint}" has no host.`);
    const secure = Boolean(tls?.caPath || tls?.certPath) || url.protocol === 'https:';
    return {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || (secure ? 2376 : 2375)),
      protocol: secure ? 'https' : 'http',
      ca: readTlsFile(tls?.caPath, 'CA certificate'),
      cert: readTlsFile(tls?.certPath, 'client certificate'),
      key: readTlsFile(tls?.keyPath, 'client key'),
    };
  }
  if (trimmed.startsWith('ssh://')) {
    const url = parseUrl(trimmed, 'ssh://user@host');
    if (!url.hostname) throw new ApiError('invalid-input', `"${endpoint}" has no host.`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || 22);
    return {
      protocol: 'ssh',
      host,
      port,
      username: decodeURIComponent(url.username) || undefined,
      sshOptions: {
        // The key comes from the user's ssh-agent, as with the docker CLI; Berth never stores SSH secrets.
        agent: process.env.SSH_AUTH_SOCK,
        // Like OpenSSH in batch mode: only hosts whose key is already in known_hosts.
        hostVerifier: (key: Buffer) => checkHostKey(host, port, key) === 'known',
      },
    } as DockerOptions;
  }
  throw new ApiError('invalid-input', `"${endpoint}" is not an engine address Berth understands (unix://, tcp://, ssh:// or npipe://).`);
}

/** A clearer sentence than the library's for failures specific to an endpoint kind (today: SSH host keys). */
export function explainEndpointError(url: string, err: unknown): string | undefined {
  if (!url.startsWith('ssh://') || !/Host denied/i.test((err as Error)?.message ?? '')) return undefined;
  const parsed = new URL(url);
  return explainHostKeyFailure(parsed.hostname.replace(/^\[|\]$/g, ''), Number(parsed.port || 22));
}

/**
 * Dockerode options plus a private HTTP agent, so that every socket opened to this engine — including long-lived
 * log, stats and event streams — can be closed at once when Berth switches away from it. (SSH connections are
 * made per request by docker-modem's own agent and end with the SSH session.)
 */
export function dockerOptionsWithAgent(target: EngineTarget): { options: DockerOptions; agent?: http.Agent } {
  const options = endpointToDockerOptions(target.url, target.tls);
  if (options.protocol === 'ssh') return { options };
  const agent = markEngineAgent(
    options.protocol === 'https' ? new https.Agent({ ca: options.ca, cert: options.cert, key: options.key } as https.AgentOptions) : new http.Agent(),
  );
  // docker-modem util.inspect()s every request's options, even with debugging off: an agent holding many open
  // sockets made each API call cost milliseconds of CPU. A one-word rendering keeps calls cheap.
  Object.defineProperty(agent, inspect.custom, { value: () => '[Berth engine agent]' });
  return { options: { ...options, agent } as DockerOptions, agent };
}
