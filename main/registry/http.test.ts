import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlainHttpAnswer } from '../../common/registry-messages';
import { unreachable } from './http';

describe('unreachable', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((_request, response) => response.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('says a registry answered in plain HTTP when HTTPS was tried, in words the Add dialog recognises', async () => {
    const failure = await fetch(`https://127.0.0.1:${port}/v2/`).then(
      () => undefined,
      (err: unknown) => err,
    );
    const error = unreachable(`127.0.0.1:${port}`, failure);
    expect(error.message).toBe(`127.0.0.1:${port} answered in plain HTTP, not HTTPS. If it is a registry without TLS (a local or test one), tick "Insecure (plain HTTP)".`);
    expect(isPlainHttpAnswer(error.message)).toBe(true);
    expect(error.message).not.toMatch(/ERR_SSL/);
  });

  it('keeps other failures as they were', () => {
    const refused = unreachable('registry.invalid', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    expect(refused.message).toBe('Cannot reach registry.invalid (ECONNREFUSED).');
    expect(isPlainHttpAnswer(refused.message)).toBe(false);
  });
});
