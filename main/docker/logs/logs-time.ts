/**
 * Engine timestamps are RFC 3339 with a variable-length fraction (`…:05.1Z`, `…:05.123456789Z`), which do not sort
 * as strings. Berth pads them to nine digits once, on arrival; from then on string order is time order.
 */
const ENGINE_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)?$/;

/** `2024-05-01T12:00:05.1Z` → `2024-05-01T12:00:05.100000000Z`; anything else is returned as is. */
export function normalizeTimestamp(timestamp: string): string {
  // Fast paths for what the engine sends (UTC, seconds always present): this runs once per log line.
  if (timestamp.length <= 30 && timestamp.charCodeAt(timestamp.length - 1) === 0x5a && timestamp[13] === ':') {
    if (timestamp[19] === '.') return timestamp.length === 30 ? timestamp : `${timestamp.slice(0, -1).padEnd(29, '0')}Z`;
    if (timestamp.length === 20) return `${timestamp.slice(0, 19)}.000000000Z`;
  }
  const match = ENGINE_TIME.exec(timestamp);
  if (!match || (match[3] !== undefined && match[3] !== 'Z')) return timestamp;
  const seconds = match[1]!.length === 16 ? `${match[1]}:00` : match[1]!;
  return `${seconds}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}

/**
 * An RFC 3339 time as the Engine API's `since`/`until` want it: `<unix seconds>.<nanoseconds>`, keeping
 * nanosecond precision (a `Date` would round to milliseconds). A time without a zone is taken as UTC.
 */
export function toEngineTime(time: string): string {
  const match = ENGINE_TIME.exec(time);
  if (!match) throw new RangeError(`Not an RFC 3339 time: ${time}`);
  const [, base, fraction = '', zone = 'Z'] = match;
  const millis = Date.parse(`${base!.length === 16 ? `${base}:00` : base}${zone}`);
  if (Number.isNaN(millis)) throw new RangeError(`Not a valid time: ${time}`);
  return `${Math.floor(millis / 1000)}.${fraction.padEnd(9, '0')}`;
}

let cachedPrefix = '';
let cachedSeconds = 0;

/** A normalized timestamp as Unix seconds and nanoseconds; consecutive lines share their second, so it is cached. */
export function splitTimestamp(timestamp: string): [seconds: number, nanos: number] {
  const prefix = timestamp.slice(0, 19);
  if (prefix !== cachedPrefix) {
    const millis = Date.parse(`${prefix}Z`);
    cachedPrefix = prefix;
    cachedSeconds = Number.isNaN(millis) ? 0 : Math.floor(millis / 1000);
  }
  const nanos = timestamp[19] === '.' ? Number(timestamp.slice(20, 29)) : 0;
  return [cachedSeconds, Number.isNaN(nanos) ? 0 : nanos];
}
