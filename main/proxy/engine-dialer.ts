import { createRequire } from 'node:module';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { DockerOptions } from 'dockerode';
import { endpointToDockerOptions, type EngineTarget } from '../engine/endpoint';

const require = createRequire(import.meta.url);

/** docker-modem's SSH agent: one SSH session per connection running `docker system dial-stdio`, as the docker CLI does. */
type SshAgentFactory = (options: Record<string, unknown>) => {
  createConnection(options: object, callback: (err: Error | null, stream?: Duplex) => void): void;
};

const DIAL_TIMEOUT_MS = 5000;

/** How one proxied connection reaches an engine, decided once per target. */
export type EngineDialer = () => Promise<Duplex>;

function connectSocket(open: () => net.Socket, readyEvent: 'connect' | 'secureConnect'): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = open();
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), DIAL_TIMEOUT_MS);
    socket.once(readyEvent, () => {
      clearTimeout(timer);
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function sshDialer(options: DockerOptions): EngineDialer {
  const sshAgent = require('docker-modem/lib/ssh.js') as SshAgentFactory;
  const { host, port, username, sshOptions } = options as DockerOptions & { sshOptions?: Record<string, unknown> };
  return () =>
    new Promise((resolve, reject) => {
      const agent = sshAgent({ ...sshOptions, host, port, username });
      agent.createConnection({}, (err, stream) => (err || !stream ? reject(err ?? new Error('no stream')) : resolve(stream)));
    });
}

/**
 * A function that opens a raw byte stream to the engine `target` names, over the same transports and with the same
 * TLS files and SSH checks as Berth's own client (`endpointToDockerOptions`): a unix socket or named pipe, TCP,
 * TCP with TLS, or SSH running `docker system dial-stdio`. Throws at once for an address Berth cannot use.
 */
export function engineDialer(target: EngineTarget): EngineDialer {
  const options = endpointToDockerOptions(target.url, target.tls);
  if (options.socketPath) {
    const path = options.socketPath as string;
    return () => connectSocket(() => net.connect({ path, allowHalfOpen: true }), 'connect');
  }
  if (options.protocol === 'ssh') return sshDialer(options);
  const host = options.host!;
  const port = Number(options.port);
  if (options.protocol === 'https') {
    const { ca, cert, key } = options as { ca?: Buffer; cert?: Buffer; key?: Buffer };
    return () =>
      connectSocket(
        // allowHalfOpen is passed on to the underlying socket (Node's tls.connect accepts net options), missing from its types.
        () => tls.connect({ host, port, ca, cert, key, servername: net.isIP(host) ? undefined : host, allowHalfOpen: true } as tls.ConnectionOptions),
        'secureConnect',
      );
  }
  return () => connectSocket(() => net.connect({ host, port, allowHalfOpen: true }), 'connect');
}
