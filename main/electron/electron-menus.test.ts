import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({
  Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => undefined },
  Tray: class {},
  nativeImage: { createFromPath: () => ({ setTemplateImage: () => undefined }) },
  nativeTheme: { on: () => undefined, off: () => undefined, shouldUseDarkColors: false },
}));

const { toElectronMenu } = await import('./app-menu');
const { toTrayMenu } = await import('./tray');
const { appMenuTemplate } = await import('./app-menu-template');
const { trayTemplate } = await import('./tray-template');

describe('Electron menus from the templates', () => {
  it('the application menu keeps roles and accelerators, and a click runs the item action', () => {
    const run = vi.fn();
    const menu = toElectronMenu(appMenuTemplate('darwin', false, true), run);
    const appMenu = menu[0]!.submenu as { role?: string; label?: string; accelerator?: string; click?: () => void; type?: string }[];
    expect(appMenu[0]).toEqual({ role: 'about' });
    expect(appMenu[1]).toEqual({ type: 'separator' });
    const settings = appMenu.find((item) => item.label === 'Settings…')!;
    expect(settings.accelerator).toBe('CmdOrCtrl+,');
    settings.click!();
    expect(run).toHaveBeenCalledWith({ kind: 'page', command: { kind: 'navigate', route: 'settings' } });
  });

  it('the tray menu keeps enabled states and submenus, and a click performs the action', () => {
    const perform = vi.fn();
    const menu = toTrayMenu(
      trayTemplate({ engine: { icon: 'running', label: 'Running', name: 'local' }, containers: [{ id: 'c1', name: 'web' }] }),
      perform,
    ) as { label?: string; enabled?: boolean; click?: () => void; submenu?: { label: string; click: () => void }[] }[];
    expect(menu.find((item) => item.label?.startsWith('Engine:'))?.enabled).toBe(false);
    const web = menu.find((item) => item.label === 'web')!;
    web.submenu!.find((item) => item.label === 'Stop')!.click();
    menu.find((item) => item.label === 'Quit Berth')!.click!();
    expect(perform.mock.calls).toEqual([[{ kind: 'container', op: 'stop', id: 'c1' }], [{ kind: 'quit' }]]);
  });
});
