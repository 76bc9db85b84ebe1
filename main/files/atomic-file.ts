import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { link, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Files Berth writes for the user (an image export, a Compose file, settings, contexts) appear complete or not at all:
 * the bytes go to a hidden temporary name in the same folder (so the final rename never crosses file systems) and the
 * name the user asked for is taken only at the end. A failed, cancelled or killed write leaves at most a `.part` file
 * that is hidden and says what it is, never a truncated file under the user's name.
 */
export interface AtomicWriteOptions {
  /** Permission bits of the new file (default 0o644). */
  mode?: number;
  /** Refuse (EEXIST) when the target exists instead of replacing it. */
  exclusive?: boolean;
}

/** The hidden sibling a write goes to first: `.<name>.berth-<random>.part`. */
export function temporarySibling(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.berth-${randomBytes(4).toString('hex')}.part`);
}

/** Gives the finished temporary file the target's name: replacing it, or (exclusive) only if there is none. */
async function publish(temporary: string, target: string, exclusive: boolean): Promise<void> {
  if (!exclusive) return rename(temporary, target);
  // link() fails with EEXIST instead of replacing, so a file that appeared meanwhile is never overwritten.
  await link(temporary, target);
  await rm(temporary, { force: true });
}

export async function writeFileAtomically(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temporary = temporarySibling(target);
  try {
    await writeFile(temporary, data, { mode: options.mode ?? 0o644, flag: 'wx' });
    await publish(temporary, target, options.exclusive ?? false);
  } finally {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

/** A stream into a temporary sibling of `target`: `commit()` after it finished gives it the name, `discard()` removes it. */
export interface AtomicFileStream {
  readonly stream: WriteStream;
  readonly temporaryPath: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export function atomicFileStream(target: string, options: AtomicWriteOptions = {}): AtomicFileStream {
  const temporaryPath = temporarySibling(target);
  const stream = createWriteStream(temporaryPath, { flags: 'wx', mode: options.mode ?? 0o644 });
  const discard = async () => {
    stream.destroy();
    await rm(temporaryPath, { force: true }).catch(() => undefined);
  };
  return {
    stream,
    temporaryPath,
    commit: async () => {
      try {
        await publish(temporaryPath, target, options.exclusive ?? false);
      } catch (err) {
        await discard();
        throw err;
      }
    },
    discard,
  };
}
