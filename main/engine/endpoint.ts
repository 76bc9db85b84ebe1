import type { DockerOptions } from 'dockerode';
import { ApiError } from '../../common/errors';

const DEFAULT_UNIX_SOCKET = 'unix:///var/run/docker.sock';
const DEFAULT_WINDOWS_PIPE = 'npipe:////./pipe/docker_engine';

/** Turns an endpoint URL (`unix:///path`, `tcp://host:port`, `npipe:////./pipe/name`) into dockerode options. */
export function endpointToDockerOptions(endpoint: string): DockerOptions {
  const trimmed = endpoint.trim();
  if (trimmed.startsWith('unix://')) {
    const socketPath = trimmed.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new ApiError('invalid-input', `"${endpoint}" needs an absolute socket path, like unix:///var/run/docker.sock.`);
    return { socketPath };
  }
  if (trimmed.startsWith('npipe://')) {
    return { socketPath: trimmed.slice('npipe://'.length).replace(/\//g, '\\') };
  }
  if (trimmed.startsWith('tcp://') || trimmed.startsWith('http://')) {
    let url: URL;
    try {
      url = new URL(trimmed.replace(/^tcp:/, 'http:'));
    } catch {
      throw new ApiError('invalid-input', `"${endpoint}" is not a valid tcp://host:port address.`);
    }
    if (!url.hostname) throw new ApiError('invalid-input', `"${endpoint}" has no host.`);
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 2375), protocol: 'http' };
  }
  throw new ApiError('invalid-input', `"${endpoint}" is not an engine address Berth understands (unix://, tcp:// or npipe://).`);
}

/** The endpoint used when none is configured: an explicit choice, then DOCKER_HOST, then the platform's usual socket. */
export function defaultEndpoint(explicit?: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (explicit) return explicit;
  if (env.DOCKER_HOST) return env.DOCKER_HOST;
  return platform === 'win32' ? DEFAULT_WINDOWS_PIPE : DEFAULT_UNIX_SOCKET;
}
