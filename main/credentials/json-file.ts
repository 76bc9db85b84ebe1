import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { writeFileAtomically } from '../files/atomic-file';

/**
 * A small JSON document on disk, validated on read and replaced atomically on write (temp file + rename), so a
 * crash never leaves half a file. Writes are serialized per instance.
 */
export class JsonFile<T> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly filePath: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
    private readonly mode = 0o600,
  ) {}

  async read(): Promise<T> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.empty();
      throw err;
    }
    const parsed = this.schema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.filePath} is damaged (${parsed.error.issues[0]?.message ?? 'unexpected content'}); fix or remove it.`);
    return parsed.data;
  }

  /** Reads, changes and writes the document as one step with respect to other updates. */
  update<R>(change: (current: T) => { next: T; result: R } | Promise<{ next: T; result: R }>): Promise<R> {
    const run = this.queue.then(async () => {
      const { next, result } = await change(await this.read());
      await mkdir(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
      await writeFileAtomically(this.filePath, `${JSON.stringify(next, null, 2)}\n`, { mode: this.mode });
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
