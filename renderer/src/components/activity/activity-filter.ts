import type { ApiCall } from '../../../../common/contract/proxy';

export type StatusClass = '' | '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'open' | 'failed';

export interface ActivityFilter {
  /** A method, or '' for any. */
  method: string;
  status: StatusClass;
  /** Text in the client's name, user agent or pid ("berth" finds Berth's own calls). */
  client: string;
  /** Text in the path, version prefix and query included. */
  path: string;
  /** Whether Berth's own calls are shown next to other programs'. */
  showBerth: boolean;
}

export const NO_FILTER: ActivityFilter = { method: '', status: '', client: '', path: '', showBerth: true };

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

export const STATUS_CLASSES: Record<Exclude<StatusClass, ''>, string> = {
  '1xx': '1xx (upgraded)',
  '2xx': '2xx success',
  '3xx': '3xx',
  '4xx': '4xx client error',
  '5xx': '5xx server error',
  open: 'Not answered yet',
  failed: 'Connection broke',
};

export function statusClassOf(call: ApiCall): Exclude<StatusClass, ''> {
  if (call.state === 'failed') return 'failed';
  if (call.status === undefined) return 'open';
  return `${Math.min(5, Math.max(1, Math.floor(call.status / 100)))}xx` as Exclude<StatusClass, '' | 'open' | 'failed'>;
}

/** The path as the client sent it: `/v1.41/containers/json?all=1`. */
export function fullPath(call: Pick<ApiCall, 'path' | 'apiVersion'>): string {
  return call.apiVersion ? `/v${call.apiVersion}${call.path}` : call.path;
}

/** `Docker-Client/20.10.24+dfsg1 (linux)` → `Docker-Client/20.10.24+dfsg1`: the first product, without comments or the rest. */
export function shortUserAgent(userAgent: string | undefined): string | undefined {
  const product = userAgent?.trim().split(/\s+/)[0];
  return product || undefined;
}

/** Who made a call, in a few words: the process name where known, else the user agent's product (the docker CLI's as `docker 28.2.2`). */
export function clientName(call: ApiCall): string {
  if (call.origin === 'berth') return 'Berth';
  if (call.processName) return call.processName;
  const product = shortUserAgent(call.userAgent);
  const cli = product && /^Docker-Client\/(.+)$/i.exec(product);
  if (cli) return `docker ${cli[1]}`;
  return product ?? 'Unknown client';
}

export function matchesActivityFilter(call: ApiCall, filter: ActivityFilter): boolean {
  if (!filter.showBerth && call.origin === 'berth') return false;
  if (filter.method && call.method !== filter.method) return false;
  if (filter.status && statusClassOf(call) !== filter.status) return false;
  const client = filter.client.trim().toLowerCase();
  if (client) {
    const haystack = [call.origin === 'berth' ? 'berth' : '', call.processName, call.userAgent, call.pid === undefined ? '' : String(call.pid)].join('\n').toLowerCase();
    if (!haystack.includes(client)) return false;
  }
  const path = filter.path.trim().toLowerCase();
  if (path && !fullPath(call).toLowerCase().includes(path)) return false;
  return true;
}

export function isFiltering(filter: ActivityFilter): boolean {
  return filter.method !== '' || filter.status !== '' || filter.client.trim() !== '' || filter.path.trim() !== '' || !filter.showBerth;
}

/** `850 µs`, `12 ms`, `1.4 s`, `2 min 05 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  // Whole milliseconds (the capture's clock) below 1 are "under a millisecond", not zero.
  if (ms < 1) return ms === 0 ? '< 1 ms' : `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const seconds = Math.floor(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours ? `${hours} h ${String(minutes).padStart(2, '0')} min` : `${minutes} min ${rest} s`;
}

/** `14:03:07.125`: the local time of day to the millisecond. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}
