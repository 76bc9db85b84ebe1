import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const created: FakeWindow[] = [];
const openedExternally: string[] = [];

class FakeContents extends EventEmitter {
  windowOpenHandler?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

class FakeWindow extends EventEmitter {
  webContents = new FakeContents();
  loadedUrl = '';
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    created.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show() {}
  maximized = false;
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
}

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  shell: { openExternal: (url: string) => openedExternally.push(url) },
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
  net: { fetch: () => undefined },
}));

const { createMainWindow, rememberWindowPlace } = await import('./window');

function navigate(window: FakeWindow, url: string): boolean {
  let prevented = false;
  window.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('main window', () => {
  beforeEach(() => {
    created.length = 0;
    openedExternally.length = 0;
  });

  it('is isolated and sandboxed, with no Node in the page', () => {
    createMainWindow('/app/preload.cjs');
    const prefs = created[0]!.options.webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(created[0]!.loadedUrl).toBe('berth://app/index.html');
  });

  it('lets Electron open no window itself, and hands only http(s) links to the browser', () => {
    createMainWindow('/p');
    const handler = created[0]!.webContents.windowOpenHandler!;
    for (const url of ['http://localhost:8080/', 'https://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'berth://app/#/logs/c1']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(openedExternally).toEqual(['http://localhost:8080/', 'https://example.com']);
  });

  it('opens a page of Berth (full-window logs) in a new window as hardened as the main one', () => {
    createMainWindow('/app/preload.cjs');
    const main = created[0]!;
    main.webContents.windowOpenHandler!({ url: 'berth://app/index.html#/logs/container/abc123' });
    expect(created).toHaveLength(2);
    const logs = created[1]!;
    expect(logs.loadedUrl).toBe('berth://app/index.html#/logs/container/abc123');
    // The same factory: the same preferences, the same handlers.
    expect(logs.options.webPreferences).toEqual(main.options.webPreferences);
    expect(logs.options.webPreferences).toMatchObject({ preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(navigate(logs, 'https://evil.example/')).toBe(true);
    expect(navigate(logs, 'berth://app/index.html#/containers')).toBe(false);
    let attachPrevented = false;
    logs.webContents.emit('will-attach-webview', { preventDefault: () => (attachPrevented = true) });
    expect(attachPrevented).toBe(true);
    // A window it opens is made the same way again, and it sends the web to the browser likewise.
    expect(logs.webContents.windowOpenHandler!({ url: 'berth://app/#/logs/compose/shop' })).toEqual({ action: 'deny' });
    expect(created[2]!.loadedUrl).toBe('berth://app/index.html#/logs/compose/shop');
    expect(logs.webContents.windowOpenHandler!({ url: 'https://example.com/x' })).toEqual({ action: 'deny' });
    expect(openedExternally).toEqual(['https://example.com/x']);
  });

  it('opens no window for anything but a page of Berth', () => {
    createMainWindow('/p');
    const handler = created[0]!.webContents.windowOpenHandler!;
    const refused = [
      'https://evil.example',
      'https://evil.example/#/logs/c1',
      'file:///etc/passwd',
      'file:///app/index.html#/logs/c1',
      'berth://other/',
      'berth://other/index.html#/logs/c1',
      'berth://app.evil.example/#/logs/c1',
      'berth://user@app/#/logs/c1',
      'berth://app:8080/#/logs/c1',
      'berth://app/assets/index.js',
      'berth://app/index.html?x=1#/logs/c1',
      'javascript:alert(1)',
      'data:text/html,<p>hi</p>',
      'about:blank',
      'not a url',
    ];
    for (const url of refused) expect(handler({ url })).toEqual({ action: 'deny' });
    expect(created).toHaveLength(1);
    expect(openedExternally).toEqual(['https://evil.example', 'https://evil.example/#/logs/c1']);
  });

  it('refuses navigation away from the app', () => {
    createMainWindow('/p');
    const window = created[0]!;
    expect(navigate(window, 'https://evil.example/')).toBe(true);
    expect(navigate(window, 'file:///etc/passwd')).toBe(true);
    expect(navigate(window, 'berth://app/index.html#/containers')).toBe(false);
  });

  it('opens where it was last, maximized if it was', () => {
    createMainWindow('/p', { bounds: { x: -1800, y: 40, width: 1100, height: 750 }, maximized: true });
    const window = created[0]!;
    expect(window.options).toMatchObject({ x: -1800, y: 40, width: 1100, height: 750, minWidth: 900, minHeight: 560 });
    window.emit('ready-to-show');
    expect(window.maximized).toBe(true);
    createMainWindow('/p');
    expect(created[1]!.options).toMatchObject({ width: 1280, height: 820 });
    expect(created[1]!.options).not.toHaveProperty('x');
  });

  it('saves its normal bounds and maximized state when it closes', () => {
    createMainWindow('/p');
    const window = created[0]!;
    const saved: unknown[] = [];
    rememberWindowPlace(window as never, (state) => saved.push(state));
    window.maximized = true;
    window.emit('close');
    expect(saved).toEqual([{ x: 10, y: 20, width: 1000, height: 700, maximized: true }]);
  });
});
