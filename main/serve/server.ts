import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Router } from '../api/router';
import { AuthThrottle, checkAccess, cookieName, DEFAULT_THROTTLE, LOOPBACK_HOSTNAMES, type AccessDecision, type AccessPolicy, type ThrottleOptions } from './auth';
import { loadStaticFile } from './static-files';
import { handleImageTransfer, type ImageArchives } from './image-transfers';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface ServeOptions {
  router: Router;
  rendererRoot: string;
  host: string;
  port: number;
  token: string;
  /** Further names the server may be addressed by (only meaningful when bound beyond loopback). */
  extraHostnames?: string[];
  log?: (message: string, error?: unknown) => void;
  /** Delays after failed token attempts (default `DEFAULT_THROTTLE`). */
  throttle?: Partial<ThrottleOptions>;
  /** Image Save and Load as HTTP download and upload (see image-transfers.ts). */
  imageArchives?: ImageArchives;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

function deny(response: http.ServerResponse, status: number, reason: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() });
  response.end(`${status === 401 ? 'Unauthorized' : 'Forbidden'}: ${reason}\n`);
}

/** Attaches one WebSocket to the router: messages in, responses out, and every stream closed with the socket. */
function bridgeSocket(socket: WebSocket, router: Router, log: NonNullable<ServeOptions['log']>): void {
  const connection = router.connect((message) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  });
  socket.on('message', (data, isBinary) => {
    if (isBinary) return connection.receive(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      parsed = undefined;
    }
    connection.receive(parsed);
  });
  socket.on('close', () => connection.close());
  socket.on('error', (err) => {
    log('websocket error', err);
    connection.close();
  });
}

/** Browser mode: the built renderer over HTTP and the contract over a WebSocket at /api, behind the access gate. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const policy: AccessPolicy = { token: options.token, port: 0, allowedHostnames: [] };
  const throttle = new AuthThrottle({ ...DEFAULT_THROTTLE, ...options.throttle });
  /** Checks access after any delay the client's failed attempts earned; a missing or wrong token earns more. */
  const judge = async (request: http.IncomingMessage, requireOrigin: boolean): Promise<AccessDecision> => {
    const address = request.socket.remoteAddress ?? 'unknown';
    await throttle.wait(address);
    const decision = checkAccess(request, policy, requireOrigin);
    if (decision.allowed) throttle.succeeded(address);
    else if (decision.status === 401) throttle.failed(address);
    return decision;
  };

  const server = http.createServer((request, response) => {
    void (async () => {
      const decision = await judge(request, false);
      if (!decision.allowed) return deny(response, decision.status, decision.reason);
      const url = new URL(request.url ?? '/', 'http://placeholder');
      if (options.imageArchives && url.pathname.startsWith('/transfer/')) {
        // An upload changes the engine: like the WebSocket, it must come from Berth's own page (Origin checked).
        const fromPage = request.method === 'GET' || checkAccess(request, policy, true).allowed;
        if (!fromPage) return deny(response, 403, 'Origin not allowed');
        if (await handleImageTransfer(request, response, url, options.imageArchives, securityHeaders())) return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') return deny(response, 403, 'Method not allowed');
      if (decision.tokenFromQuery) {
        // Trade the token in the address bar for a cookie, so it does not linger in history or screenshots.
        url.searchParams.delete('token');
        response.writeHead(302, {
          Location: `${url.pathname}${url.search}`,
          'Set-Cookie': `${cookieName(policy.port)}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/`,
          ...securityHeaders(),
        });
        return response.end();
      }
      const file = await loadStaticFile(options.rendererRoot, url.pathname);
      if (!file) return deny(response, 403, 'The renderer is not built: run npm run build');
      response.writeHead(200, {
        'Content-Type': file.contentType,
        'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
        ...securityHeaders(),
      });
      response.end(request.method === 'HEAD' ? undefined : file.body);
    })().catch((err) => {
      log('http request failed', err);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  server.on('upgrade', (request, socket, head) => void upgrade(request, socket, head));
  const upgrade = async (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    socket.on('error', () => undefined);
    const decision = await judge(request, true);
    if (socket.destroyed) return;
    if (url.pathname !== '/api' || !decision.allowed) {
      const status = url.pathname !== '/api' ? 404 : decision.allowed ? 200 : decision.status;
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => bridgeSocket(ws, options.router, log));
  };
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  policy.port = port;
  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const wildcard = displayHost === '0.0.0.0' || displayHost === '[::]';
  policy.allowedHostnames = [...new Set([...LOOPBACK_HOSTNAMES, ...(wildcard ? [] : [displayHost]), ...(options.extraHostnames ?? [])])];

  return {
    url: `http://${displayHost}:${port}/?token=${options.token}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
