const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * A log line's time as a person reads it: the local wall clock with milliseconds ("2026-11-30 03:25:13.123").
 * The engine's own UTC timestamp with nanoseconds stays on hover and in downloads.
 */
export function formatLocalLogTime(seconds: number, nanos: number): string {
  const time = new Date(seconds * 1000 + Math.floor(nanos / 1e6));
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}`;
}
