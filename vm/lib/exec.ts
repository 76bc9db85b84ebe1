// Running the build host's tools (dpkg-deb, xz, zstd, depmod, gpgv) with their error output kept for the message.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export async function run(cmd: string, args: string[], opts: { input?: Buffer; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new Error(`${cmd} not found: install it on the build host (see vm/README.md)`) : e),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${Buffer.concat(err).toString().trim().slice(-2000)}`));
    });
    child.stdin.end(opts.input);
  });
}

/** Streams chunks through `cmd` (a compressor reading stdin, writing stdout) into `outFile`. */
export async function pipeThrough(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, cmd: string, args: string[], outFile: string): Promise<void> {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const err: Buffer[] = [];
  child.stderr.on('data', (c: Buffer) => err.push(c));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new Error(`${cmd} not found: install it on the build host (see vm/README.md)`) : e),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} failed (exit ${code}): ${Buffer.concat(err).toString().trim()}`))));
  });
  await Promise.all([pipeline(chunks, child.stdin), pipeline(child.stdout, createWriteStream(outFile)), exited]);
}

export async function writeChunks(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, outFile: string): Promise<void> {
  await pipeline(chunks, createWriteStream(outFile));
}

export async function sha256File(path: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
