import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createBackend, type Backend } from '../backend';
import { cookieName } from './auth';
import { startServer, type RunningServer } from './server';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(port: number, pathname: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, headers: { host: `127.0.0.1:${port}`, ...headers } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
  });
}

/** Opens the API socket and resolves with it once open, or rejects with the HTTP status of the refusal. */
function openSocket(port: number, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`status ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

describe('browser mode server', () => {
  const { dockerHost } = inject('testEngine');
  const token = 'test-token-0123456789abcdef';
  let backend: Backend;
  let server: RunningServer;
  let rendererRoot: string;
  let origin: string;
  let cookie: string;

  beforeAll(async () => {
    rendererRoot = await mkdtemp(path.join(os.tmpdir(), 'berth-renderer-'));
    await writeFile(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Berth</title>');
    backend = createBackend({ endpoint: dockerHost });
    server = await startServer({ router: backend.router, rendererRoot, host: '127.0.0.1', port: 0, token });
    origin = `http://127.0.0.1:${server.port}`;
    cookie = `${cookieName(server.port)}=${token}`;
  });

  afterAll(async () => {
    await server.close();
    backend.stop();
    await rm(rendererRoot, { recursive: true, force: true });
  });

  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${token}`);
  });

  it('refuses requests without a token or with a wrong one (401)', async () => {
    expect((await get(server.port, '/')).status).toBe(401);
    expect((await get(server.port, '/?token=wrong')).status).toBe(401);
    expect((await get(server.port, '/', { cookie: `${cookieName(server.port)}=wrong` })).status).toBe(401);
  });

  it('refuses a Host that is not loopback, even with the token (403, DNS rebinding)', async () => {
    const reply = await get(server.port, `/?token=${token}`, { host: `evil.example:${server.port}` });
    expect(reply.status).toBe(403);
    expect((await get(server.port, '/', { host: `127.0.0.1:${server.port + 1}`, cookie })).status).toBe(403);
  });

  it('refuses a foreign Origin (403)', async () => {
    expect((await get(server.port, '/', { origin: 'http://evil.example', cookie })).status).toBe(403);
  });

  it('trades the URL token for an HttpOnly cookie and serves the page with a CSP', async () => {
    const redirect = await get(server.port, `/?token=${token}`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe('/');
    expect(String(redirect.headers['set-cookie'])).toContain(`${cookieName(server.port)}=${token}; HttpOnly; SameSite=Strict`);
    const page = await get(server.port, '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Berth</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const localhost = await get(server.port, '/', { cookie, host: `localhost:${server.port}` });
    expect(localhost.status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    const reply = await get(server.port, '/../../../../etc/passwd', { cookie });
    expect(reply.body).not.toContain('root:');
    const encoded = await get(server.port, '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', { cookie });
    expect(encoded.body).not.toContain('root:');
  });

  it('refuses the API socket without token, with a foreign Origin, or without Origin', async () => {
    await expect(openSocket(server.port, { origin })).rejects.toThrow('status 401');
    await expect(openSocket(server.port, { origin: 'http://evil.example', cookie })).rejects.toThrow('status 403');
    await expect(openSocket(server.port, { cookie })).rejects.toThrow('status 403');
    await expect(openSocket(server.port, { origin, cookie, host: `attacker.test:${server.port}` })).rejects.toThrow('status 403');
  });

  it('carries the contract over the socket, and answers garbage with invalid-input', async () => {
    const socket = await openSocket(server.port, { origin, cookie });
    const replies: unknown[] = [];
    socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
    socket.send(JSON.stringify({ t: 'call', id: 1, method: 'containers.list', input: {} }));
    socket.send('{not json');
    socket.send(JSON.stringify({ t: 'call', id: 3, method: 'containers.list', input: { ids: ['../../etc'] } }));
    await expect.poll(() => replies.length).toBe(3);
    expect(replies).toContainEqual(expect.objectContaining({ id: 1, ok: true, value: expect.any(Array) }));
    expect(replies).toContainEqual(expect.objectContaining({ id: -1, ok: false, error: expect.objectContaining({ code: 'invalid-input' }) }));
    expect(replies).toContainEqual(expect.objectContaining({ id: 3, ok: false, error: expect.objectContaining({ code: 'invalid-input' }) }));
    socket.close();
  });
});
