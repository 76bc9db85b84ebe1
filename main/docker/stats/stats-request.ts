import http from 'node:http';
import https from 'node:https';
import type Docker from 'dockerode';
import { ApiError } from '../../../common/errors';
import { markEngineAgent } from '../../engine/engine-agents';
import { apiVersionPrefix, modemSettings } from '../engine-http';

/**
 * GETs JSON documents from the engine on dockerode's connection settings, without going through docker-modem:
 * it formats every request's options with `util.inspect` (agent and open sockets included) for a debug log,
 * which costs milliseconds per call and grows with the sockets open: too much for a sampler that runs for every
 * watched container each period. Connections are kept alive between samples (so neither side pays a connect per
 * sample) on an agent of its own, replaced when the active engine changes.
 */
export class EngineJsonClient {
  private current: { docker: Docker; agent: http.Agent } | undefined;

  /** Resolves `undefined` when the engine is reached over SSH, which only docker-modem can do. */
  get(docker: Docker, path: string, signal: AbortSignal): Promise<unknown> | undefined {
    const modem = modemSettings(docker);
    if (modem.protocol === 'ssh') return undefined;
    const secure = modem.protocol === 'https';
    const transport = secure ? https : http;
    const where = modem.socketPath ? { socketPath: modem.socketPath } : { host: modem.host, port: modem.port };
    const tls = secure ? { ca: modem.ca, cert: modem.cert, key: modem.key } : {};
    const agent = this.agentFor(docker, secure);
    return new Promise((resolve, reject) => {
      const request = transport.get(
        { ...where, ...tls, path: `${apiVersionPrefix(modem)}${path}`, agent, headers: modem.headers, signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => settle(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), resolve, reject));
        },
      );
      request.on('error', reject);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.current?.agent.destroy();
    this.current = undefined;
  }

  private agentFor(docker: Docker, secure: boolean): http.Agent {
    if (this.current?.docker !== docker) {
      this.close();
      // Idle sockets close after a while, so an engine nobody watches keeps no connection from Berth.
      const options = { keepAlive: true, timeout: IDLE_SOCKET_MS };
      this.current = { docker, agent: markEngineAgent(secure ? new https.Agent(options) : new http.Agent(options)) };
    }
    return this.current.agent;
  }
}

const IDLE_SOCKET_MS = 15_000;

function settle(status: number, body: string, resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  if (status >= 200 && status < 300) {
    try {
      resolve(JSON.parse(body));
    } catch {
      reject(new ApiError('internal', 'The engine answered with something that is not JSON.'));
    }
    return;
  }
  let message = body.trim();
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? message;
  } catch {
    // Not JSON: keep the text as it is.
  }
  // The shape dockerode rejects with, so `toApiError` maps it the same way (404 → not-found, …).
  reject(Object.assign(new Error(message || `The engine answered ${status}.`), { statusCode: status, json: { message } }));
}
