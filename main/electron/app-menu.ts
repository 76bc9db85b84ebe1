import { Menu, type MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate, type AppMenuItem, type MenuAction } from './app-menu-template';

/** Turns the pure template into Electron's; roles pass through, an action becomes a click. */
export function toElectronMenu(items: AppMenuItem[], run: (action: MenuAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.type === 'separator') return { type: 'separator' };
    const { action, submenu, role, label, accelerator } = item;
    return {
      ...(label ? { label } : {}),
      ...(role ? { role } : {}),
      ...(accelerator ? { accelerator } : {}),
      ...(submenu ? { submenu: toElectronMenu(submenu, run) } : {}),
      ...(action ? { click: () => run(action) } : {}),
    };
  });
}

export function installAppMenu(platform: NodeJS.Platform, isDev: boolean, hasDocs: boolean, run: (action: MenuAction) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronMenu(appMenuTemplate(platform, isDev, hasDocs), run)));
}
