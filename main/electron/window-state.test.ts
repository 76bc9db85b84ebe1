import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreWindowState, WindowStateFile, type Rect } from './window-state';

const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const monitorRight: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };
const monitorLeftAbove: Rect = { x: -1920, y: -1080, width: 1920, height: 1040 };

describe('restoring the window', () => {
  it('opens at the default size, centred on the primary display, the first time', () => {
    expect(restoreWindowState(undefined, [laptop])).toEqual({ bounds: { x: 80, y: 53, width: 1280, height: 820 }, maximized: false });
    // A small screen gets a window that fits.
    expect(restoreWindowState(undefined, [{ x: 0, y: 0, width: 1024, height: 700 }]).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 700 });
  });

  it('puts the window back where it was, maximized or not, on any display', () => {
    expect(restoreWindowState({ x: 100, y: 80, width: 1000, height: 700, maximized: false }, [laptop, monitorRight])).toEqual({
      bounds: { x: 100, y: 80, width: 1000, height: 700 },
      maximized: false,
    });
    expect(restoreWindowState({ x: 2000, y: 200, width: 1600, height: 1000, maximized: true }, [laptop, monitorRight])).toEqual({
      bounds: { x: 2000, y: 200, width: 1600, height: 1000 },
      maximized: true,
    });
    expect(restoreWindowState({ x: -1800, y: -1000, width: 1200, height: 800, maximized: false }, [laptop, monitorLeftAbove]).bounds).toEqual({
      x: -1800,
      y: -1000,
      width: 1200,
      height: 800,
    });
  });

  it('brings a window from an unplugged monitor back to the primary display, keeping its size', () => {
    expect(restoreWindowState({ x: 2000, y: 200, width: 1200, height: 800, maximized: true }, [laptop])).toEqual({
      bounds: { x: 120, y: 63, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it('a window whose title bar is off screen (only its bottom edge shows) is brought back', () => {
    const restored = restoreWindowState({ x: 100, y: -780, width: 1000, height: 800, maximized: false }, [laptop]);
    expect(restored.bounds).toEqual({ x: 220, y: 63, width: 1000, height: 800 });
  });

  it('fits a window that is partly off its display, or bigger than it, inside the work area', () => {
    expect(restoreWindowState({ x: 1000, y: 500, width: 1000, height: 700, maximized: false }, [laptop]).bounds).toEqual({ x: 440, y: 200, width: 1000, height: 700 });
    expect(restoreWindowState({ x: 0, y: 25, width: 3000, height: 2000, maximized: false }, [laptop]).bounds).toEqual(laptop);
  });

  it('picks the display that holds most of a window spanning two', () => {
    const restored = restoreWindowState({ x: 1300, y: 100, width: 1200, height: 800, maximized: false }, [laptop, monitorRight]);
    expect(restored.bounds).toEqual({ x: 1440, y: 100, width: 1200, height: 800 });
  });
});

describe('window state file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips, and ignores a damaged file instead of failing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-window-'));
    dirs.push(dir);
    const logged: string[] = [];
    const file = new WindowStateFile(dir, (message) => logged.push(message));
    expect(file.read()).toBeUndefined();
    file.write({ x: -10, y: 20, width: 1000, height: 700, maximized: true });
    expect(file.read()).toEqual({ x: -10, y: 20, width: 1000, height: 700, maximized: true });
    expect(JSON.parse(readFileSync(file.file, 'utf8')).maximized).toBe(true);
    writeFileSync(file.file, '{"x": "left"}');
    expect(file.read()).toBeUndefined();
    expect(logged).toEqual([expect.stringMatching(/ignoring .*window-state\.json/)]);
    expect(logged).toHaveLength(1);
  });
});
