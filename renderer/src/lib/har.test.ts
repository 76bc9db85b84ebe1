import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { ApiCall } from '../../../common/contract/proxy';
import { buildHar, callUrl, harEntry, harFileName } from './har';

/**
 * The objects and required fields of HAR 1.2 (softwareishard.com/blog/har-12-spec), written out here because no
 * maintained HAR schema is installed. Optional fields Berth writes are typed too; `_` fields are custom.
 */
const nameValue = { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: { type: 'string' } } };
const list = { type: 'array', items: nameValue };
const HAR_SCHEMA = {
  type: 'object',
  required: ['log'],
  properties: {
    log: {
      type: 'object',
      required: ['version', 'creator', 'entries'],
      properties: {
        version: { const: '1.2' },
        creator: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
        comment: { type: 'string' },
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'],
            properties: {
              startedDateTime: { type: 'string', pattern: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+(Z|[+-]\\d\\d:\\d\\d)$' },
              time: { type: 'number', minimum: 0 },
              connection: { type: 'string' },
              comment: { type: 'string' },
              request: {
                type: 'object',
                required: ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize'],
                properties: {
                  method: { type: 'string', minLength: 1 },
                  url: { type: 'string', pattern: '^https?://' },
                  httpVersion: { type: 'string' },
                  cookies: list,
                  headers: list,
                  queryString: list,
                  headersSize: { type: 'integer', minimum: -1 },
                  bodySize: { type: 'integer', minimum: -1 },
                },
              },
              response: {
                type: 'object',
                required: ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize'],
                properties: {
                  status: { type: 'integer', minimum: 0 },
                  statusText: { type: 'string' },
                  httpVersion: { type: 'string' },
                  cookies: list,
                  headers: list,
                  content: { type: 'object', required: ['size', 'mimeType'], properties: { size: { type: 'integer', minimum: 0 }, mimeType: { type: 'string' } } },
                  redirectURL: { type: 'string' },
                  headersSize: { type: 'integer', minimum: -1 },
                  bodySize: { type: 'integer', minimum: -1 },
                },
              },
              cache: { type: 'object' },
              timings: {
                type: 'object',
                required: ['send', 'wait', 'receive'],
                properties: Object.fromEntries(['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive'].map((key) => [key, { type: 'number', minimum: -1 }])),
              },
            },
            // HAR: custom fields start with an underscore.
            propertyNames: { anyOf: [{ enum: ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings', 'serverIPAddress', 'connection', 'comment', 'pageref'] }, { pattern: '^_' }] },
          },
        },
      },
    },
  },
};
const validate = new Ajv({ allErrors: true, strict: false }).compile(HAR_SCHEMA);

const psHead = 'GET /v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D HTTP/1.1\r\nHost: docker\r\nUser-Agent: Docker-Client/20.10.24+dfsg1 (linux)\r\n\r\n';
const psResponseHead = 'HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n';

const call = (fields: Partial<ApiCall> = {}): ApiCall => ({
  id: 1,
  connectionId: 7,
  origin: 'client',
  userAgent: 'Docker-Client/20.10.24+dfsg1 (linux)',
  pid: 4242,
  processName: 'docker',
  startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  method: 'GET',
  path: '/containers/json?all=1&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D',
  apiVersion: '1.41',
  status: 200,
  durationMs: 12.5,
  bytesIn: psHead.length,
  bytesOut: psResponseHead.length + 3,
  state: 'done',
  requestHeaders: [
    ['Host', 'docker'],
    ['User-Agent', 'Docker-Client/20.10.24+dfsg1 (linux)'],
  ],
  responseHeaders: [
    ['Api-Version', '1.41'],
    ['Content-Type', 'application/json'],
    ['Content-Length', '3'],
  ],
  ...fields,
});

describe('buildHar', () => {
  it('writes a HAR 1.2 log with the required fields of every object, for done, open, failed and upgraded calls', () => {
    const calls: ApiCall[] = [
      call(),
      call({ id: 2, state: 'open', status: undefined, durationMs: undefined, responseHeaders: undefined, bytesOut: 0 }),
      call({ id: 3, state: 'failed', status: undefined, durationMs: 4, error: 'socket hang up', responseHeaders: undefined }),
      call({ id: 4, method: 'POST', path: '/containers/abc/attach?stream=1&stdin=1', status: 101, upgrade: 'upgrade', bytesIn: 5000, bytesOut: 9000 }),
      call({ id: 5, method: 'PRI', path: '*', apiVersion: undefined, status: undefined, upgrade: 'h2', requestHeaders: [], responseHeaders: undefined }),
      call({ id: 6, origin: 'berth', userAgent: undefined, pid: undefined, processName: undefined, method: 'HEAD', path: '/_ping', apiVersion: undefined }),
    ];
    const har = buildHar(calls, { creatorVersion: '0.1.0', now: calls[0]!.startedAt + 1000 });
    const valid = validate(JSON.parse(JSON.stringify(har)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(har.log.creator).toEqual({ name: 'Berth', version: '0.1.0' });
    expect(har.log.entries.map((entry) => entry._berth.id)).toEqual([1, 2, 3, 4, 5, 6]);
    // An open call's time runs to the export; HAR's time is the sum of its timings.
    expect(har.log.entries[1]!.time).toBe(1000);
    for (const entry of har.log.entries) expect(entry.timings.send + entry.timings.wait + entry.timings.receive).toBe(entry.time);
    expect(har.log.entries[1]!.response.status).toBe(0);
    expect(har.log.entries[2]!.comment).toContain('socket hang up');
    expect(har.log.entries[3]!.comment).toContain('upgraded');
    expect(har.log.entries[4]!.request.httpVersion).toBe('HTTP/2.0');
    expect(har.log.entries[5]!._berth.origin).toBe('berth');
  });

  it('is checked by a schema that rejects a missing required field (so the check above can fail)', () => {
    const har = JSON.parse(JSON.stringify(buildHar([call()], { creatorVersion: '0.1.0' })));
    delete har.log.entries[0].response.redirectURL;
    har.log.entries[0].extra = 1;
    expect(validate(har)).toBe(false);
    expect(validate.errors!.map((error) => error.message)).toEqual(expect.arrayContaining(["must have required property 'redirectURL'"]));
  });

  it('names the call as the CLI addressed it, with the query parsed and the head sizes of the recorded heads', () => {
    const entry = harEntry(call());
    expect(entry.startedDateTime).toBe('2026-01-02T03:04:05.678Z');
    expect(entry.time).toBe(12.5);
    expect(entry.connection).toBe('7');
    expect(entry.request.url).toBe('http://docker/v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D');
    expect(entry.request.queryString).toEqual([
      { name: 'all', value: '1' },
      { name: 'filters', value: '{"label":["a=b"]}' },
    ]);
    expect(entry.request.headers).toContainEqual({ name: 'User-Agent', value: 'Docker-Client/20.10.24+dfsg1 (linux)' });
    expect(entry.request.headersSize).toBe(psHead.length);
    expect(entry.request.bodySize).toBe(0);
    expect(entry.response).toMatchObject({ status: 200, statusText: 'OK', headersSize: psResponseHead.length, bodySize: 3, _transferSize: psResponseHead.length + 3 });
    expect(entry.response.content).toEqual({ size: 3, mimeType: 'application/json' });
    expect(entry._berth).toMatchObject({ pid: 4242, processName: 'docker', bytesIn: psHead.length });
  });

  it('addresses unversioned paths without a prefix', () => {
    expect(callUrl({ path: '/_ping' })).toBe('http://docker/_ping');
    expect(callUrl({ path: '/info', apiVersion: '1.47' })).toBe('http://docker/v1.47/info');
  });

  it('keeps redacted header values as captured', () => {
    const entry = harEntry(call({ method: 'POST', path: '/images/r/push?tag=1', requestHeaders: [['X-Registry-Auth', '[redacted]']] }));
    expect(entry.request.headers).toEqual([{ name: 'X-Registry-Auth', value: '[redacted]' }]);
  });

  it('names the file by the time of the export, safe on every platform', () => {
    expect(harFileName(new Date(Date.UTC(2026, 4, 1, 12, 0, 9)))).toBe('berth-activity-2026-05-01T12-00-09.har');
  });
});
