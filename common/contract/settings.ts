import { z } from 'zod';
import { call, stream } from './define';
import type { ActiveChoice } from './engine';
import { STATS_INTERVALS_MS } from './stats';
import type { VmSettings } from './vm';

export const THEMES = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEMES)[number];

/** How many log lines a viewer keeps before dropping the oldest. */
export const LOG_BUFFER_LINES = [100_000, 500_000, 1_000_000, 2_000_000, 5_000_000] as const;

/** The kinds of notification a user can switch on and off, one switch each. */
export const NOTIFICATION_KINDS = ['containerCrashed', 'containerOom', 'containerUnhealthy', 'pullPushBuild', 'engineStopped'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const notificationFields = {
  /** A container exited non-zero without a stop or kill from the user before it. */
  containerCrashed: z.boolean(),
  containerOom: z.boolean(),
  containerUnhealthy: z.boolean(),
  /** A pull, push or build finished or failed. */
  pullPushBuild: z.boolean(),
  /** The engine stopped without the user asking. */
  engineStopped: z.boolean(),
} satisfies Record<NotificationKind, z.ZodBoolean>;

const preferenceFields = {
  theme: z.enum(THEMES),
  logBufferLines: z.literal(LOG_BUFFER_LINES),
  /** How often live CPU and memory figures are sampled. */
  statsIntervalMs: z.literal(STATS_INTERVALS_MS),
  notifications: z.object(notificationFields),
  /** Show Berth's icon in the tray / menu bar (desktop app only). */
  trayEnabled: z.boolean(),
  /**
   * Closing the window keeps Berth running in the tray (Linux and Windows, while the tray is on). On macOS closing
   * the window never quits, as users of that platform expect.
   */
  closeToTray: z.boolean(),
  /** Start Berth when the user logs in (desktop app only). */
  startAtLogin: z.boolean(),
  /** Download and install new releases of the desktop app. Off unless the user turns it on. */
  autoUpdate: z.boolean(),
};

export const notificationPreferencesSchema = z.object({
  containerCrashed: notificationFields.containerCrashed.default(true),
  containerOom: notificationFields.containerOom.default(true),
  containerUnhealthy: notificationFields.containerUnhealthy.default(true),
  pullPushBuild: notificationFields.pullPushBuild.default(true),
  engineStopped: notificationFields.engineStopped.default(true),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/** The user's preferences as stored (unknown keys from a newer Berth are dropped, missing ones get their defaults). */
export const preferencesSchema = z.object({
  theme: preferenceFields.theme.default('system'),
  logBufferLines: preferenceFields.logBufferLines.default(1_000_000),
  statsIntervalMs: preferenceFields.statsIntervalMs.default(1000),
  notifications: notificationPreferencesSchema.prefault({}),
  trayEnabled: preferenceFields.trayEnabled.default(true),
  closeToTray: preferenceFields.closeToTray.default(true),
  startAtLogin: preferenceFields.startAtLogin.default(false),
  autoUpdate: preferenceFields.autoUpdate.default(false),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/**
 * A change to some settings: any preference (notifications one switch at a time if wanted), plus the two engine
 * switches that also act at once (the engine socket starts or stops; keep-running applies at the next quit).
 * The engine choice and the VM's resources keep their own calls (`engine.activate`, `vm.settings.set`).
 */
export const settingsPatchSchema = z
  .object({
    ...preferenceFields,
    notifications: z.object(notificationFields).partial().strict(),
    proxyEnabled: z.boolean(),
    keepManagedEngineRunning: z.boolean(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Something the user must hear about the settings file, e.g. it was damaged and set aside. */
export interface SettingsNotice {
  message: string;
  /** Where the unreadable file was kept, when it was moved. */
  keptAs?: string;
}

/** Everything the Settings page shows, and what main-side consumers (tray, login item, updater) follow. */
export interface SettingsView {
  preferences: Preferences;
  proxyEnabled: boolean;
  keepManagedEngineRunning: boolean;
  /** The saved engine choice (changed with `engine.activate`). */
  active: ActiveChoice;
  /** Berth's VM resources and keep-running (changed with `vm.settings.set`). */
  vm: VmSettings;
  /** The settings file's path. */
  file: string;
  /** Set when the file could not be used at start; cleared with `settings.notice.dismiss`. */
  notice?: SettingsNotice;
}

const empty = z.object({}).strict();

export const settingsContract = {
  'settings.get': call(empty).returns<SettingsView>(),
  /** Validates and saves a partial change; answers the settings as they are now. */
  'settings.update': call(settingsPatchSchema).returns<SettingsView>(),
  /** The settings now, then again after every change from any window or from the main process. */
  'settings.watch': stream(empty).emits<SettingsView>(),
  'settings.notice.dismiss': call(empty).returns<SettingsView>(),
};
