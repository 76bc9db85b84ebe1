import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { EngineEvent, EngineStatus } from '../../common/contract/engine';

const shown: FakeNotification[] = [];
let supported = true;

class FakeNotification extends EventEmitter {
  visible = false;
  constructor(readonly options: { title: string; body: string; silent: boolean }) {
    super();
  }
  static isSupported() {
    return supported;
  }
  show() {
    this.visible = true;
    shown.push(this);
  }
  close() {
    this.visible = false;
    this.emit('close');
  }
}

vi.mock('electron', () => ({ Notification: FakeNotification }));

const { showNativeNotifications } = await import('./native-notifications');
const { NotificationCenter } = await import('../notifications/notification-center');

function engineSource() {
  const events = new EventEmitter();
  return {
    source: {
      onEvent: (listener: (event: EngineEvent) => void) => (events.on('event', listener), () => events.off('event', listener)),
      onStatus: (listener: (status: EngineStatus) => void) => (events.on('status', listener), () => events.off('status', listener)),
    },
    crash: (id: string, exitCode: string) =>
      events.emit('event', { type: 'container', action: 'die', actor: { id, attributes: { name: 'web', exitCode, image: 'nginx' } }, timeNano: 0 } satisfies EngineEvent),
  };
}

describe('showNativeNotifications', () => {
  it('shows one native notification per coalesced one, replacing it silently as it counts up', () => {
    shown.length = 0;
    const { source, crash } = engineSource();
    const center = new NotificationCenter(source);
    const stop = showNativeNotifications(center, () => undefined);
    crash('c1', '1');
    crash('c1', '1');
    expect(shown).toHaveLength(2);
    expect(shown[0]!.options).toEqual({ title: 'web exited with code 1', body: 'It stopped on its own (image nginx).', silent: false });
    expect(shown[0]!.visible).toBe(false);
    expect(shown[1]!.options).toMatchObject({ title: 'web exited with code 1 (2 times)', silent: true });
    expect(shown[1]!.visible).toBe(true);
    stop();
    expect(shown[1]!.visible).toBe(false);
    crash('c1', '1');
    expect(shown).toHaveLength(2);
  });

  it('brings the window up and opens the container when clicked', () => {
    shown.length = 0;
    const { source, crash } = engineSource();
    const center = new NotificationCenter(source);
    const focus = vi.fn();
    const opened: string[] = [];
    center.onOpen((route) => opened.push(route));
    showNativeNotifications(center, focus);
    crash('abc', '2');
    shown[0]!.emit('click');
    expect(focus).toHaveBeenCalledOnce();
    expect(opened).toEqual(['containers/abc']);
  });

  it('does nothing where the system has no notifications', () => {
    shown.length = 0;
    supported = false;
    const { source, crash } = engineSource();
    showNativeNotifications(new NotificationCenter(source), () => undefined);
    crash('c2', '1');
    expect(shown).toEqual([]);
    supported = true;
  });
});
