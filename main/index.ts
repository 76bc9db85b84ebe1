import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, powerMonitor, session } from 'electron';
import { createBackend, type Backend } from './backend';
import { isAppUrl, registerAppScheme, serveRenderer } from './electron/app-protocol';
import { DesktopShell } from './electron/desktop-shell';
import { HostCommands } from './electron/host-commands';
import { attachIpcTransport } from './electron/ipc-transport';
import { pickPath } from './electron/pickers';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.resolve(here, '../renderer');
const preloadPath = path.resolve(here, '../preload/index.cjs');
// Packaged, the tray icons are resources (electron-builder's extraResources); in development they are in the repo.
const trayIconsDir = app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.join(app.getAppPath(), 'assets', 'tray');

function log(message: string, error?: unknown): void {
  console.error(`[berth] ${message}`, error ?? '');
}

// The main process must survive anything a page or an engine does to it.
process.on('unhandledRejection', (reason) => log('unhandled rejection', reason));
process.on('uncaughtException', (err) => log('uncaught exception', err));

// BERTH_DATA_DIR (as in browser mode) gives a test or a portable setup its own folder: settings, engine files and
// Chromium's profile. The single-instance lock below is per folder, so such a run never hands over to the user's Berth.
if (process.env.BERTH_DATA_DIR) app.setPath('userData', path.resolve(process.env.BERTH_DATA_DIR));

// One Berth per user: a second launch hands over to the first (which shows its window) and exits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.enableSandbox();

  let backend: Backend | undefined;
  let desktop: DesktopShell | undefined;
  const commands = new HostCommands();

  app.on('second-instance', () => desktop?.showWindow());

  void app.whenReady().then(() => {
    serveRenderer(rendererRoot);
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);

    backend = createBackend({
      dataDir: app.getPath('userData'),
      log,
      savingPower: () => powerMonitor.isOnBatteryPower(),
      host: {
        shell: 'electron',
        // The picker is a sheet of the window that asked (the focused one), or free-standing when none is.
        pickPath: (input) => pickPath(input, BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]),
        onCommand: commands.onCommand,
      },
    });
    attachIpcTransport(backend.router, isAppUrl, (message) => log(message));
    desktop = new DesktopShell({
      backend,
      commands,
      preloadPath,
      trayIconsDir,
      isDev: !app.isPackaged,
      log,
      // electron-updater loads only when automatic updates are turned on.
      loadUpdater: async () => (await import('electron-updater')).default.autoUpdater,
    });
    desktop.start();

    app.on('activate', () => desktop?.showWindow());
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  // Reached only when the window really closed (no tray to stay in, or close-to-tray off): macOS keeps running.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting waits for the managed engine to stop (SIGTERM, then SIGKILL) unless the user keeps it running.
  let quitReady = false;
  app.on('before-quit', (event) => {
    desktop?.beginQuit();
    if (quitReady || !backend) return;
    event.preventDefault();
    const stopping = backend;
    void stopping.stop().finally(() => {
      quitReady = true;
      desktop?.dispose();
      app.quit();
    });
  });
}
