import type Docker from 'dockerode';

/** The connection settings docker-modem keeps (untyped in @types/dockerode), for requests made without it. */
export interface ModemSettings {
  protocol?: 'http' | 'https' | 'ssh';
  socketPath?: string;
  host?: string;
  port?: number | string;
  version?: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  headers?: Record<string, string>;
}

export function modemSettings(docker: Docker): ModemSettings {
  return docker.modem as unknown as ModemSettings;
}

/** What docker-modem puts before every path: `/v1.41` when an API version is pinned, else nothing. */
export function apiVersionPrefix(modem: ModemSettings): string {
  return modem.version ? `/${modem.version}` : '';
}
