/**
 * Reading HTTP/1.1 message heads and framing out of a byte stream that the proxy forwards untouched. Nothing here
 * changes or holds back a byte on its way: it only tells the proxy where each message starts and ends so calls can be
 * recorded. Input that is not HTTP (or is too big to be worth reading) makes the framer stop reading, never throw.
 */

export const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE = 4096;
/** Bytes a framer holds while it waits for the response to say whether the connection was upgraded. */
export const MAX_WAITING_BYTES = 64 * 1024;

export interface RequestHead {
  method: string;
  target: string;
  version: string;
  headers: [string, string][];
}

export interface ResponseHead {
  version: string;
  status: number;
  reason: string;
  headers: [string, string][];
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

function parseHeaderLines(lines: string[]): [string, string][] | undefined {
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** Parses `METHOD target HTTP/x.y` and its headers, or undefined when it is not an HTTP/1 request head. */
export function parseRequestHead(head: Buffer): RequestHead | undefined {
  const lines = head.toString('latin1').split('\r\n');
  const match = /^([A-Z]{1,20}) (\S+) (HTTP\/\d\.\d)$/.exec(lines[0] ?? '');
  if (!match) return undefined;
  const headers = parseHeaderLines(lines.slice(1));
  return headers && { method: match[1]!, target: match[2]!, version: match[3]!, headers };
}

/** Parses `HTTP/x.y NNN reason` and its headers, or undefined when it is not an HTTP/1 response head. */
export function parseResponseHead(head: Buffer): ResponseHead | undefined {
  const lines = head.toString('latin1').split('\r\n');
  const match = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!match) return undefined;
  const headers = parseHeaderLines(lines.slice(1));
  return headers && { version: match[1]!, status: Number(match[2]), reason: match[3] ?? '', headers };
}

export function headerValue(headers: readonly [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** How the body after a head is delimited, as decided by whoever reads the head. */
export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  /** The body runs until the connection closes. */
  | { kind: 'until-close' }
  /** Not HTTP any more (an upgrade or hijack): every further byte is raw. */
  | { kind: 'raw' };

/** The body framing a request head declares (requests have no body unless they say so). */
export function requestBodyFraming(head: RequestHead): BodyFraming {
  return declaredFraming(head.headers) ?? { kind: 'none' };
}

/** Content-Length or chunked, as the headers declare; undefined when they declare neither; raw when they contradict. */
export function declaredFraming(headers: readonly [string, string][]): BodyFraming | undefined {
  const encoding = headerValue(headers, 'transfer-encoding');
  if (encoding && /(^|,)\s*chunked\s*$/i.test(encoding)) return { kind: 'chunked' };
  const length = headerValue(headers, 'content-length');
  if (length !== undefined) {
    if (!/^\d{1,15}$/.test(length.trim())) return { kind: 'raw' };
    const value = Number(length.trim());
    return value === 0 ? { kind: 'none' } : { kind: 'length', length: value };
  }
  return undefined;
}

export interface FramerEvents {
  /** A complete head; returns how its body is framed. `undefined` means the head was not HTTP: stop reading. */
  head(head: Buffer): BodyFraming | undefined;
  /** `count` bytes (head or body, or raw) belong to the current message. */
  bytes(count: number): void;
  /** The current message's body ended. */
  end(): void;
}

type State =
  | { kind: 'head' }
  | { kind: 'body-length'; remaining: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'chunk-data-end'; remaining: number }
  | { kind: 'trailer' }
  | { kind: 'until-close' }
  | { kind: 'waiting' }
  | { kind: 'raw' }
  /** Not HTTP, or too big to read: bytes are still counted and forwarded, nothing is parsed. */
  | { kind: 'lost' };

/**
 * Frames one direction of an HTTP/1 connection: heads, then bodies by length or chunks, message after message.
 * `wait()` holds parsing (not forwarding) after a message until the other direction decides; `resume()` or `goRaw()`
 * ends the wait.
 */
export class MessageFramer {
  private state: State = { kind: 'head' };
  private pendingHead?: Buffer;
  private line = '';
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Set after a message's end when the caller asked to wait for the other side's decision. */
  private waitAfterEnd = false;

  constructor(private readonly events: FramerEvents) {}

  get stateKind(): State['kind'] {
    return this.state.kind;
  }

  /** After the current message ends, hold parsing until `resume()` or `goRaw()`. */
  waitAfterMessage(): void {
    this.waitAfterEnd = true;
    if (this.state.kind === 'head' && !this.pendingHead) this.state = { kind: 'waiting' };
  }

  /** Continue parsing after a wait, starting with the bytes held meanwhile. */
  resume(): void {
    this.waitAfterEnd = false;
    if (this.state.kind !== 'waiting') return;
    this.state = { kind: 'head' };
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const chunk of held) this.push(chunk);
  }

  /** Every byte from now on (including those held while waiting) is raw. */
  goRaw(): void {
    this.waitAfterEnd = false;
    const heldBytes = this.heldBytes;
    this.held = [];
    this.heldBytes = 0;
    this.state = { kind: 'raw' };
    if (heldBytes) this.events.bytes(heldBytes);
  }

  /** The connection closed: a body that runs until close ends here. */
  close(): void {
    if (this.state.kind === 'until-close') {
      this.state = { kind: 'head' };
      this.events.end();
    }
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const state = this.state;
      switch (state.kind) {
        case 'raw':
        case 'lost':
        case 'until-close':
          this.events.bytes(chunk.length - offset);
          return;
        case 'waiting': {
          const rest = chunk.subarray(offset);
          if (this.heldBytes + rest.length > MAX_WAITING_BYTES) {
            // Too much unanswered data to be a request: count it and stop reading.
            this.events.bytes(this.heldBytes + rest.length);
            this.held = [];
            this.heldBytes = 0;
            this.state = { kind: 'lost' };
            return;
          }
          this.held.push(Buffer.from(rest));
          this.heldBytes += rest.length;
          return;
        }
        case 'head':
          offset = this.readHead(chunk, offset);
          break;
        case 'body-length': {
          const take = Math.min(state.remaining, chunk.length - offset);
          this.events.bytes(take);
          offset += take;
          state.remaining -= take;
          if (state.remaining === 0) this.messageEnded();
          break;
        }
        case 'chunk-size':
        case 'trailer':
          offset = this.readLine(chunk, offset);
          break;
        case 'chunk-data': {
          const take = Math.min(state.remaining, chunk.length - offset);
          this.events.bytes(take);
          offset += take;
          state.remaining -= take;
          if (state.remaining === 0) this.state = { kind: 'chunk-data-end', remaining: 2 };
          break;
        }
        case 'chunk-data-end': {
          const take = Math.min(state.remaining, chunk.length - offset);
          this.events.bytes(take);
          offset += take;
          state.remaining -= take;
          if (state.remaining === 0) this.state = { kind: 'chunk-size' };
          break;
        }
      }
    }
  }

  private readHead(chunk: Buffer, offset: number): number {
    let end: number;
    let head: Buffer;
    let headBytes: number;
    if (this.pendingHead) {
      const previous = this.pendingHead;
      const joined = Buffer.concat([previous, chunk.subarray(offset, offset + MAX_HEAD_BYTES)]);
      const found = joined.indexOf(CRLFCRLF, Math.max(0, previous.length - 3));
      if (found < 0) {
        if (joined.length >= MAX_HEAD_BYTES) return this.lose(chunk.length - offset + previous.length, chunk.length);
        this.pendingHead = joined;
        return chunk.length;
      }
      head = joined.subarray(0, found);
      end = offset + (found + 4 - previous.length);
      headBytes = found + 4;
      this.pendingHead = undefined;
    } else {
      const found = chunk.indexOf(CRLFCRLF, offset);
      if (found < 0 || found - offset > MAX_HEAD_BYTES) {
        if (chunk.length - offset >= MAX_HEAD_BYTES) return this.lose(chunk.length - offset, chunk.length);
        // Leading empty lines before a head are allowed (RFC 9112 2.2); they are kept with the head here.
        this.pendingHead = Buffer.from(chunk.subarray(offset));
        return chunk.length;
      }
      head = chunk.subarray(offset, found);
      end = found + 4;
      headBytes = end - offset;
    }
    // The head is announced before its bytes are counted, so they count towards the message it starts.
    const framing = this.events.head(stripLeadingNewlines(head));
    this.events.bytes(headBytes);
    if (!framing) return this.lose(chunk.length - end, chunk.length);
    this.startBody(framing);
    return end;
  }

  private startBody(framing: BodyFraming): void {
    switch (framing.kind) {
      case 'none':
        this.messageEnded();
        return;
      case 'length':
        this.state = { kind: 'body-length', remaining: framing.length };
        return;
      case 'chunked':
        this.state = { kind: 'chunk-size' };
        this.line = '';
        return;
      case 'until-close':
        this.state = { kind: 'until-close' };
        return;
      case 'raw':
        this.state = { kind: 'raw' };
        return;
    }
  }

  /** Reads one CRLF-terminated line of chunked framing (a size line or a trailer line). */
  private readLine(chunk: Buffer, offset: number): number {
    const newline = chunk.indexOf(0x0a, offset);
    const stop = newline < 0 ? chunk.length : newline + 1;
    this.events.bytes(stop - offset);
    this.line += chunk.toString('latin1', offset, newline < 0 ? chunk.length : newline);
    if (this.line.length > MAX_CHUNK_LINE) return this.lose(chunk.length - stop, chunk.length);
    if (newline < 0) return chunk.length;
    const line = this.line.replace(/\r$/, '');
    this.line = '';
    if (this.state.kind === 'trailer') {
      if (line === '') this.messageEnded();
      return stop;
    }
    const size = /^([0-9a-fA-F]{1,15})\s*(;.*)?$/.exec(line);
    if (!size) return this.lose(chunk.length - stop, chunk.length);
    const length = parseInt(size[1]!, 16);
    this.state = length === 0 ? { kind: 'trailer' } : { kind: 'chunk-data', remaining: length };
    return stop;
  }

  private messageEnded(): void {
    this.state = this.waitAfterEnd ? { kind: 'waiting' } : { kind: 'head' };
    this.events.end();
  }

  /** Stops parsing: the rest of this chunk (`uncounted` bytes) and everything after is counted, not read. */
  private lose(uncounted: number, chunkEnd: number): number {
    this.pendingHead = undefined;
    this.state = { kind: 'lost' };
    if (uncounted > 0) this.events.bytes(uncounted);
    return chunkEnd;
  }
}

function stripLeadingNewlines(head: Buffer): Buffer {
  let start = 0;
  while (start < head.length && (head[start] === 0x0d || head[start] === 0x0a)) start++;
  return start ? head.subarray(start) : head;
}
