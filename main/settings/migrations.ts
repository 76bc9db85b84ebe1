/**
 * One step per settings file version: `migrations[n]` turns a version-n file into a version n+1 file. Steps work on
 * raw JSON (never on today's types) so an old step keeps meaning what it meant when it was written; the result of
 * the last step is validated by the current schema.
 */
export type RawSettings = Record<string, unknown>;

export const CURRENT_SETTINGS_VERSION = 2;

export const migrations: Record<number, (raw: RawSettings) => RawSettings> = {
  // Version 1 (no `version` key): engine endpoints, the active choice, keep-running, the socket switch and the VM.
  // Version 2 adds the user's preferences (theme, notifications, tray…), all at their defaults.
  1: (raw) => ({ ...raw, version: 2, preferences: {} }),
};

/** Why a settings file cannot be brought to the current version. */
export class SettingsVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsVersionError';
  }
}

/** A file's version: its `version` key, or 1 for the files written before versions existed. */
export function settingsVersion(raw: RawSettings): number {
  if (!('version' in raw)) return 1;
  const { version } = raw;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new SettingsVersionError(`its version is ${JSON.stringify(version)}, not a whole number from 1`);
  }
  return version;
}

/** Brings a parsed settings file up to the current version, one step at a time. */
export function migrateSettings(value: unknown): { raw: RawSettings; fromVersion: number } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SettingsVersionError('it is not a JSON object');
  const fromVersion = settingsVersion(value as RawSettings);
  if (fromVersion > CURRENT_SETTINGS_VERSION) {
    throw new SettingsVersionError(`it was written by a newer Berth (settings version ${fromVersion}; this one reads up to ${CURRENT_SETTINGS_VERSION})`);
  }
  let raw = value as RawSettings;
  for (let version = fromVersion; version < CURRENT_SETTINGS_VERSION; version++) {
    const step = migrations[version];
    if (!step) throw new SettingsVersionError(`Berth has no migration from settings version ${version}`);
    raw = step(raw);
  }
  return { raw, fromVersion };
}
