import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type AppMenuItem } from './app-menu-template';

function find(items: AppMenuItem[], predicate: (item: AppMenuItem) => boolean): AppMenuItem | undefined {
  for (const item of items) {
    if (predicate(item)) return item;
    const inner = item.submenu && find(item.submenu, predicate);
    if (inner) return inner;
  }
  return undefined;
}

const roles = (menu: AppMenuItem | undefined) => menu?.submenu?.map((item) => item.role ?? item.label ?? '-');

describe('application menu', () => {
  it('macOS: an app menu with About, Settings…, Services, Hide and Quit, then File, Edit, View, Window, Help', () => {
    const menu = appMenuTemplate('darwin', false, true);
    expect(menu.map((item) => item.label)).toEqual(['Berth', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(menu[0])).toEqual(['about', '-', 'Settings…', '-', 'services', '-', 'hide', 'hideOthers', 'unhide', '-', 'quit']);
    expect(menu[0]!.submenu![2]).toEqual({ label: 'Settings…', accelerator: 'CmdOrCtrl+,', action: { kind: 'page', command: { kind: 'navigate', route: 'settings' } } });
    expect(roles(menu[1])).toEqual(['close']);
    expect(roles(menu[2])).toContain('pasteAndMatchStyle');
    expect(menu[4]).toMatchObject({ role: 'window' });
    expect(roles(menu[5])).toEqual(['Berth Documentation', 'Keyboard Shortcuts']);
  });

  it('Windows and Linux: File with Settings and Quit, About under Help, mnemonics on the menus', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const menu = appMenuTemplate(platform, false, true);
      expect(menu.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
      expect(roles(menu[0])).toEqual(['&Settings', '-', 'quit']);
      expect(roles(menu[4])).toEqual(['Berth Documentation', 'Keyboard Shortcuts', '-', 'about']);
      expect(find(menu, (item) => item.role === 'pasteAndMatchStyle' || item.role === 'services' || item.role === 'hide')).toBeUndefined();
    }
  });

  it('copy and paste work everywhere: Edit has the roles the page needs', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const edit = appMenuTemplate(platform, false, true).find((item) => item.label?.replace('&', '') === 'Edit');
      expect(roles(edit)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    }
  });

  it('reload and the developer tools only in development', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const released = appMenuTemplate(platform, false, true);
      const development = appMenuTemplate(platform, true, true);
      for (const role of ['reload', 'forceReload', 'toggleDevTools'] as const) {
        expect(find(released, (item) => item.role === role)).toBeUndefined();
        expect(find(development, (item) => item.role === role)).toBeDefined();
      }
      expect(find(released, (item) => item.role === 'togglefullscreen')).toBeDefined();
    }
  });

  it('Help opens the docs and lists the keyboard shortcuts in the page', () => {
    const menu = appMenuTemplate('linux', false, true);
    expect(find(menu, (item) => item.label === 'Berth Documentation')?.action).toEqual({ kind: 'open-docs' });
    expect(find(menu, (item) => item.label === 'Keyboard Shortcuts')?.action).toEqual({ kind: 'page', command: { kind: 'show-shortcuts' } });
  });

  it('leaves the docs out of a build that does not know where the project lives, keeping the shortcuts', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const menu = appMenuTemplate(platform, false, false);
      expect(find(menu, (item) => item.label === 'Berth Documentation')).toBeUndefined();
      expect(find(menu, (item) => item.label === 'Keyboard Shortcuts')).toBeDefined();
    }
  });
});
