import diagnostics from 'node:diagnostics_channel';
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { ApiCall } from '../../common/contract/proxy';
import { isEngineAgent } from '../engine/engine-agents';
import type { ActivityLog } from './activity-log';
import { isHijackContentType, redactHeaders, splitApiVersion } from './call-fields';

/** Connection ids for Berth's own sockets, counted down from -1 so they never meet the proxy's. */
const socketIds = new WeakMap<Socket, number>();
let nextSocketId = -1;

function socketId(socket: Socket): number {
  let id = socketIds.get(socket);
  if (id === undefined) socketIds.set(socket, (id = nextSocketId--));
  return id;
}

function headerPairs(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) pairs.push([raw[index]!, raw[index + 1]!]);
  return pairs;
}

function observe(request: http.ClientRequest, activity: ActivityLog): void {
  const startedAt = Date.now();
  const { path, apiVersion } = splitApiVersion(request.path);
  const requestHeaders = Object.entries(request.getHeaders()).map(([name, value]): [string, string] => [name, Array.isArray(value) ? value.join(', ') : String(value)]);
  const record: ApiCall = activity.begin({
    connectionId: 0,
    origin: 'berth',
    userAgent: 'Berth',
    pid: process.pid,
    startedAt,
    method: request.method,
    path,
    ...(apiVersion ? { apiVersion } : {}),
    requestHeaders: redactHeaders(requestHeaders),
  });
  let socket: Socket | undefined;
  let readBefore = 0;
  let writtenBefore = 0;
  const count = () => {
    if (!socket) return;
    record.bytesIn = socket.bytesWritten - writtenBefore;
    record.bytesOut = socket.bytesRead - readBefore;
  };
  const finish = (error?: string) => {
    if (record.state !== 'open') return;
    count();
    record.durationMs = Date.now() - startedAt;
    record.state = error && record.status === undefined ? 'failed' : 'done';
    if (record.state === 'failed') record.error = error;
    activity.changed(record);
  };
  const attach = (assigned: Socket) => {
    socket = assigned;
    record.connectionId = socketId(assigned);
    // The channel reports a request once it is ended, when its head may already be on the wire: a new socket
    // carried nothing before it; on a reused (kept-alive) one, the bytes counted so far belong to earlier calls.
    readBefore = request.reusedSocket ? assigned.bytesRead : 0;
    writtenBefore = request.reusedSocket ? assigned.bytesWritten : 0;
    // Only join in when Berth itself handles the upgrade: an 'upgrade' listener takes the socket over.
    if (request.listenerCount('upgrade') > 0) {
      request.once('upgrade', (response: http.IncomingMessage, upgraded: Socket) => {
        record.status = response.statusCode;
        record.responseHeaders = redactHeaders(headerPairs(response.rawHeaders));
        record.upgrade = 'upgrade';
        activity.changed(record);
        upgraded.once('close', () => finish());
      });
    }
  };
  if (request.socket) attach(request.socket);
  else request.once('socket', attach);
  request.once('response', (response: http.IncomingMessage) => {
    record.status = response.statusCode;
    record.responseHeaders = redactHeaders(headerPairs(response.rawHeaders));
    if (response.statusCode === 200 && isHijackContentType(response.headers['content-type'])) record.upgrade = 'hijack';
    activity.changed(record);
    response.once('close', () => finish());
  });
  request.once('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
  request.once('close', () => {
    if (record.status === undefined) finish('Berth closed the request before the engine answered.');
  });
}

/**
 * Records the calls Berth itself makes to engines (origin `berth`), from Node's HTTP client diagnostics channel:
 * dockerode's requests and the stats client's, on agents marked with `markEngineAgent`. While nobody watches the
 * activity, each request costs one check. Returns the unsubscribe.
 */
export function recordOwnCalls(activity: ActivityLog): () => void {
  const onStart = (message: unknown) => {
    if (!activity.watching) return;
    const { request } = message as { request: http.ClientRequest & { agent?: http.Agent } };
    if (!isEngineAgent(request.agent)) return;
    observe(request, activity);
  };
  diagnostics.subscribe('http.client.request.start', onStart);
  return () => diagnostics.unsubscribe('http.client.request.start', onStart);
}
