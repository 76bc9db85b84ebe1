import type { HostCommand } from '../../common/contract/host';

/** Carries the menu's and tray's commands to the pages subscribed to `host.commands`. */
export class HostCommands {
  private readonly listeners = new Set<(command: HostCommand) => void>();

  onCommand = (listener: (command: HostCommand) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Returns whether a page received it. */
  send(command: HostCommand): boolean {
    for (const listener of this.listeners) listener(command);
    return this.listeners.size > 0;
  }
}
