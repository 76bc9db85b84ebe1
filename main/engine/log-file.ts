import { open, rename, stat, truncate, copyFile, rm } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

/**
 * Rotations done by this process, per file: a follower cannot always tell a rotation from the size alone (the writer
 * may have written past the old position again before the next poll), so it compares this count too.
 */
const rotations = new Map<string, number>();

/**
 * Rotates a log that another process appends to (copy, then truncate in place: the writer keeps its O_APPEND file
 * descriptor and simply continues at the new end). Keeps `keep` old files: `log.1` is the newest.
 */
export async function rotateLogIfLarge(file: string, maxBytes: number, keep = 2): Promise<boolean> {
  const size = await stat(file).then((info) => info.size, () => 0);
  if (size <= maxBytes) return false;
  await rm(`${file}.${keep}`, { force: true });
  for (let index = keep - 1; index >= 1; index--) {
    await rename(`${file}.${index}`, `${file}.${index + 1}`).catch(() => undefined);
  }
  await copyFile(file, `${file}.1`);
  await truncate(file, 0);
  rotations.set(file, (rotations.get(file) ?? 0) + 1);
  return true;
}

/** The last `count` lines of a file (reading at most `maxBytes` from its end). */
export async function tailLines(file: string, count: number, maxBytes = 512 * 1024): Promise<{ lines: string[]; size: number }> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return { lines: [], size: 0 };
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    if (start > 0) lines.shift(); // the first line is cut
    if (lines.at(-1) === '') lines.pop();
    return { lines: count === 0 ? [] : lines.slice(-count), size };
  } finally {
    await handle.close();
  }
}

/**
 * Follows a growing file from `offset`, calling `onLines` with complete new lines. Polling (not fs.watch) because it
 * works the same on every platform and file system; a file that shrank or that
 * `rotateLogIfLarge` rotated is read again from its start.
 */
export function followFile(file: string, offset: number, onLines: (lines: string[]) => void, intervalMs = 400): () => void {
  let position = offset;
  let rotationsSeen = rotations.get(file) ?? 0;
  let partial = '';
  let decoder = new StringDecoder('utf8');
  let reading = false;
  let stopped = false;

  const poll = async () => {
    if (reading || stopped) return;
    reading = true;
    try {
      const size = await stat(file).then((info) => info.size, () => 0);
      const rotated = (rotations.get(file) ?? 0) !== rotationsSeen;
      rotationsSeen = rotations.get(file) ?? 0;
      if (size < position || rotated) {
        position = 0;
        partial = '';
        decoder = new StringDecoder('utf8');
      }
      if (size === position) return;
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(Math.min(size - position, 1024 * 1024));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        position += bytesRead;
        const text = partial + decoder.write(buffer.subarray(0, bytesRead));
        const lines = text.split('\n');
        partial = lines.pop() ?? '';
        if (lines.length && !stopped) onLines(lines);
      } finally {
        await handle.close();
      }
    } catch {
      // The file may be mid-rotation or not exist yet: the next poll tries again.
    } finally {
      reading = false;
    }
  };

  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
