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
}

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  shell: { openExternal: (url: string) => openedExternally.push(url) },
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
  net: { fetch: () => undefined },
}));

const { createMainWindow } = await import('./window');

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

  it('denies every new window and hands only http(s) links to the browser', () => {
    createMainWindow('/p');
    const handler = created[0]!.webContents.windowOpenHandler!;
    for (const url of ['http://localhost:8080/', 'https://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'berth://app/x']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(openedExternally).toEqual(['http://localhost:8080/', 'https://example.com']);
  });

  it('refuses navigation away from the app', () => {
    createMainWindow('/p');
    const window = created[0]!;
    expect(navigate(window, 'https://evil.example/')).toBe(true);
    expect(navigate(window, 'file:///etc/passwd')).toBe(true);
    expect(navigate(window, 'berth://app/index.html#/containers')).toBe(false);
  });
});
