import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CURRENT_SETTINGS_VERSION, migrateSettings, migrations, SettingsVersionError, settingsVersion } from './migrations';
import { settingsFileSchema } from './settings-store';

function fixture(version: number): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', `settings.v${version}.json`), 'utf8')) as Record<string, unknown>;
}

describe('settings migrations', () => {
  it('has one step for every version below the current one, and a fixture for every version', () => {
    for (let version = 1; version < CURRENT_SETTINGS_VERSION; version++) expect(migrations[version], `step ${version}`).toBeTypeOf('function');
    for (let version = 1; version <= CURRENT_SETTINGS_VERSION; version++) expect(settingsVersion(fixture(version))).toBe(version);
  });

  it('step 1 -> 2 keeps every engine setting and adds the preferences at their defaults', () => {
    const v1 = fixture(1);
    const v2 = migrations[1]!(v1);
    expect(v2).toEqual({ ...v1, version: 2, preferences: {} });
    const parsed = settingsFileSchema.parse(v2);
    expect(parsed.endpoints).toEqual(v1.endpoints);
    expect(parsed.active).toEqual(v1.active);
    expect(parsed.vm).toEqual(v1.vm);
    expect(parsed.proxyEnabled).toBe(false);
    expect(parsed.keepManagedEngineRunning).toBe(true);
    expect(parsed.preferences).toEqual({
      theme: 'system',
      logBufferLines: 1_000_000,
      statsIntervalMs: 1000,
      notifications: { containerCrashed: true, containerOom: true, containerUnhealthy: true, pullPushBuild: true, engineStopped: true },
      trayEnabled: true,
      closeToTray: true,
      startAtLogin: false,
      autoUpdate: false,
    });
  });

  it('migrates every fixture to a file the current schema accepts, and leaves the current version alone', () => {
    for (let version = 1; version <= CURRENT_SETTINGS_VERSION; version++) {
      const { raw, fromVersion } = migrateSettings(fixture(version));
      expect(fromVersion).toBe(version);
      expect(raw.version).toBe(CURRENT_SETTINGS_VERSION);
      expect(() => settingsFileSchema.parse(raw)).not.toThrow();
    }
    const current = fixture(CURRENT_SETTINGS_VERSION);
    expect(migrateSettings(current).raw).toBe(current);
  });

  it('refuses a file from a newer Berth, a bad version and anything that is not an object, saying which', () => {
    expect(() => migrateSettings({ version: CURRENT_SETTINGS_VERSION + 1 })).toThrow(/newer Berth \(settings version 3/);
    expect(() => migrateSettings({ version: '2' })).toThrow(SettingsVersionError);
    expect(() => migrateSettings({ version: 0 })).toThrow(/not a whole number/);
    expect(() => migrateSettings([])).toThrow(/not a JSON object/);
    expect(() => migrateSettings(null)).toThrow(/not a JSON object/);
  });
});
