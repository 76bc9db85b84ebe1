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

/**
 * A page of Berth itself that may open in a window of its own ("Open in full window" for logs): the app's document
 * (`berth://app/` or `berth://app/index.html`) at any route in its hash, with nothing else in the URL. Assets under
 * berth://app, other hosts of the scheme, file:, http(s): and everything else are not pages of Berth.
 */
export function appPageUrl(url: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.username || parsed.password || parsed.port || parsed.search) return undefined;
  if (!['', '/', '/index.html'].includes(parsed.pathname)) return undefined;
  return `${APP_ORIGIN}/index.html${parsed.hash}`;
}

/**
 * A window of Berth, locked down: no Node in the page, sandboxed, isolated, and no way to navigate away. Every window
 * (the main one and those its pages open) comes from here, so each is as hardened as the first. The session's
 * permission handlers (main/index.ts) are the default session's, which every window shares.
 */
export function createAppWindow(preloadPath: string, options: { url?: string; placement?: WindowPlacement | undefined } = {}): BrowserWindow {
  const { placement } = options;
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
      // Middle-click (auxclick) would open links in a new window; the open handler decides those anyway, but the
      // event never reaches the page this way (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });

  window.webContents.setWindowOpenHandler(({ url }) => {
    // A page of Berth opens in another window of Berth, made here like this one (Electron's own child window would
    // take its options from the page's window.open features); published-port links open in the user's browser.
    // Electron itself opens nothing.
    const page = appPageUrl(url);
    if (page) createAppWindow(preloadPath, { url: page });
    else if (isWebLink(url)) void shell.openExternal(url);
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
  void window.loadURL(options.url ?? `${APP_ORIGIN}/index.html`);
  return window;
}

/** The main window, where it was last. */
export function createMainWindow(preloadPath: string, placement?: WindowPlacement): BrowserWindow {
  return createAppWindow(preloadPath, { placement });
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
