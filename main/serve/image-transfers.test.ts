import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli } from '../../testing/docker-cli';
import { ImageService } from '../docker/images/images';
import { EngineConnection } from '../engine/connection';
import { createBackend, type Backend } from '../backend';
import { cookieName } from './auth';
import { archiveFileName, IMAGE_LOAD_PATH, IMAGE_SAVE_PATH } from './image-transfers';
import { startServer, type RunningServer } from './server';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(port: number, method: string, pathname: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path: pathname, headers: { host: `127.0.0.1:${port}`, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('image Save and Load over HTTP in browser mode', () => {
  const { dockerHost, image } = inject('testEngine');
  const token = 'transfer-token-0123456789abcdef';
  let backend: Backend;
  let engine: EngineConnection;
  let server: RunningServer;
  let rendererRoot: string;
  let cookie: string;
  let origin: string;

  beforeAll(async () => {
    rendererRoot = await mkdtemp(path.join(os.tmpdir(), 'berth-renderer-'));
    await writeFile(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Berth</title>');
    backend = createBackend({ endpoint: dockerHost });
    engine = new EngineConnection(dockerHost);
    server = await startServer({ router: backend.router, rendererRoot, host: '127.0.0.1', port: 0, token, imageArchives: new ImageService(engine) });
    cookie = `${cookieName(server.port)}=${token}`;
    origin = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close();
    engine.stop();
    await backend.stop();
    await rm(rendererRoot, { recursive: true, force: true });
  });

  it('streams docker save as a download and loads an upload back, behind the page’s token and origin', async () => {
    const saved = await send(server.port, 'GET', `${IMAGE_SAVE_PATH}?ref=${encodeURIComponent(image)}`, { cookie });
    expect(saved.status).toBe(200);
    expect(saved.headers['content-disposition']).toBe(`attachment; filename="${archiveFileName([image])}"`);
    expect(saved.body.length).toBeGreaterThan(100_000);

    expect((await send(server.port, 'GET', `${IMAGE_SAVE_PATH}?ref=${encodeURIComponent(image)}`, {})).status).toBe(401);
    // An upload changes the engine: without the page's Origin it is refused, as a cross-site form post would be.
    expect((await send(server.port, 'POST', IMAGE_LOAD_PATH, { cookie }, saved.body)).status).toBe(403);
    expect((await send(server.port, 'POST', IMAGE_LOAD_PATH, { cookie, origin: 'http://evil.example' }, saved.body)).status).toBe(403);

    const loaded = await send(server.port, 'POST', `${IMAGE_LOAD_PATH}?name=busybox.tar`, { cookie, origin }, saved.body);
    expect(loaded.status).toBe(200);
    expect(JSON.parse(loaded.body.toString())).toEqual({ loaded: [image] });
    expect(await dockerCli(dockerHost, ['image', 'inspect', '-f', '{{.Id}}', image])).toMatch(/^sha256:/);
  });

  it('answers a missing image and a body that is no archive in words', async () => {
    const missing = await send(server.port, 'GET', `${IMAGE_SAVE_PATH}?ref=berth-test/no-such-image:1`, { cookie });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString()).error.message).toMatch(/no-such-image/);
    const junk = await send(server.port, 'POST', `${IMAGE_LOAD_PATH}?name=notes.txt`, { cookie, origin }, Buffer.from('not a tar\n'));
    expect(junk.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(junk.body.toString()).error.message.length).toBeGreaterThan(0);
    expect((await send(server.port, 'GET', IMAGE_SAVE_PATH, { cookie })).status).toBe(400);
  });
});
