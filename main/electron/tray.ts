import path from 'node:path';
import { Menu, nativeImage, nativeTheme, Tray, type MenuItemConstructorOptions } from 'electron';
import type { TrayModel } from './tray-model';
import { trayIconFile, trayTemplate, trayTooltip, type TrayAction, type TrayItem, type TrayState } from './tray-template';

/** Turns the pure template into Electron's menu template; an item's action becomes its click. */
export function toTrayMenu(items: TrayItem[], perform: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.type === 'separator') return { type: 'separator' };
    const { action, submenu } = item;
    return {
      label: item.label ?? '',
      enabled: item.enabled ?? true,
      ...(submenu ? { submenu: toTrayMenu(submenu, perform) } : {}),
      ...(action ? { click: () => perform(action) } : {}),
    };
  });
}

/** The tray / menu-bar icon: rebuilt from the model's state whenever it changes, and when the bar turns light or dark. */
export class BerthTray {
  private readonly tray: Tray;
  private readonly offModel: () => void;
  private readonly onThemeChange = () => this.render(this.model.state);

  constructor(
    private readonly model: TrayModel,
    private readonly iconsDir: string,
    private readonly perform: (action: TrayAction) => void,
    subscribe: (listener: (state: TrayState) => void) => () => void,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.tray = new Tray(this.icon(model.state));
    // On Windows and Linux a click opens the window; the menu is on right-click (macOS shows the menu on click).
    if (platform !== 'darwin') this.tray.on('click', () => perform({ kind: 'open' }));
    nativeTheme.on('updated', this.onThemeChange);
    this.offModel = subscribe((state) => this.render(state));
    this.render(model.state);
  }

  dispose(): void {
    this.offModel();
    nativeTheme.off('updated', this.onThemeChange);
    this.tray.destroy();
  }

  private icon(state: TrayState) {
    const image = nativeImage.createFromPath(path.join(this.iconsDir, trayIconFile(state.engine.icon, this.platform, nativeTheme.shouldUseDarkColors)));
    if (this.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }

  private render(state: TrayState): void {
    if (this.tray.isDestroyed()) return;
    this.tray.setImage(this.icon(state));
    this.tray.setToolTip(trayTooltip(state));
    this.tray.setContextMenu(Menu.buildFromTemplate(toTrayMenu(trayTemplate(state), this.perform)));
  }
}
