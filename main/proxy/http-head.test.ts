import { describe, expect, it } from 'vitest';
import { declaredFraming, MessageFramer, parseRequestHead, parseResponseHead, requestBodyFraming, type BodyFraming } from './http-head';

interface Seen {
  heads: string[];
  ends: number;
  bytes: number;
}

/** Feeds `stream` to a framer in the given pieces; each head is framed as its headers declare (or as `decide` says). */
function frame(pieces: Buffer[], decide?: (head: string) => BodyFraming | undefined): Seen & { framer: MessageFramer } {
  const seen: Seen = { heads: [], ends: 0, bytes: 0 };
  const framer = new MessageFramer({
    head: (head) => {
      const text = head.toString('latin1');
      seen.heads.push(text.split('\r\n')[0]!);
      if (decide) return decide(text);
      const request = parseRequestHead(head);
      if (request) return requestBodyFraming(request);
      const response = parseResponseHead(head);
      return response ? declaredFraming(response.headers) ?? { kind: 'until-close' } : undefined;
    },
    bytes: (count) => (seen.bytes += count),
    end: () => seen.ends++,
  });
  for (const piece of pieces) framer.push(piece);
  return { ...seen, framer, get heads() { return seen.heads; }, get ends() { return seen.ends; }, get bytes() { return seen.bytes; } };
}

/** Every way to cut `stream` in two, and byte by byte. */
function cuts(stream: Buffer): Buffer[][] {
  const ways: Buffer[][] = [[stream], [...stream].map((byte) => Buffer.from([byte]))];
  for (let at = 1; at < stream.length; at++) ways.push([stream.subarray(0, at), stream.subarray(at)]);
  return ways;
}

const keepAlive = Buffer.from(
  'GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: docker\r\nUser-Agent: Docker-Client/20.10\r\n\r\n' +
    'POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: 11\r\nContent-Type: application/json\r\n\r\n{"Image":1}' +
    'POST /v1.41/build HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0a;ext=1\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n' +
    'HEAD /_ping HTTP/1.1\r\nHost: docker\r\n\r\n',
);

describe('MessageFramer', () => {
  it('frames keep-alive requests with bodies by length and by chunks, however the bytes are cut', () => {
    for (const pieces of cuts(keepAlive)) {
      const seen = frame(pieces);
      expect(seen.heads).toEqual(['GET /v1.41/containers/json?all=1 HTTP/1.1', 'POST /v1.41/containers/create HTTP/1.1', 'POST /v1.41/build HTTP/1.1', 'HEAD /_ping HTTP/1.1']);
      expect(seen.ends).toBe(4);
      expect(seen.bytes).toBe(keepAlive.length);
      expect(seen.framer.stateKind).toBe('head');
    }
  });

  it('waits after a message, holding what follows, and either resumes parsing it or counts it as raw', () => {
    const request = Buffer.from('POST /v1.41/exec/abc/start HTTP/1.1\r\nUpgrade: tcp\r\nConnection: Upgrade\r\nContent-Length: 2\r\n\r\n{}');
    const next = Buffer.from('GET /_ping HTTP/1.1\r\n\r\n');
    for (const pieces of cuts(Buffer.concat([request, next]))) {
      let waited = false;
      const resumed = frame([], (head) => {
        if (!waited) {
          waited = true;
          resumed.framer.waitAfterMessage();
        }
        return requestBodyFraming(parseRequestHead(Buffer.from(head))!);
      });
      for (const piece of pieces) resumed.framer.push(piece);
      expect(resumed.heads).toHaveLength(1);
      resumed.framer.resume();
      expect(resumed.heads).toEqual(['POST /v1.41/exec/abc/start HTTP/1.1', 'GET /_ping HTTP/1.1']);
      expect(resumed.bytes).toBe(request.length + next.length);
    }
    let first = true;
    const raw = frame([], (head) => {
      if (first) raw.framer.waitAfterMessage();
      first = false;
      return requestBodyFraming(parseRequestHead(Buffer.from(head))!);
    });
    raw.framer.push(Buffer.concat([request, Buffer.from('stdin bytes that are not HTTP')]));
    raw.framer.goRaw();
    raw.framer.push(Buffer.from('more'));
    expect(raw.heads).toHaveLength(1);
    expect(raw.bytes).toBe(request.length + 'stdin bytes that are not HTTP'.length + 4);
    expect(raw.framer.stateKind).toBe('raw');
  });

  it('frames responses: a length, chunks, an empty 204, and a body that runs until the connection closes', () => {
    const responses = Buffer.from(
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nApi-Version: 1.41\r\n\r\nOK' +
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{}\n\r\n0\r\n\r\n' +
        'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n' +
        'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end',
    );
    for (const pieces of cuts(responses)) {
      const seen = frame(pieces);
      expect(seen.heads).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK', 'HTTP/1.1 204 No Content', 'HTTP/1.0 200 OK']);
      expect(seen.ends).toBe(3);
      seen.framer.close();
      expect(seen.ends).toBe(4);
      expect(seen.bytes).toBe(responses.length);
    }
  });

  it('stops reading (never throws) on input that is not HTTP, a head over 64 KiB, or a broken chunk size, and still counts every byte', () => {
    const garbage = Buffer.from('\x16\x03\x01\x02\x00 not http at all\r\n\r\nmore');
    const seenGarbage = frame([garbage]);
    expect(seenGarbage.framer.stateKind).toBe('lost');
    expect(seenGarbage.bytes).toBe(garbage.length);

    const huge = Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nX-Big: '), Buffer.alloc(70 * 1024, 'a')]);
    for (const pieces of [[huge], [huge.subarray(0, 1000), huge.subarray(1000)]]) {
      const seenHuge = frame(pieces);
      expect(seenHuge.framer.stateKind).toBe('lost');
      expect(seenHuge.bytes).toBe(huge.length);
    }

    const badChunk = Buffer.from('POST /build HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc');
    const seenBad = frame([badChunk]);
    expect(seenBad.framer.stateKind).toBe('lost');
    expect(seenBad.bytes).toBe(badChunk.length);
  });

  it('treats a contradictory Content-Length as raw rather than guessing', () => {
    expect(declaredFraming([['Content-Length', '12abc']])).toEqual({ kind: 'raw' });
    expect(declaredFraming([['Content-Length', '0']])).toEqual({ kind: 'none' });
    expect(declaredFraming([['Transfer-Encoding', 'gzip, chunked']])).toEqual({ kind: 'chunked' });
    expect(declaredFraming([['Content-Type', 'text/plain']])).toBeUndefined();
  });
});

describe('head parsing', () => {
  it('reads request and response heads, and refuses what is not HTTP/1', () => {
    expect(parseRequestHead(Buffer.from('GET /v1.41/info HTTP/1.1\r\nHost: docker\r\nX-Empty:\r\n'))).toEqual({
      method: 'GET',
      target: '/v1.41/info',
      version: 'HTTP/1.1',
      headers: [
        ['Host', 'docker'],
        ['X-Empty', ''],
      ],
    });
    expect(parseRequestHead(Buffer.from('PRI * HTTP/2.0'))).toMatchObject({ method: 'PRI', version: 'HTTP/2.0' });
    expect(parseRequestHead(Buffer.from('get / HTTP/1.1'))).toBeUndefined();
    expect(parseRequestHead(Buffer.from('GET / HTTP/1.1\r\nno colon here'))).toBeUndefined();
    expect(parseResponseHead(Buffer.from('HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp'))).toMatchObject({ status: 101, reason: 'UPGRADED' });
    expect(parseResponseHead(Buffer.from('HTTP/1.1 200'))).toMatchObject({ status: 200, reason: '' });
    expect(parseResponseHead(Buffer.from('HTTP/1.1 2000 OK'))).toBeUndefined();
  });
});
