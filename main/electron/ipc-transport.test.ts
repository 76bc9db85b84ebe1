import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Router } from '../api/router';

const ipcListeners = new Map<string, (...args: unknown[]) => void>();

vi.mock('electron', () => ({
  ipcMain: {
    on: (channel: string, listener: (...args: unknown[]) => void) => ipcListeners.set(channel, listener),
    off: (channel: string) => ipcListeners.delete(channel),
  },
}));

const { attachIpcTransport, REQUEST_CHANNEL, RESPONSE_CHANNEL } = await import('./ipc-transport');

class FakeContents extends EventEmitter {
  sent: unknown[] = [];
  mainFrame = { url: 'berth://app/index.html' };
  constructor(readonly id: number) {
    super();
  }
  isDestroyed() {
    return false;
  }
  send(channel: string, message: unknown) {
    this.sent.push([channel, message]);
  }
}

function fakeRouter() {
  const received: unknown[] = [];
  let closed = 0;
  const router: Router = {
    connect: (send) => ({
      receive: (message) => {
        received.push(message);
        send({ t: 'result', id: 1, ok: true, value: 'pong' });
      },
      close: () => void closed++,
      openStreams: 0,
    }),
  };
  return { router, received, closedCount: () => closed };
}

describe('IPC transport', () => {
  const isTrusted = (url: string) => url.startsWith('berth://app/');

  it('routes messages from the app main frame and answers on the response channel', () => {
    const { router, received } = fakeRouter();
    const detach = attachIpcTransport(router, isTrusted, () => undefined);
    const contents = new FakeContents(1);
    ipcListeners.get(REQUEST_CHANNEL)!({ sender: contents, senderFrame: contents.mainFrame }, { t: 'call', id: 1, method: 'x', input: {} });
    expect(received).toHaveLength(1);
    expect(contents.sent).toEqual([[RESPONSE_CHANNEL, { t: 'result', id: 1, ok: true, value: 'pong' }]]);
    detach();
  });

  it('ignores messages from sub-frames and foreign pages', () => {
    const { router, received } = fakeRouter();
    const logs: string[] = [];
    const detach = attachIpcTransport(router, isTrusted, (line) => logs.push(line));
    const contents = new FakeContents(2);
    const listener = ipcListeners.get(REQUEST_CHANNEL)!;
    listener({ sender: contents, senderFrame: { url: 'berth://app/index.html' } }, {});
    contents.mainFrame.url = 'https://evil.example/';
    listener({ sender: contents, senderFrame: contents.mainFrame }, {});
    listener({ sender: contents, senderFrame: null }, {});
    expect(received).toHaveLength(0);
    expect(logs).toHaveLength(3);
    detach();
  });

  it('closes the page connection (and its streams) when the page reloads or goes away, not on hash routes', () => {
    const { router, closedCount } = fakeRouter();
    const detach = attachIpcTransport(router, isTrusted, () => undefined);
    const contents = new FakeContents(3);
    const listener = ipcListeners.get(REQUEST_CHANNEL)!;
    listener({ sender: contents, senderFrame: contents.mainFrame }, {});
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    expect(closedCount()).toBe(0);
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(closedCount()).toBe(1);
    listener({ sender: contents, senderFrame: contents.mainFrame }, {});
    contents.emit('destroyed');
    expect(closedCount()).toBe(2);
    detach();
  });
});
