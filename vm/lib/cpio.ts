// A writer for the "newc" cpio format, the one the Linux kernel unpacks as an initramfs
// (Documentation/driver-api/early-userspace/buffer-format.rst). Only what an initramfs needs: directories, regular
// files, symlinks and device nodes, all owned by root, no hard links.

export type CpioEntry =
  | { type: 'dir'; path: string; mode: number }
  | { type: 'file'; path: string; mode: number; data: Uint8Array }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'chardev'; path: string; mode: number; major: number; minor: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

const hex8 = (n: number): string => {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`cpio: field out of range: ${n}`);
  return n.toString(16).padStart(8, '0');
};
const pad4 = (n: number): Buffer => Buffer.alloc((4 - (n % 4)) % 4);

function header(fields: { ino: number; mode: number; nlink: number; size: number; rmajor: number; rminor: number; name: string; mtime: number }): Buffer {
  const name = Buffer.from(`${fields.name}\0`, 'utf8');
  const head = Buffer.from(
    '070701' +
      [fields.ino, fields.mode, 0, 0, fields.nlink, fields.mtime, fields.size, 0, 0, fields.rmajor, fields.rminor, name.length, 0]
        .map(hex8)
        .join(''),
    'ascii',
  );
  return Buffer.concat([head, name, pad4(head.length + name.length)]);
}

/** Archive paths are relative ("usr/bin/x"); a leading "./" or "/" is removed. */
export function normalizeCpioPath(path: string): string {
  const p = path.replace(/^(\.\/|\/)+/, '');
  if (p === '' || p.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) throw new Error(`cpio: bad path ${JSON.stringify(path)}`);
  return p;
}

/** The bytes of one entry (header, name, data, padding); `ino` must be unique per archive. */
export function encodeEntry(e: CpioEntry, ino: number, mtime = 0): Buffer[] {
  const name = normalizeCpioPath(e.path);
  switch (e.type) {
    case 'dir':
      return [header({ ino, mode: S_IFDIR | (e.mode & 0o7777), nlink: 2, size: 0, rmajor: 0, rminor: 0, name, mtime })];
    case 'file':
      return [
        header({ ino, mode: S_IFREG | (e.mode & 0o7777), nlink: 1, size: e.data.length, rmajor: 0, rminor: 0, name, mtime }),
        Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength),
        pad4(e.data.length),
      ];
    case 'symlink': {
      const target = Buffer.from(e.target, 'utf8');
      return [header({ ino, mode: S_IFLNK | 0o777, nlink: 1, size: target.length, rmajor: 0, rminor: 0, name, mtime }), target, pad4(target.length)];
    }
    case 'chardev':
      return [header({ ino, mode: S_IFCHR | (e.mode & 0o7777), nlink: 1, size: 0, rmajor: e.major, rminor: e.minor, name, mtime })];
  }
}

export const cpioTrailer = (): Buffer => header({ ino: 0, mode: 0, nlink: 1, size: 0, rmajor: 0, rminor: 0, name: 'TRAILER!!!', mtime: 0 });

/** Encodes entries in the given order (a directory must come before what it holds), then the trailer. */
export function* encodeCpio(entries: Iterable<CpioEntry>, mtime = 0): Generator<Buffer> {
  let ino = 1;
  for (const e of entries) yield* encodeEntry(e, ino++, mtime);
  yield cpioTrailer();
}

/** The same for entries produced asynchronously (files read one at a time while the compressor consumes them). */
export async function* encodeCpioAsync(entries: AsyncIterable<CpioEntry>, mtime = 0): AsyncGenerator<Buffer> {
  let ino = 1;
  for await (const e of entries) yield* encodeEntry(e, ino++, mtime);
  yield cpioTrailer();
}

export interface CpioMember {
  name: string;
  mode: number;
  data: Buffer;
  rmajor: number;
  rminor: number;
}

/** Reads a newc archive back (for checks and tests); stops at the trailer. */
export function parseCpio(buf: Buffer): CpioMember[] {
  const out: CpioMember[] = [];
  const align = (n: number): number => (n + 3) & ~3;
  let off = 0;
  for (;;) {
    if (buf.toString('ascii', off, off + 6) !== '070701') throw new Error(`cpio: no newc header at offset ${off}`);
    const field = (i: number): number => parseInt(buf.toString('ascii', off + 6 + i * 8, off + 14 + i * 8), 16);
    const size = field(6);
    const nameSize = field(11);
    const name = buf.toString('utf8', off + 110, off + 110 + nameSize - 1);
    const dataStart = align(off + 110 + nameSize);
    if (name === 'TRAILER!!!') return out;
    out.push({ name, mode: field(1), data: buf.subarray(dataStart, dataStart + size), rmajor: field(9), rminor: field(10) });
    off = align(dataStart + size);
  }
}
