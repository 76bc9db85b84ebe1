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
import { vmSettingsSchema, type VmSettings } from '../../common/contract/vm';
import { ApiError } from '../../common/errors';

const SETTINGS_FILE = 'settings.json';

const settingsSchema = z.object({
  endpoints: z.array(endpointInputSchema.extend({ id: z.string().min(1).max(64) })).max(100).default([]),
  active: activeChoiceSchema.default({ mode: 'auto' }),
  keepManagedEngineRunning: z.boolean().default(false),
  /** Start Berth's own engine socket (`<data dir>/run/docker.sock`) with Berth. */
  proxyEnabled: z.boolean().default(true),
  /** Berth's VM: resources and keep-running; absent until changed (then `vmSettings` gives the defaults). */
  vm: vmSettingsSchema.optional(),
});

export type BerthSettings = z.infer<typeof settingsSchema>;

/** Berth's data directory in browser mode: `BERTH_DATA_DIR`, else `$XDG_CONFIG_HOME/berth`, else `~/.config/berth`. */
export function browserModeDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BERTH_DATA_DIR) return path.resolve(env.BERTH_DATA_DIR);
  const configHome = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(configHome, 'berth');
}

/**
 * Berth's own settings (endpoints, the active choice, keep-running), kept in one JSON file that is replaced
 * atomically on every change so a crash never leaves half a file. A file that cannot be parsed is set aside, not lost.
 */
export class SettingsStore {
  private settings: BerthSettings;
  readonly file: string;

  constructor(
    readonly dataDir: string,
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
  ) {
    this.file = path.join(dataDir, SETTINGS_FILE);
    this.settings = this.load();
  }

  get current(): Readonly<BerthSettings> {
    return this.settings;
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
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`cannot read ${this.file}; using defaults`, err);
      return settingsSchema.parse({});
    }
    try {
      return settingsSchema.parse(JSON.parse(text));
    } catch (err) {
      const aside = `${this.file}.invalid-${Date.now()}`;
      this.log(`${this.file} is not valid; moved it to ${aside} and using defaults`, err);
      try {
        renameSync(this.file, aside);
      } catch {
        // Keeping the broken file in place is fine: the next save replaces it.
      }
      return settingsSchema.parse({});
    }
  }

  private save(next: BerthSettings): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dataDir, { recursive: true });
      writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, this.file);
    } catch (err) {
      throw new ApiError('internal', `Berth could not save its settings to ${this.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
    }
    this.settings = next;
  }
}
