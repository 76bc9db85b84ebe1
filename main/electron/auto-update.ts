/** The part of electron-updater's `AppUpdater` Berth uses (so tests can give a mock). */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export type AutoUpdateState = 'off' | 'on' | 'unsupported';

export interface AutoUpdateOptions {
  /** Loads electron-updater only when updates are turned on (it is not needed otherwise). */
  loadUpdater: () => Promise<Updater>;
  /** Updates apply only to an installed, packaged app; a development run never checks. */
  isPackaged: boolean;
  log: (message: string, error?: unknown) => void;
  /** Told once a new version is downloaded; it installs when Berth quits. */
  onDownloaded?: (version: string) => void;
  intervalMs?: number;
}

const SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * Follows the "Update Berth automatically" setting (off by default): while on, checks at once and every six hours,
 * downloads in the background and installs when Berth quits; turning it off stops the checks and any install on
 * quit. A failed check is logged and retried at the next interval, never thrown.
 */
export class AutoUpdate {
  private updater: Updater | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private wanted = false;
  private loading: Promise<Updater | undefined> | undefined;
  private warnedUnsupported = false;

  constructor(private readonly options: AutoUpdateOptions) {}

  get state(): AutoUpdateState {
    if (!this.options.isPackaged) return 'unsupported';
    return this.timer ? 'on' : 'off';
  }

  async apply(enabled: boolean): Promise<void> {
    this.wanted = enabled;
    if (!this.options.isPackaged) {
      if (enabled && !this.warnedUnsupported) this.options.log('automatic updates apply only to an installed Berth; this run is not packaged');
      this.warnedUnsupported ||= enabled;
      return;
    }
    if (!enabled) {
      this.stop();
      return;
    }
    const updater = await this.load();
    // The setting may have been turned off while electron-updater loaded.
    if (!updater || !this.wanted || this.timer) return;
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? SIX_HOURS);
    await this.check();
  }

  dispose(): void {
    this.wanted = false;
    this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.updater) {
      this.updater.autoDownload = false;
      this.updater.autoInstallOnAppQuit = false;
    }
  }

  private load(): Promise<Updater | undefined> {
    this.loading ??= this.options.loadUpdater().then(
      (updater) => {
        this.updater = updater;
        updater.on('error', (error) => this.options.log('update check failed', error));
        updater.on('update-downloaded', (info) => {
          if (this.wanted) this.options.onDownloaded?.(info.version);
        });
        return updater;
      },
      (error: unknown) => {
        this.options.log('could not load electron-updater; automatic updates are off', error);
        this.loading = undefined;
        return undefined;
      },
    );
    return this.loading;
  }

  private async check(): Promise<void> {
    try {
      await this.updater?.checkForUpdates();
    } catch (error) {
      this.options.log('update check failed', error);
    }
  }
}
