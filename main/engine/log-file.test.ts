import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followFile, rotateLogIfLarge, tailLines } from './log-file';

describe('engine log file', () => {
  let dir: string;
  let log: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-log-'));
    log = path.join(dir, 'dockerd.log');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rotates by copy and truncate, keeping the newest old files', async () => {
    await writeFile(log, 'first\n'.repeat(10));
    expect(await rotateLogIfLarge(log, 1000)).toBe(false);
    expect(await rotateLogIfLarge(log, 10)).toBe(true);
    await writeFile(log, 'second\n'.repeat(10), { flag: 'a' });
    expect(await rotateLogIfLarge(log, 10, 2)).toBe(true);
    await writeFile(log, 'third\n'.repeat(10), { flag: 'a' });
    expect(await rotateLogIfLarge(log, 10, 2)).toBe(true);
    expect(await readFile(log, 'utf8')).toBe('');
    expect(await readFile(`${log}.1`, 'utf8')).toContain('third');
    expect(await readFile(`${log}.2`, 'utf8')).toContain('second');
    expect(existsSync(`${log}.3`)).toBe(false);
  });

  it('returns the last lines, and nothing for a missing file', async () => {
    await writeFile(log, 'a\nb\nc\nd\n');
    expect(await tailLines(log, 2)).toEqual({ lines: ['c', 'd'], size: 8 });
    expect(await tailLines(path.join(dir, 'missing.log'), 5)).toEqual({ lines: [], size: 0 });
  });

  it('follows appended lines, holds back a partial line, and starts over after a rotation', async () => {
    await writeFile(log, 'old\n');
    const seen: string[] = [];
    let wake: () => void = () => undefined;
    const stop = followFile(log, 4, (lines) => {
      seen.push(...lines);
      wake();
    }, 20);
    const next = () => new Promise<void>((resolve) => (wake = resolve));
    try {
      let arrived = next();
      await appendFile(log, 'one\ntw');
      await arrived;
      expect(seen).toEqual(['one']);
      arrived = next();
      await appendFile(log, 'o\n');
      await arrived;
      expect(seen).toEqual(['one', 'two']);
      await rotateLogIfLarge(log, 1);
      arrived = next();
      await appendFile(log, 'after rotation\n');
      await arrived;
      expect(seen).toEqual(['one', 'two', 'after rotation']);
    } finally {
      stop();
    }
  });
});
