import { describe, expect, it } from 'vitest';
import type { HostCommand } from '../../common/contract/host';
import { HostCommands } from './host-commands';

describe('host commands', () => {
  it('reach every page listening, and stop when a page leaves', () => {
    const commands = new HostCommands();
    const first: HostCommand[] = [];
    const second: HostCommand[] = [];
    const leave = commands.onCommand((command) => first.push(command));
    commands.onCommand((command) => second.push(command));
    commands.send({ kind: 'navigate', route: 'settings' });
    leave();
    commands.send({ kind: 'show-shortcuts' });
    expect(first).toEqual([{ kind: 'navigate', route: 'settings' }]);
    expect(second).toEqual([{ kind: 'navigate', route: 'settings' }, { kind: 'show-shortcuts' }]);
  });

  it('a command sent before any page listens goes to the first page that does (only the latest, once)', () => {
    const commands = new HostCommands();
    commands.send({ kind: 'navigate', route: 'images' });
    commands.send({ kind: 'navigate', route: 'containers/abc' });
    const seen: HostCommand[] = [];
    commands.onCommand((command) => seen.push(command));
    const later: HostCommand[] = [];
    commands.onCommand((command) => later.push(command));
    expect(seen).toEqual([{ kind: 'navigate', route: 'containers/abc' }]);
    expect(later).toEqual([]);
  });
});
