import { z } from 'zod';
import { call, stream } from './define';

/** What the program around the UI can do: the Electron app has native pickers and menus; browser mode has neither. */
export interface HostInfo {
  shell: 'electron' | 'browser';
  /** The main process's `process.platform`. */
  platform: string;
  /** Whether `dialog.pickPath` can open native file and folder pickers. */
  pickers: boolean;
}

export const PICK_KINDS = ['file', 'folder', 'save'] as const;

export const pickPathInputSchema = z
  .object({
    kind: z.enum(PICK_KINDS),
    title: z.string().max(200).optional(),
    /** A folder to start in, or a file name to suggest when saving. */
    defaultPath: z.string().max(4096).optional(),
    /** File types, e.g. `{ name: 'Tar archives', extensions: ['tar', 'tar.gz'] }` (no dots). */
    filters: z
      .array(
        z
          .object({
            name: z.string().min(1).max(100),
            extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9][A-Za-z0-9._-]{0,19})$/, 'an extension without the dot, or *')).min(1).max(20),
          })
          .strict(),
      )
      .max(10)
      .optional(),
  })
  .strict();
export type PickPathInput = z.infer<typeof pickPathInputSchema>;

export type PickPathResult = { status: 'picked'; path: string } | { status: 'cancelled' } | { status: 'unavailable'; reason: string };

/** What the desktop app's menus and tray ask the page to do; `route` is a hash route without `#/`, e.g. `settings`. */
export type HostCommand = { kind: 'navigate'; route: string } | { kind: 'show-shortcuts' };

const empty = z.object({}).strict();

export const hostContract = {
  'host.info': call(empty).returns<HostInfo>(),
  /** A native file, folder or save-as picker; in browser mode it answers `unavailable` and the user types the path. */
  'dialog.pickPath': call(pickPathInputSchema).returns<PickPathResult>(),
  /** Commands from the application menu and the tray (never emits in browser mode). */
  'host.commands': stream(empty).emits<HostCommand>(),
};
