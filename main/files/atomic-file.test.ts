import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicFileStream, writeFileAtomically } from './atomic-file';

let dir: string;
beforeEach(async () => (dir = await mkdtemp('/tmp/baf-')));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('replaces the file whole with the mode asked for and leaves no temporary file', async () => {
    const target = path.join(dir, 'settings.json');
    await writeFile(target, 'old');
    await writeFileAtomically(target, 'new', { mode: 0o600 });
    expect(await readFile(target, 'utf8')).toBe('new');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('refuses an existing file when exclusive, keeping it untouched', async () => {
    const target = path.join(dir, 'export.tar');
    await writeFile(target, 'the user’s file');
    await expect(writeFileAtomically(target, 'other', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(target, 'utf8')).toBe('the user’s file');
    expect(await readdir(dir)).toEqual(['export.tar']);
  });
});

describe('atomicFileStream', () => {
  it('shows nothing under the target name until commit', async () => {
    const target = path.join(dir, 'image.tar');
    const file = atomicFileStream(target, { exclusive: true });
    await pipeline(Readable.from([Buffer.from('abc'), Buffer.from('def')]), file.stream);
    expect(await readdir(dir)).toEqual([path.basename(file.temporaryPath)]);
    expect(path.basename(file.temporaryPath)).toMatch(/^\.image\.tar\.berth-[0-9a-f]{8}\.part$/);
    await file.commit();
    expect(await readdir(dir)).toEqual(['image.tar']);
    expect(await readFile(target, 'utf8')).toBe('abcdef');
  });

  it('leaves no file at all when the source fails mid-way and the write is discarded', async () => {
    const target = path.join(dir, 'image.tar');
    const file = atomicFileStream(target);
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, 1));
        this.destroy(new Error('engine gone'));
      },
    });
    await expect(pipeline(failing, file.stream)).rejects.toThrow('engine gone');
    await file.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses at commit when the target appeared meanwhile, and removes its own bytes', async () => {
    const target = path.join(dir, 'image.tar');
    const file = atomicFileStream(target, { exclusive: true });
    await pipeline(Readable.from([Buffer.from('mine')]), file.stream);
    await writeFile(target, 'someone else’s');
    await expect(file.commit()).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readdir(dir)).toEqual(['image.tar']);
    expect(await readFile(target, 'utf8')).toBe('someone else’s');
  });
});
