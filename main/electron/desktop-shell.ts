import { app, BrowserWindow, Notification, screen, shell } from 'electron';
import type { HostCommand } from '../../common/contract/host';
import { DisposableStore } from '../../common/lifecycle';
import type { Backend } from '../backend';
import { installAppMenu } from './app-menu';
import type { MenuAction } from './app-menu-template';
import { DOCS_URL, PROJECT_URL } from './project-url';
import { AutoUpdate, type Updater } from './auto-update';
import { closeAction } from './close-policy';
import type { HostCommands } from './host-commands';
import { inProcessClient } from './in-process-client';
import { showNativeNotifications } from './native-notifications';
import { followThemeSetting } from './native-theme';
import { BerthTray } from './tray';
import { TrayModel } from './tray-model';
import type { TrayAction, TrayState } from './tray-template';
import { createMainWindow, rememberWindowPlace } from './window';
import { restoreWindowState, WindowStateFile } from './window-state';

/** electron-builder.yml's appId. */
const APP_ID = 'dev.berth.app';

export interface DesktopShellOptions {
  backend: Backend;
  commands: HostCommands;
  preloadPath: string;
  /** Where the tray icons are (assets/tray in development, resources/tray when packaged). */
  trayIconsDir: string;
  isDev: boolean;
  log: (message: string, error?: unknown) => void;
  loadUpdater: () => Promise<Updater>;
}

/**
 * Everything of the desktop app around the window: the application menu, the tray (on or off as the settings say),
 * close-to-tray, the window's remembered place, start at login and automatic updates. Each follows the settings as
 * they change, from the Settings page or anywhere else.
 */
export class DesktopShell {
  private window: BrowserWindow | undefined;
  private tray: { view: BerthTray; model: TrayModel; close(): void } | undefined;
  private quitting = false;
  private loginItem: boolean | undefined;
  private readonly store = new DisposableStore((error) => this.options.log('desktop shell cleanup failed', error));
  private readonly updates: AutoUpdate;
  private readonly windowPlace: WindowStateFile;

  constructor(private readonly options: DesktopShellOptions) {
    this.windowPlace = new WindowStateFile(options.backend.settings.dataDir, options.log);
    this.updates = new AutoUpdate({
      loadUpdater: options.loadUpdater,
      isPackaged: app.isPackaged,
      log: options.log,
      onDownloaded: (version) => this.notify(`Berth ${version} is ready`, 'It will be installed when you quit Berth.'),
    });
    this.store.add(this.updates);
  }

  start(): void {
    // Windows shows notifications only for an app with a user model id (the installer sets the same one).
    if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
    app.setAboutPanelOptions({ applicationName: 'Berth', applicationVersion: app.getVersion(), copyright: 'Copyright © Berth contributors', ...(PROJECT_URL ? { website: PROJECT_URL } : {}) });
    installAppMenu(process.platform, this.options.isDev, DOCS_URL !== undefined, (action) => this.runMenuAction(action));
    this.store.add(this.options.backend.settings.onChange(() => this.applySettings()));
    // The desktop shows Berth's notifications natively (the page shows toasts only in browser mode).
    this.store.addCleanup(showNativeNotifications(this.options.backend.notifications, () => this.showWindow()));
    // Menus, dialogs and the window frame follow the theme setting like the page does.
    this.store.add(followThemeSetting(this.options.backend.settings));
    this.applySettings();
    this.showWindow();
  }

  /** Quit was asked for: the window really closes now. */
  beginQuit(): void {
    this.quitting = true;
  }

  /** Shows the main window, creating it if it was closed (a second launch, the tray, the Dock). */
  showWindow(): BrowserWindow {
    const existing = this.window;
    if (existing && !existing.isDestroyed()) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const displays = [screen.getPrimaryDisplay(), ...screen.getAllDisplays().filter((display) => display.id !== screen.getPrimaryDisplay().id)];
    const placement = restoreWindowState(
      this.windowPlace.read(),
      displays.map((display) => display.workArea),
    );
    const window = createMainWindow(this.options.preloadPath, placement);
    rememberWindowPlace(window, (state) => this.windowPlace.write(state));
    window.on('close', (event) => {
      const { closeToTray } = this.options.backend.settings.preferences;
      if (closeAction({ platform: process.platform, quitting: this.quitting, trayShown: Boolean(this.tray), closeToTray }) === 'hide') {
        event.preventDefault();
        window.hide();
      }
    });
    window.on('closed', () => {
      if (this.window === window) this.window = undefined;
    });
    this.window = window;
    return window;
  }

  /** A command for the page: shown at once when a page listens, else when the (re)opened window subscribes. */
  sendToPage(command: HostCommand): void {
    this.showWindow();
    this.options.commands.send(command);
  }

  dispose(): void {
    this.closeTray();
    this.store.dispose();
  }

  private applySettings(): void {
    const { trayEnabled, startAtLogin, autoUpdate } = this.options.backend.settings.preferences;
    if (trayEnabled && !this.tray) this.openTray();
    if (!trayEnabled) this.closeTray();
    if (this.loginItem !== startAtLogin) {
      this.loginItem = startAtLogin;
      // An unpackaged run would register the bare Electron binary as the login item.
      if (app.isPackaged) app.setLoginItemSettings({ openAtLogin: startAtLogin });
      else if (startAtLogin) this.options.log('start at login applies only to an installed Berth; this run is not packaged');
    }
    void this.updates.apply(autoUpdate);
  }

  private openTray(): void {
    const { client, close } = inProcessClient(this.options.backend.router);
    const listeners = new Set<(state: TrayState) => void>();
    const model = new TrayModel(client, (state) => listeners.forEach((listener) => listener(state)), this.options.log);
    try {
      const view = new BerthTray(model, this.options.trayIconsDir, (action) => this.runTrayAction(action, model), (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      });
      this.tray = { view, model, close };
    } catch (error) {
      // Some Linux desktops have no tray; Berth runs on without one (and closing the window then quits).
      this.options.log('could not show a tray icon', error);
      model.dispose();
      close();
    }
  }

  private closeTray(): void {
    if (!this.tray) return;
    this.tray.view.dispose();
    this.tray.model.dispose();
    this.tray.close();
    this.tray = undefined;
  }

  private runTrayAction(action: TrayAction, model: TrayModel): void {
    if (action.kind === 'open') this.showWindow();
    else if (action.kind === 'quit') app.quit();
    else if (action.kind === 'container' && action.op === 'open') this.sendToPage({ kind: 'navigate', route: `containers/${encodeURIComponent(action.id)}` });
    else
      model.perform(action).catch((error: unknown) => {
        this.options.log('tray action failed', error);
        this.notify('Berth could not do that', error instanceof Error ? error.message : String(error));
      });
  }

  private runMenuAction(action: MenuAction): void {
    if (action.kind === 'open-docs') {
      if (DOCS_URL) void shell.openExternal(DOCS_URL);
    }
    else this.sendToPage(action.command);
  }

  private notify(title: string, body: string): void {
    if (Notification.isSupported()) new Notification({ title, body }).show();
  }
}
