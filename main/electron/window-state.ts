import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 900, height: 560 } as const;
/** How much of a window's top strip (its title bar) must be on a display for the saved place to count as visible. */
const VISIBLE_TITLE = { width: 120, height: 32 } as const;

const windowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(100).max(100_000),
  height: z.number().int().min(100).max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

function overlap(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const width = Math.min(a.x + a.width, b.x + b.width) - x;
  const height = Math.min(a.y + a.height, b.y + b.height) - y;
  return width > 0 && height > 0 ? { x, y, width, height } : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

/**
 * Where to open the window: the saved place if its title bar is still on a display (a monitor unplugged or a
 * resolution changed since must not leave it off screen), fitted inside that display's work area; otherwise the
 * saved size (or the default) centred on the primary display. `displays` are work areas, primary first.
 */
export function restoreWindowState(saved: WindowState | undefined, displays: readonly Rect[]): { bounds: Rect; maximized: boolean } {
  const primary = displays[0];
  if (!primary) return { bounds: { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE }, maximized: saved?.maximized ?? false };
  if (!saved) return { bounds: centred(DEFAULT_WINDOW_SIZE, primary), maximized: false };
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: VISIBLE_TITLE.height };
  const home = displays
    .map((area) => ({ area, visible: overlap(titleBar, area) }))
    .filter(({ visible }) => visible && visible.width >= Math.min(VISIBLE_TITLE.width, saved.width) && visible.height >= Math.min(VISIBLE_TITLE.height, saved.height))
    .sort((a, b) => (overlap(saved, b.area)?.width ?? 0) * (overlap(saved, b.area)?.height ?? 0) - (overlap(saved, a.area)?.width ?? 0) * (overlap(saved, a.area)?.height ?? 0))[0]?.area;
  if (!home) return { bounds: centred(saved, primary), maximized: saved.maximized };
  const width = Math.min(saved.width, home.width);
  const height = Math.min(saved.height, home.height);
  return {
    bounds: { x: clamp(saved.x, home.x, home.x + home.width - width), y: clamp(saved.y, home.y, home.y + home.height - height), width, height },
    maximized: saved.maximized,
  };
}

/** The window's last place, kept in its own small file (not a setting: nobody edits it). */
export class WindowStateFile {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
  ) {
    this.file = path.join(dataDir, 'window-state.json');
  }

  /** The saved state, or undefined when there is none or it is unreadable (the window then opens centred). */
  read(): WindowState | undefined {
    try {
      return windowStateSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`ignoring ${this.file}`, err);
      return undefined;
    }
  }

  write(state: WindowState): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(temporary, JSON.stringify(windowStateSchema.parse(state)));
      renameSync(temporary, this.file);
    } catch (err) {
      this.log(`could not save the window's place to ${this.file}`, err);
    }
  }
}
