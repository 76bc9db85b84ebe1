import type { HeaderList } from '../../common/contract/proxy';
import type { NewApiCall } from './activity-log';
import { headerValue, type RequestHead } from './http-head';

/** Headers that carry credentials: their values never reach the activity log. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-registry-auth', 'x-registry-config', 'cookie', 'set-cookie']);
export const REDACTED = '[redacted]';

export function redactHeaders(headers: Iterable<readonly [string, string]>): HeaderList {
  const result: HeaderList = [];
  for (const [name, value] of headers) result.push([name, SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value]);
  return result;
}

/** Splits `/v1.41/containers/json?all=1` into the API version and the rest; unversioned paths pass through. */
export function splitApiVersion(target: string): { path: string; apiVersion?: string } {
  const match = /^\/v(\d+\.\d+)(\/.*|$)/.exec(target);
  if (!match) return { path: target };
  return { path: match[2] || '/', apiVersion: match[1] };
}

const RAW_STREAM_TYPES = /^application\/vnd\.docker\.(raw-stream|multiplexed-stream)/i;

/** Whether a `200` with this content type and no declared length is the engine hijacking the connection. */
export function isHijackContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && RAW_STREAM_TYPES.test(contentType);
}

/** The activity record of a request a client sent through the socket, from its head. */
export function clientCallFields(connectionId: number, head: RequestHead, startedAt: number): NewApiCall {
  const { path, apiVersion } = splitApiVersion(head.target);
  return {
    connectionId,
    origin: 'client',
    userAgent: headerValue(head.headers, 'user-agent'),
    startedAt,
    method: head.method,
    path,
    ...(apiVersion ? { apiVersion } : {}),
    requestHeaders: redactHeaders(head.headers),
  };
}
