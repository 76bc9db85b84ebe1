import dgram from 'node:dgram';
import net from 'node:net';
import type { ContainerSummary, PortCheck, PortProtocol } from '../../../common/contract/containers';

export interface PortRequest {
  hostIp: string;
  hostPort: number;
  protocol: PortProtocol;
}

const ANY_ADDRESSES = new Set(['', '0.0.0.0', '::']);

function addressesOverlap(a: string, b: string): boolean {
  return ANY_ADDRESSES.has(a) || ANY_ADDRESSES.has(b) || a === b;
}

/** Tries to bind the port on this machine the way docker-proxy would, and lets it go at once. */
function bindable(request: PortRequest): Promise<{ free: boolean; reason?: string }> {
  const host = request.hostIp || '0.0.0.0';
  return new Promise((resolve) => {
    const fail = (err: NodeJS.ErrnoException) =>
      resolve({
        free: err.code !== 'EADDRINUSE' && err.code !== 'EACCES',
        ...(err.code === 'EADDRINUSE' ? { reason: `Another program on this machine is listening on ${host}:${request.hostPort}.` } : {}),
        ...(err.code === 'EACCES' ? { reason: `Port ${request.hostPort} needs administrator rights to publish.` } : {}),
      });
    if (request.protocol === 'udp') {
      const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', (err) => {
        socket.close();
        fail(err);
      });
      socket.bind(request.hostPort, host, () => socket.close(() => resolve({ free: true })));
      return;
    }
    const server = net.createServer();
    server.once('error', fail);
    server.listen({ port: request.hostPort, host, exclusive: true }, () => server.close(() => resolve({ free: true })));
  });
}

/**
 * Whether each requested host port can be published: not taken by another container on the engine (which also
 * covers remote engines) and, when the engine runs on this machine, not taken by any other program.
 */
export async function checkPorts(requests: PortRequest[], containers: ContainerSummary[], engineIsLocal: boolean): Promise<PortCheck[]> {
  return Promise.all(
    requests.map(async (request): Promise<PortCheck> => {
      const owner = containers.find((c) =>
        c.ports.some(
          (p) => p.publicPort === request.hostPort && p.protocol === request.protocol && addressesOverlap(p.ip ?? '', request.hostIp),
        ),
      );
      if (owner) {
        return { ...request, free: false, reason: `Container "${owner.name}" already publishes port ${request.hostPort}/${request.protocol}.` };
      }
      if (!engineIsLocal || request.protocol === 'sctp') return { ...request, free: true };
      return { ...request, ...(await bindable(request)) };
    }),
  );
}
