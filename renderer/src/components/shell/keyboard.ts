/** What a key press asks the shell to do (pure, so the mapping is tested without a DOM). */
export type ShortcutCommand =
  | { kind: 'palette' }
  | { kind: 'page'; index: number }
  | { kind: 'filter' }
  | { kind: 'back' }
  | { kind: 'forward' };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** The focus is in a text field, where `/` types a slash. */
  inTextField: boolean;
  /** macOS uses ⌘ where the others use Ctrl. */
  mac: boolean;
}

export function shortcutFor(press: KeyPress): ShortcutCommand | undefined {
  const mod = press.mac ? press.metaKey && !press.ctrlKey : press.ctrlKey && !press.metaKey;
  if (mod && !press.altKey && !press.shiftKey && press.key.toLowerCase() === 'k') return { kind: 'palette' };
  if (mod && !press.altKey && !press.shiftKey && /^[1-9]$/.test(press.key)) return { kind: 'page', index: Number(press.key) - 1 };
  // In a text field Alt+arrows move the caret by word (Option+arrows on macOS): leave them to it.
  if (press.altKey && !press.ctrlKey && !press.metaKey && !press.shiftKey && !press.inTextField) {
    if (press.key === 'ArrowLeft') return { kind: 'back' };
    if (press.key === 'ArrowRight') return { kind: 'forward' };
  }
  if (press.key === '/' && !press.inTextField && !press.ctrlKey && !press.metaKey && !press.altKey) return { kind: 'filter' };
  return undefined;
}

/** Mouse buttons 3 and 4 (the side buttons) go back and forward. */
export function mouseNavigation(button: number): 'back' | 'forward' | undefined {
  return button === 3 ? 'back' : button === 4 ? 'forward' : undefined;
}

/** The list shown under Help and in the palette; `Mod` is shown as ⌘ on macOS and Ctrl elsewhere. */
export const SHORTCUTS: { keys: string[]; description: string }[] = [
  { keys: ['Mod', 'K'], description: 'Open the command palette: pages, containers, images, volumes, networks and actions' },
  { keys: ['Mod', '1…9'], description: 'Go to the first nine pages of the sidebar' },
  { keys: ['/'], description: "Focus the page's filter" },
  { keys: ['↑', '↓'], description: 'Move through the palette' },
  { keys: ['Enter'], description: 'Run the palette entry, or confirm a dialog' },
  { keys: ['Esc'], description: 'Close the palette or a dialog (in the palette, step back first)' },
  { keys: ['Alt', '←'], description: 'Back (also the mouse back button)' },
  { keys: ['Alt', '→'], description: 'Forward (also the mouse forward button)' },
];

export function isMac(platform: string = navigator.platform): boolean {
  return /mac/i.test(platform);
}

export function keyLabel(key: string, mac: boolean): string {
  return key === 'Mod' ? (mac ? '⌘' : 'Ctrl') : key;
}
