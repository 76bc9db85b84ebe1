import type { ApiCall, HeaderList } from '../../../common/contract/proxy';

/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): the parts Berth writes. Fields starting with `_` are custom, as the spec allows. */
export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    /** Chrome's name for the bytes the response took on the wire (head and body). */
    _transferSize: number;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; ssl: number; send: number; wait: number; receive: number };
  connection: string;
  comment?: string;
  _berth: {
    id: number;
    origin: ApiCall['origin'];
    state: ApiCall['state'];
    userAgent?: string;
    pid?: number;
    processName?: string;
    upgrade?: ApiCall['upgrade'];
    error?: string;
    /** Bytes on the wire each way (for an upgraded call, the whole stream). */
    bytesIn: number;
    bytesOut: number;
  };
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
    comment?: string;
  };
}

/** Reason phrases for the statuses the Engine API uses (HAR wants one; the capture keeps only the code). */
const STATUS_TEXT: Record<number, string> = {
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  416: 'Range Not Satisfiable',
  426: 'Upgrade Required',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusText(status: number | undefined): string {
  return status === undefined ? '' : (STATUS_TEXT[status] ?? '');
}

/** The Engine API's host as the docker CLI names it in URLs over a socket. */
const HOST = 'http://docker';

/** `http://docker/v1.41/containers/json?all=1`: the call's URL as the client asked for it. */
export function callUrl(call: Pick<ApiCall, 'path' | 'apiVersion'>): string {
  const path = call.path.startsWith('/') ? call.path : `/${call.path}`;
  return `${HOST}${call.apiVersion ? `/v${call.apiVersion}` : ''}${path}`;
}

function headerValue(headers: HeaderList | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers?.find(([key]) => key.toLowerCase() === wanted)?.[1];
}

const toNameValues = (headers: HeaderList | undefined): HarNameValue[] => (headers ?? []).map(([name, value]) => ({ name, value }));

function queryOf(path: string): HarNameValue[] {
  const at = path.indexOf('?');
  if (at < 0) return [];
  const pairs: HarNameValue[] = [];
  for (const [name, value] of new URLSearchParams(path.slice(at + 1))) pairs.push({ name, value });
  return pairs;
}

const encoder = new TextEncoder();

/**
 * The size of a head as it was recorded: start line, `Name: value` lines and the blank line. The capture keeps the
 * headers, not the raw head, so this is exact for heads written the usual way (Go's and Node's are) and -1 ("not
 * available", as HAR says) when there was none.
 */
function headSize(startLine: string, headers: HeaderList | undefined): number {
  if (!headers) return -1;
  let text = `${startLine}\r\n`;
  for (const [name, value] of headers) text += `${name}: ${value}\r\n`;
  return encoder.encode(`${text}\r\n`).length;
}

function httpVersion(call: ApiCall): string {
  return call.upgrade === 'h2' ? 'HTTP/2.0' : 'HTTP/1.1';
}

export interface HarOptions {
  creatorVersion: string;
  /** For calls still open: their time so far is measured to this instant. */
  now?: number;
}

/** One HAR entry for a captured call. Open calls get their time so far; calls without an answer get status 0 (as browsers write failed requests). */
export function harEntry(call: ApiCall, now = Date.now()): HarEntry {
  const version = httpVersion(call);
  const time = Math.max(0, call.durationMs ?? now - call.startedAt);
  const target = callUrl(call).slice(HOST.length);
  const requestHead = call.upgrade === 'h2' ? -1 : headSize(`${call.method} ${target} ${version}`, call.requestHeaders);
  const reason = statusText(call.status);
  const responseHead = call.status === undefined || call.upgrade === 'h2' ? -1 : headSize(`${version} ${call.status} ${reason}`.trimEnd(), call.responseHeaders);
  const responseBody = responseHead >= 0 ? Math.max(0, call.bytesOut - responseHead) : -1;
  const berth: HarEntry['_berth'] = { id: call.id, origin: call.origin, state: call.state, bytesIn: call.bytesIn, bytesOut: call.bytesOut };
  if (call.userAgent !== undefined) berth.userAgent = call.userAgent;
  if (call.pid !== undefined) berth.pid = call.pid;
  if (call.processName !== undefined) berth.processName = call.processName;
  if (call.upgrade !== undefined) berth.upgrade = call.upgrade;
  if (call.error !== undefined) berth.error = call.error;
  const entry: HarEntry = {
    startedDateTime: new Date(call.startedAt).toISOString(),
    time,
    request: {
      method: call.method,
      url: callUrl(call),
      httpVersion: version,
      cookies: [],
      headers: toNameValues(call.requestHeaders),
      queryString: queryOf(call.path),
      headersSize: requestHead,
      bodySize: requestHead >= 0 ? Math.max(0, call.bytesIn - requestHead) : -1,
    },
    response: {
      status: call.status ?? 0,
      statusText: reason,
      httpVersion: version,
      cookies: [],
      headers: toNameValues(call.responseHeaders),
      content: { size: Math.max(0, responseBody), mimeType: headerValue(call.responseHeaders, 'content-type') ?? 'x-unknown' },
      redirectURL: headerValue(call.responseHeaders, 'location') ?? '',
      headersSize: responseHead,
      bodySize: responseBody,
      _transferSize: call.bytesOut,
    },
    cache: {},
    // The capture sees the request head arrive and the answer end; HAR's phases in between are not observable.
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: time, receive: 0 },
    connection: String(call.connectionId),
    _berth: berth,
  };
  if (call.state === 'open') entry.comment = 'Still open when exported: the time is so far.';
  else if (call.state === 'failed') entry.comment = `The connection broke before the call ended${call.error ? `: ${call.error}` : ''}.`;
  else if (call.upgrade) entry.comment = `The connection was ${call.upgrade === 'hijack' ? 'hijacked' : 'upgraded'}; the time and sizes cover the whole stream.`;
  return entry;
}

/** A HAR 1.2 document of the given calls, oldest first. */
export function buildHar(calls: readonly ApiCall[], options: HarOptions): Har {
  const now = options.now ?? Date.now();
  return {
    log: {
      version: '1.2',
      creator: { name: 'Berth', version: options.creatorVersion },
      entries: [...calls].sort((a, b) => a.startedAt - b.startedAt || a.id - b.id).map((call) => harEntry(call, now)),
      comment: 'Engine API calls captured by Berth. Authorization, X-Registry-Auth and X-Registry-Config were redacted at capture; bodies are not kept.',
    },
  };
}

/** `berth-activity-2024-05-01T12-00-00.har`. */
export function harFileName(now = new Date()): string {
  return `berth-activity-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.har`;
}
