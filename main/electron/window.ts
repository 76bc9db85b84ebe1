import { BrowserWindow, shell } from 'electron';
import { APP_ORIGIN, isAppUrl } from './app-protocol';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, type Rect, type WindowState } from './window-state';

function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Where the window opens (see `restoreWindowState`); without it, the default size centred. */
export interface WindowPlacement {
  bounds: Rect;
  maximized: boolean;
}

/** The main window, locked down: no Node in the page, sandboxed, isolated, and no way to navigate away. */
export function createMainWindow(preloadPath: string, placement?: WindowPlacement): BrowserWindow {
  const window = new BrowserWindow({
    ...(placement ? placement.bounds : DEFAULT_WINDOW_SIZE),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Berth',
    show: false,
    backgroundColor: '#0f172a',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click (auxclick) would open links in a new window; the open handler denies those anyway, but the
      // event never reaches the page this way (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });

  window.webContents.setWindowOpenHandler(({ url }) => {
    // Published-port links open in the user's browser; nothing opens inside Berth.
    if (isWebLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => {
    if (placement?.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/**
 * Saves the window's place (its normal bounds, and whether it is maximized) when it settles after a move or resize,
 * and when it closes. A minimized or full-screen window keeps the place it had before.
 */
export function rememberWindowPlace(window: BrowserWindow, save: (state: WindowState) => void, settleMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const capture = () => {
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    const { x, y, width, height } = window.getNormalBounds();
    save({ x, y, width, height, maximized: window.isMaximized() });
  };
  const settle = () => {
    clearTimeout(timer);
    timer = setTimeout(capture, settleMs);
  };
  window.on('resize', settle);
  window.on('move', settle);
  window.on('maximize', settle);
  window.on('unmaximize', settle);
  window.on('close', () => {
    clearTimeout(timer);
    capture();
  });
}
