import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import {
  activeChoiceSchema,
  endpointInputSchema,
  type ActiveChoice,
  type EndpointInput,
  type EngineEndpoint,
} from '../../common/contract/engine';
import { preferencesSchema, type Preferences, type SettingsNotice, type SettingsPatch } from '../../common/contract/settings';
import { vmSettingsSchema, type VmSettings } from '../../common/contract/vm';
import { ApiError } from '../../common/errors';
import { toDisposable, type IDisposable } from '../../common/lifecycle';
import { CURRENT_SETTINGS_VERSION, migrateSettings } from './migrations';

const SETTINGS_FILE = 'settings.json';

/** The settings file at the current version; `migrations.ts` brings older files here first. */
export const settingsFileSchema = z.object({
  version: z.literal(CURRENT_SETTINGS_VERSION),
  endpoints: z.array(endpointInputSchema.extend({ id: z.string().min(1).max(64) })).max(100).default([]),
  active: activeChoiceSchema.default({ mode: 'auto' }),
  keepManagedEngineRunning: z.boolean().default(false),
  /** Start Berth's own engine socket (`<data dir>/run/docker.sock`) with Berth. */
  proxyEnabled: z.boolean().default(true),
  /** Berth's VM: resources and keep-running; absent until changed (then `vmSettings` gives the defaults). */
  vm: vmSettingsSchema.optional(),
  /** What the Settings page edits: theme, notifications, tray, login item, updates… */
  preferences: preferencesSchema.prefault({}),
});

export type BerthSettings = z.infer<typeof settingsFileSchema>;

const DEFAULT_SETTINGS: BerthSettings = settingsFileSchema.parse({ version: CURRENT_SETTINGS_VERSION });

/** Berth's data directory in browser mode: `BERTH_DATA_DIR`, else `$XDG_CONFIG_HOME/berth`, else `~/.config/berth`. */
export function browserModeDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BERTH_DATA_DIR) return path.resolve(env.BERTH_DATA_DIR);
  const configHome = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(configHome, 'berth');
}

/** Names the first thing wrong with a file, in words: a JSON syntax error, or the first field the schema refuses. */
function describeProblem(err: unknown): string {
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    return issue ? `${issue.path.length > 0 ? `"${issue.path.join('.')}": ` : ''}${issue.message}` : 'it does not match the settings schema';
  }
  return err instanceof Error ? err.message : String(err);
}

/** A file name part from a time, safe on every platform (no colons). */
function timeTag(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * Berth's own settings (endpoints, the active choice, keep-running, the user's preferences), kept in one versioned
 * JSON file that is replaced atomically on every change so a crash never leaves half a file. An older file is
 * migrated step by step; one that cannot be read is kept aside as `settings.json.bak-<time>`, the defaults are used
 * and `notice` says so, so the user is told instead of Berth failing to start.
 */
export class SettingsStore {
  private settings: BerthSettings;
  private problem: SettingsNotice | undefined;
  private readonly listeners = new Set<(settings: Readonly<BerthSettings>) => void>();
  readonly file: string;

  constructor(
    readonly dataDir: string,
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = path.join(dataDir, SETTINGS_FILE);
    this.settings = this.load();
  }

  get current(): Readonly<BerthSettings> {
    return this.settings;
  }

  get preferences(): Readonly<Preferences> {
    return this.settings.preferences;
  }

  /** What went wrong with the file at start, until the user dismisses it. */
  get notice(): SettingsNotice | undefined {
    return this.problem;
  }

  dismissNotice(): void {
    if (!this.problem) return;
    this.problem = undefined;
    this.emit();
  }

  /** Called after every saved change (from any window, or from the main process). */
  onChange(listener: (settings: Readonly<BerthSettings>) => void): IDisposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }

  /** Applies a partial change to the preferences (already validated by `settingsPatchSchema`). */
  updatePreferences(patch: Omit<SettingsPatch, 'proxyEnabled' | 'keepManagedEngineRunning'>): void {
    const { notifications, ...rest } = patch;
    const current = this.settings.preferences;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    const definedNotifications = Object.fromEntries(Object.entries(notifications ?? {}).filter(([, value]) => value !== undefined));
    const preferences = preferencesSchema.parse({ ...current, ...defined, notifications: { ...current.notifications, ...definedNotifications } });
    this.save({ ...this.settings, preferences });
  }

  addEndpoint(input: EndpointInput): EngineEndpoint {
    this.assertUniqueName(input.name);
    const endpoint = { ...input, id: randomUUID() };
    this.save({ ...this.settings, endpoints: [...this.settings.endpoints, endpoint] });
    return endpoint;
  }

  updateEndpoint(id: string, input: EndpointInput): EngineEndpoint {
    this.findEndpoint(id);
    this.assertUniqueName(input.name, id);
    const endpoint = { ...input, id };
    this.save({ ...this.settings, endpoints: this.settings.endpoints.map((existing) => (existing.id === id ? endpoint : existing)) });
    return endpoint;
  }

  /** Removes an endpoint; if it was the active choice, Berth goes back to automatic discovery. */
  removeEndpoint(id: string): void {
    this.findEndpoint(id);
    const wasActive = this.settings.active.mode === 'endpoint' && this.settings.active.id === id;
    this.save({
      ...this.settings,
      endpoints: this.settings.endpoints.filter((endpoint) => endpoint.id !== id),
      active: wasActive ? { mode: 'auto' } : this.settings.active,
    });
  }

  findEndpoint(id: string): EngineEndpoint {
    const endpoint = this.settings.endpoints.find((candidate) => candidate.id === id);
    if (!endpoint) throw new ApiError('not-found', 'That endpoint no longer exists.');
    return endpoint;
  }

  setActive(active: ActiveChoice): void {
    if (active.mode === 'endpoint') this.findEndpoint(active.id);
    this.save({ ...this.settings, active });
  }

  setKeepManagedEngineRunning(keep: boolean): void {
    this.save({ ...this.settings, keepManagedEngineRunning: keep });
  }

  /** The VM's settings, defaults filled in. */
  get vmSettings(): VmSettings {
    return vmSettingsSchema.parse(this.settings.vm ?? {});
  }

  setVm(vm: VmSettings): void {
    this.save({ ...this.settings, vm: vmSettingsSchema.parse(vm) });
  }

  setProxyEnabled(enabled: boolean): void {
    this.save({ ...this.settings, proxyEnabled: enabled });
  }

  private assertUniqueName(name: string, exceptId?: string): void {
    const clash = this.settings.endpoints.find((endpoint) => endpoint.id !== exceptId && endpoint.name.toLowerCase() === name.toLowerCase());
    if (clash) throw new ApiError('conflict', `An endpoint named "${clash.name}" already exists.`);
  }

  private load(): BerthSettings {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return DEFAULT_SETTINGS;
      this.log(`cannot read ${this.file}; using defaults`, err);
      this.problem = { message: `Berth could not read its settings file ${this.file} (${code ?? String(err)}), so it uses the defaults; changes you make now will replace that file.` };
      return DEFAULT_SETTINGS;
    }
    try {
      const { raw, fromVersion } = migrateSettings(JSON.parse(text));
      const settings = settingsFileSchema.parse(raw);
      if (fromVersion < CURRENT_SETTINGS_VERSION) this.writeMigrated(settings, fromVersion);
      return settings;
    } catch (err) {
      this.setAside(describeProblem(err), err);
      return DEFAULT_SETTINGS;
    }
  }

  /** Keeps an unusable file under a new name (nothing the user set is lost) and records what to tell them. */
  private setAside(problem: string, err: unknown): void {
    const keptAs = `${this.file}.bak-${timeTag(this.now())}`;
    try {
      renameSync(this.file, keptAs);
    } catch (renameError) {
      this.log(`${this.file} is not valid and could not be moved aside`, renameError);
      this.problem = {
        message: `Berth's settings file ${this.file} could not be used (${problem}) and could not be kept aside, so Berth uses the defaults; your next change will replace that file.`,
      };
      return;
    }
    this.log(`${this.file} is not valid; kept it as ${keptAs} and using defaults`, err);
    this.problem = {
      message: `Berth's settings file could not be used (${problem}). It was kept as ${keptAs} and Berth started with the default settings.`,
      keptAs,
    };
  }

  /** Writes a migrated file at once, so it is read at the current version next time; failing that, it is migrated again. */
  private writeMigrated(settings: BerthSettings, fromVersion: number): void {
    try {
      this.write(settings);
      this.log(`migrated ${this.file} from settings version ${fromVersion} to ${CURRENT_SETTINGS_VERSION}`);
    } catch (err) {
      this.log(`could not write the migrated ${this.file}; it will be migrated again next time`, err);
    }
  }

  private emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(this.settings);
      } catch (err) {
        this.log('a settings listener failed', err);
      }
    }
  }

  private write(next: BerthSettings): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    mkdirSync(this.dataDir, { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  private save(next: BerthSettings): void {
    try {
      this.write(next);
    } catch (err) {
      throw new ApiError('internal', `Berth could not save its settings to ${this.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
    }
    this.settings = next;
    this.emit();
  }
}
