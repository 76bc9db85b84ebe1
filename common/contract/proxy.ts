import { z } from 'zod';
import { call, stream } from './define';

/** How a proxied connection left HTTP/1: a `101 Switching Protocols`, a hijacked `200` raw stream, or HTTP/2 from the first byte. */
export type ApiCallUpgrade = 'upgrade' | 'hijack' | 'h2';

/** Who made a call: a program through Berth's socket, or Berth's own UI talking to the engine. */
export type ApiCallOrigin = 'client' | 'berth';

export type HeaderList = [name: string, value: string][];

/**
 * One Engine API call as it crossed Berth: through its socket or from Berth's own UI. Secrets never reach this
 * record (`Authorization`, `X-Registry-Auth`, `X-Registry-Config` are redacted where it is captured); bodies are
 * counted, not kept.
 */
export interface ApiCall {
  /** Increasing over the life of the process; a later update of the same call carries the same id. */
  id: number;
  /** Calls on one keep-alive connection share it. */
  connectionId: number;
  origin: ApiCallOrigin;
  /** The `User-Agent` header, e.g. `Docker-Client/20.10.24+dfsg1 (linux)`. */
  userAgent?: string;
  /** The peer's process, where the operating system tells it cheaply. */
  pid?: number;
  processName?: string;
  /** Epoch ms when the request head arrived. */
  startedAt: number;
  method: string;
  /** The path and query without the API version prefix, e.g. `/containers/json?all=1`. */
  path: string;
  /** The `/v1.NN` prefix's version, e.g. `1.41`, when the path had one. */
  apiVersion?: string;
  /** The response status; absent while the engine has not answered. */
  status?: number;
  /** From the request head to the end of the response (or of the upgraded stream); absent while open. */
  durationMs?: number;
  /** Bytes the client sent for this call (head and body; for an upgraded call, everything until it closed). */
  bytesIn: number;
  /** Bytes the engine answered (head and body). */
  bytesOut: number;
  upgrade?: ApiCallUpgrade;
  /** `open` until the response (or upgraded stream) ends. `failed` when the connection broke first. */
  state: 'open' | 'done' | 'failed';
  error?: string;
  requestHeaders: HeaderList;
  responseHeaders?: HeaderList;
}

/** A batch of new or changed calls, oldest first. The first batch of a subscription holds the retained history. */
export interface ApiActivityBatch {
  calls: ApiCall[];
  /** True for the first batch, and after a clear: the receiver replaces what it holds. */
  reset: boolean;
  /** Calls dropped from the retained history since the process started (it keeps the last `capacity`). */
  dropped: number;
  capacity: number;
}

export interface DockerContextState {
  /** The docker CLI's configuration folder (`$DOCKER_CONFIG`, else `~/.docker`). */
  configDir: string;
  /** Whether a context named `berth` pointing at Berth's socket exists. */
  exists: boolean;
  /** The CLI's current context (`default` when none is set). */
  current: string;
  /** The context that was current before the user chose Berth, which "Put back" restores. */
  previous?: string;
  /** Why the context could not be written or read, when it could not. */
  error?: string;
}

export interface ProxyStatus {
  /** The setting: start Berth's socket with Berth. */
  enabled: boolean;
  state: 'stopped' | 'listening' | 'failed';
  /** `unix:///…/docker.sock`, or `npipe:////./pipe/berth_engine` on Windows. */
  address: string;
  /** The line a user pastes in a shell, e.g. `export DOCKER_HOST=unix:///…` (PowerShell syntax on Windows). */
  dockerHostLine: string;
  /** Why it is not listening, when it failed (for example another Berth owns the socket). */
  error?: string;
  /** The engine new connections go to, as its address; empty while Berth has none. */
  engine: string;
  openConnections: number;
  /** Requests forwarded since Berth started (counted even while nobody watches the activity). */
  requests: number;
  context: DockerContextState;
}

const empty = z.object({}).strict();

export const proxyContract = {
  'proxy.status': stream(empty).emits<ProxyStatus>(),
  'proxy.setEnabled': call(z.object({ enabled: z.boolean() }).strict()).returns<ProxyStatus>(),
  /** Makes `berth` the docker CLI's current context, remembering the one it replaces. */
  'proxy.context.use': call(empty).returns<DockerContextState>(),
  /** Puts back the context that was current before `proxy.context.use`. */
  'proxy.context.restore': call(empty).returns<DockerContextState>(),
  /** Every proxied call while subscribed: the retained history first, then batches of new and changed calls. */
  'proxy.activity': stream(empty).emits<ApiActivityBatch>(),
  'proxy.activity.clear': call(empty).returns<void>(),
};
