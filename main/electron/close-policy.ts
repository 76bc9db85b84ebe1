/** What closing the main window does. */
export type CloseAction = 'hide' | 'close';

export interface ClosePolicyInput {
  platform: NodeJS.Platform;
  /** The user chose Quit (menu, tray, Cmd+Q, the OS logging out): the window closes whatever the settings say. */
  quitting: boolean;
  /** The tray icon is shown (the setting is on and the platform gave Berth a tray). */
  trayShown: boolean;
  closeToTray: boolean;
}

/**
 * macOS apps keep running when their window closes (the Dock and the menu-bar icon bring it back), so Berth hides
 * it there. On Linux and Windows, Berth stays in the tray only when the user wants that and there is a tray icon to
 * come back through; otherwise closing the window quits.
 */
export function closeAction({ platform, quitting, trayShown, closeToTray }: ClosePolicyInput): CloseAction {
  if (quitting) return 'close';
  if (platform === 'darwin') return 'hide';
  return trayShown && closeToTray ? 'hide' : 'close';
}
