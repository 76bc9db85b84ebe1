import type { HostCommand } from '../../common/contract/host';

/**
 * Carries the menu's and tray's commands to the pages subscribed to `host.commands`. A command sent while no page
 * listens (the window was just opened for it) waits for the first page that subscribes; only the latest waits.
 */
export class HostCommands {
  private readonly listeners = new Set<(command: HostCommand) => void>();
  private waiting: HostCommand | undefined;

  onCommand = (listener: (command: HostCommand) => void): (() => void) => {
    this.listeners.add(listener);
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) listener(waiting);
    return () => this.listeners.delete(listener);
  };

  send(command: HostCommand): void {
    if (this.listeners.size === 0) this.waiting = command;
    for (const listener of this.listeners) listener(command);
  }
}
