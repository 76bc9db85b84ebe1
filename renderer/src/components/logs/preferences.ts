import type { LogRange } from '../../hooks/useLogs';
import { LOG_BUFFER_LINES } from '../../../../common/contract/settings';
import { DEFAULT_CAPACITY } from './log-store';

export interface LogPreferences {
  timestamps: boolean;
  wrap: boolean;
  tail: LogRange['tail'];
  /** Most lines a view holds before dropping the oldest. */
  capacity: number;
}

/** The choices of the Log buffer setting, which the viewer's own select also changes. */
export const CAPACITY_CHOICES: readonly number[] = LOG_BUFFER_LINES;
const STORAGE_KEY = 'berth.logs.preferences';
const DEFAULTS: LogPreferences = { timestamps: false, wrap: false, tail: 1000, capacity: DEFAULT_CAPACITY };

/** Reads the saved viewer settings, falling back to defaults for anything missing or tampered with. */
export function loadLogPreferences(): LogPreferences {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<Record<keyof LogPreferences, unknown>>;
    return {
      timestamps: typeof saved.timestamps === 'boolean' ? saved.timestamps : DEFAULTS.timestamps,
      wrap: typeof saved.wrap === 'boolean' ? saved.wrap : DEFAULTS.wrap,
      tail: saved.tail === 'all' || (typeof saved.tail === 'number' && Number.isInteger(saved.tail) && saved.tail >= 0) ? (saved.tail as LogRange['tail']) : DEFAULTS.tail,
      capacity: CAPACITY_CHOICES.includes(saved.capacity as number) ? (saved.capacity as number) : DEFAULTS.capacity,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export function saveLogPreferences(preferences: LogPreferences): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(preferences));
  } catch {
    // Storage can be full or disabled; the settings then last for this session only.
  }
}
