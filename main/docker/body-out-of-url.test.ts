import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardRequestUrls, keepBodyOutOfUrl } from './body-out-of-url';

describe('keepBodyOutOfUrl', () => {
  it('keeps only the defined parameters of a create call in the URL and the spec in the body', () => {
    const signal = new AbortController().signal;
    expect(keepBodyOutOfUrl({ path: '/containers/create?', method: 'POST', options: { name: 'web', Image: 'x', Env: ['TOKEN=secret'], abortSignal: signal } })).toEqual({
      path: '/containers/create?',
      method: 'POST',
      options: { _query: { name: 'web' }, _body: { Image: 'x', Env: ['TOKEN=secret'] } },
    });
    expect(keepBodyOutOfUrl({ path: '/secrets/create?', method: 'POST', options: { Name: 's', Data: 'c2VjcmV0' } })).toEqual({
      path: '/secrets/create',
      method: 'POST',
      options: { _query: {}, _body: { Name: 's', Data: 'c2VjcmV0' } },
    });
  });

  it('leaves other calls, and calls that split query and body themselves, as they are', () => {
    const pull = { path: '/images/create?', method: 'POST', options: { fromImage: 'busybox', tag: 'latest' } };
    expect(keepBodyOutOfUrl(pull)).toBe(pull);
    const split = { path: '/containers/create?', method: 'POST', options: { _query: { name: 'a' }, _body: { Image: 'x' } } };
    expect(keepBodyOutOfUrl(split)).toBe(split);
    const list = { path: '/containers/json?', method: 'GET', options: { all: true } };
    expect(keepBodyOutOfUrl(list)).toBe(list);
  });
});

describe('a guarded dockerode client', () => {
  const seen: { url: string; body: string }[] = [];
  let server: http.Server;
  let docker: Docker;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ url: request.url ?? '', body });
        response.writeHead(201, { 'Content-Type': 'application/json' }).end('{"Id":"abc","ID":"abc"}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    docker = guardRequestUrls(new Docker({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, protocol: 'http' }));
  });
  afterAll(() => server.close());

  it('sends a secret and a container environment in the body, never in the URL', async () => {
    await docker.createSecret({ Name: 'db-password', Labels: {}, Data: Buffer.from('hunter2-value').toString('base64') });
    await docker.createContainer({ name: 'web', Image: 'busybox', Env: ['TOKEN=hunter2-value'] });
    expect(seen.map((request) => request.url)).toEqual(['/secrets/create', '/containers/create?name=web']);
    expect(JSON.parse(seen[0]!.body)).toEqual({ Name: 'db-password', Labels: {}, Data: Buffer.from('hunter2-value').toString('base64') });
    expect(JSON.parse(seen[1]!.body)).toEqual({ Image: 'busybox', Env: ['TOKEN=hunter2-value'] });
  });
});
