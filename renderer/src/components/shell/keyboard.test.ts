import { describe, expect, it } from 'vitest';
import { mouseNavigation, shortcutFor, type KeyPress } from './keyboard';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, inTextField: false, mac: false, ...extra });

describe('shortcutFor', () => {
  it('opens the palette with Ctrl+K, or ⌘K on macOS (and not the other way round)', () => {
    expect(shortcutFor(press('k', { ctrlKey: true }))).toEqual({ kind: 'palette' });
    expect(shortcutFor(press('K', { metaKey: true, mac: true }))).toEqual({ kind: 'palette' });
    expect(shortcutFor(press('k', { metaKey: true }))).toBeUndefined();
    expect(shortcutFor(press('k', { ctrlKey: true, mac: true }))).toBeUndefined();
    expect(shortcutFor(press('k', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
  });

  it('goes to pages 1 to 9 with the modifier, even from a text field', () => {
    expect(shortcutFor(press('1', { ctrlKey: true, inTextField: true }))).toEqual({ kind: 'page', index: 0 });
    expect(shortcutFor(press('9', { metaKey: true, mac: true }))).toEqual({ kind: 'page', index: 8 });
    expect(shortcutFor(press('0', { ctrlKey: true }))).toBeUndefined();
  });

  it("focuses the page's filter with / unless the user is typing", () => {
    expect(shortcutFor(press('/'))).toEqual({ kind: 'filter' });
    expect(shortcutFor(press('/', { inTextField: true }))).toBeUndefined();
  });

  it('goes back and forward with Alt+arrows and the mouse side buttons', () => {
    expect(shortcutFor(press('ArrowLeft', { altKey: true }))).toEqual({ kind: 'back' });
    expect(shortcutFor(press('ArrowRight', { altKey: true }))).toEqual({ kind: 'forward' });
    expect(shortcutFor(press('ArrowLeft'))).toBeUndefined();
    expect(shortcutFor(press('ArrowLeft', { altKey: true, inTextField: true }))).toBeUndefined();
    expect([0, 1, 2, 3, 4].map(mouseNavigation)).toEqual([undefined, undefined, undefined, 'back', 'forward']);
  });
});
