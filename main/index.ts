import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, powerMonitor, session } from 'electron';
import { createBackend, type Backend } from './backend';
import { isAppUrl, registerAppScheme, serveRenderer } from './electron/app-protocol';
import { attachIpcTransport } from './electron/ipc-transport';
import { showNativeNotifications } from './electron/native-notifications';
import { createMainWindow } from './electron/window';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.resolve(here, '../renderer');
const preloadPath = path.resolve(here, '../preload/index.cjs');

function log(message: string, error?: unknown): void {
  console.error(`[berth] ${message}`, error ?? '');
}

// The main process must survive anything a page or an engine does to it.
process.on('unhandledRejection', (reason) => log('unhandled rejection', reason));
process.on('uncaughtException', (err) => log('uncaught exception', err));

registerAppScheme();
app.enableSandbox();

let backend: Backend | undefined;

void app.whenReady().then(() => {
  serveRenderer(rendererRoot);
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  backend = createBackend({ dataDir: app.getPath('userData'), log, savingPower: () => powerMonitor.isOnBatteryPower() });
  attachIpcTransport(backend.router, isAppUrl, (message) => log(message));
  createMainWindow(preloadPath);
  showNativeNotifications(backend.notifications, () => {
    const window = BrowserWindow.getAllWindows()[0] ?? createMainWindow(preloadPath);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(preloadPath);
  });
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting waits for the managed engine to stop (SIGTERM, then SIGKILL) unless the user keeps it running.
let quitReady = false;
app.on('before-quit', (event) => {
  if (quitReady || !backend) return;
  event.preventDefault();
  void backend.stop().finally(() => {
    quitReady = true;
    app.quit();
  });
});
