import { describe, expect, it } from 'vitest';
import { hostContract, type HostCommand, type PickPathInput } from '../../../common/contract/host';
import type { ResponseMessage } from '../../../common/protocol';
import { createRouter } from '../router';
import { hostHandlers, PICKERS_UNAVAILABLE } from './host';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function connect(handlers: ReturnType<typeof hostHandlers>) {
  const sent: ResponseMessage[] = [];
  const connection = createRouter(hostContract, handlers).connect((message) => sent.push(message));
  return { connection, sent };
}

describe('host calls', () => {
  it('in browser mode: no pickers, and a pick answers "unavailable" so the page keeps the typed path', async () => {
    const { connection, sent } = connect(hostHandlers({}, 'linux'));
    connection.receive({ t: 'call', id: 1, method: 'host.info', input: {} });
    connection.receive({ t: 'call', id: 2, method: 'dialog.pickPath', input: { kind: 'folder' } });
    await tick();
    expect(sent).toEqual([
      { t: 'result', id: 1, ok: true, value: { shell: 'browser', platform: 'linux', pickers: false } },
      { t: 'result', id: 2, ok: true, value: { status: 'unavailable', reason: PICKERS_UNAVAILABLE } },
    ]);
  });

  it('in the desktop app: hands a validated request to the native picker and answers what it chose', async () => {
    const asked: PickPathInput[] = [];
    const { connection, sent } = connect(
      hostHandlers({ shell: 'electron', pickPath: async (input) => (asked.push(input), { status: 'picked', path: '/home/me/app.tar' }) }, 'darwin'),
    );
    const input = { kind: 'save', title: 'Save image', defaultPath: 'app.tar', filters: [{ name: 'Tar archives', extensions: ['tar'] }] };
    connection.receive({ t: 'call', id: 1, method: 'dialog.pickPath', input });
    connection.receive({ t: 'call', id: 2, method: 'host.info', input: {} });
    await tick();
    expect(asked).toEqual([input]);
    expect(sent).toEqual([
      { t: 'result', id: 1, ok: true, value: { status: 'picked', path: '/home/me/app.tar' } },
      { t: 'result', id: 2, ok: true, value: { shell: 'electron', platform: 'darwin', pickers: true } },
    ]);
  });

  it('refuses malformed picker requests before they reach the dialog', async () => {
    const asked: PickPathInput[] = [];
    const { connection, sent } = connect(hostHandlers({ shell: 'electron', pickPath: async (input) => (asked.push(input), { status: 'cancelled' }) }));
    connection.receive({ t: 'call', id: 1, method: 'dialog.pickPath', input: { kind: 'exec' } });
    connection.receive({ t: 'call', id: 2, method: 'dialog.pickPath', input: { kind: 'file', filters: [{ name: 'x', extensions: ['.tar'] }] } });
    connection.receive({ t: 'call', id: 3, method: 'dialog.pickPath', input: { kind: 'file', properties: ['openDirectory'] } });
    await tick();
    expect(asked).toEqual([]);
    expect(sent.map((message) => (message.t === 'result' && !message.ok ? message.error.code : 'ok'))).toEqual(['invalid-input', 'invalid-input', 'invalid-input']);
  });

  it('streams menu and tray commands to the page and stops when it unsubscribes', async () => {
    const listeners = new Set<(command: HostCommand) => void>();
    const { connection, sent } = connect(
      hostHandlers({
        shell: 'electron',
        onCommand: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      }),
    );
    connection.receive({ t: 'sub', id: 7, stream: 'host.commands', input: {} });
    await tick();
    for (const listener of listeners) listener({ kind: 'navigate', route: 'settings' });
    expect(sent).toContainEqual({ t: 'event', id: 7, data: { kind: 'navigate', route: 'settings' } });
    connection.receive({ t: 'unsub', id: 7 });
    await tick();
    expect(listeners.size).toBe(0);
  });
});
