import { formatBytes } from '../../lib/format';

/** CPU as `docker stats` prints it: two decimals, percent of one core. */
export function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}%` : '—';
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatCount(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value)) : '—';
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatClock(epochMs: number): string {
  return clock.format(epochMs);
}

const clockMinutes = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function formatClockMinutes(epochMs: number): string {
  return clockMinutes.format(epochMs);
}
