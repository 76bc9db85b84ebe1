import type { HostCommand } from '../../common/contract/host';

/** Electron menu roles the template uses (Electron supplies their labels, shortcuts and behaviour per platform). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'window'
  | 'help';

/** What a non-role item does: a command for the page, or opening the docs in the browser. */
export type MenuAction = { kind: 'page'; command: HostCommand } | { kind: 'open-docs' };

export interface AppMenuItem {
  type?: 'normal' | 'separator' | 'submenu';
  label?: string;
  role?: MenuRole;
  accelerator?: string;
  action?: MenuAction;
  submenu?: AppMenuItem[];
}

const separator: AppMenuItem = { type: 'separator' };
const settingsItem = (label: string): AppMenuItem => ({
  label,
  accelerator: 'CmdOrCtrl+,',
  action: { kind: 'page', command: { kind: 'navigate', route: 'settings' } },
});

/**
 * The application menu by platform convention: on macOS an app menu (About, Settings…, Services, Hide, Quit) and
 * File › Close Window; elsewhere File › Settings and Quit, and About under Help. Edit is there everywhere so copy
 * and paste work in the page; View offers reload and the developer tools only in development. Help links the
 * documentation only when the build knows where the project lives (see project-url.ts).
 */
export function appMenuTemplate(platform: NodeJS.Platform, isDev: boolean, hasDocs: boolean): AppMenuItem[] {
  const mac = platform === 'darwin';
  const menus: AppMenuItem[] = [];
  if (mac) {
    menus.push({
      label: 'Berth',
      submenu: [{ role: 'about' }, separator, settingsItem('Settings…'), separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
    });
    menus.push({ label: 'File', submenu: [{ role: 'close' }] });
  } else {
    menus.push({ label: '&File', submenu: [settingsItem('&Settings'), separator, { role: 'quit' }] });
  }
  menus.push({
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  });
  menus.push({
    label: mac ? 'View' : '&View',
    submenu: [
      ...(isDev ? [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  });
  menus.push({
    label: mac ? 'Window' : '&Window',
    ...(mac ? { role: 'window' as const } : {}),
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  });
  menus.push({
    label: mac ? 'Help' : '&Help',
    ...(mac ? { role: 'help' as const } : {}),
    submenu: [
      ...(hasDocs ? [{ label: 'Berth Documentation', action: { kind: 'open-docs' } } as const] : []),
      { label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', action: { kind: 'page', command: { kind: 'show-shortcuts' } } },
      ...(mac ? [] : [separator, { role: 'about' } as const]),
    ],
  });
  return menus;
}
