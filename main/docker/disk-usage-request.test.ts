import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { readDiskUsage } from './disk-usage-request';

function fakeEngine(answers: (() => Promise<unknown>)[]) {
  let calls = 0;
  const docker = { df: () => answers[Math.min(calls++, answers.length - 1)]!() } as unknown as Docker;
  return { docker, calls: () => calls };
}

describe('readDiskUsage', () => {
  it('shares one engine request between callers asking at the same time', async () => {
    const engine = fakeEngine([() => new Promise((resolve) => setTimeout(() => resolve({ Volumes: [] }), 20))]);
    const [first, second] = await Promise.all([readDiskUsage(engine.docker), readDiskUsage(engine.docker)]);
    expect(first).toBe(second);
    expect(engine.calls()).toBe(1);
    await readDiskUsage(engine.docker);
    expect(engine.calls()).toBe(2);
  });

  it('waits out a scan the engine is already running for someone else', async () => {
    const busy = () => Promise.reject(Object.assign(new Error('(HTTP code 500) server error - a disk usage operation is already running'), { statusCode: 500 }));
    const engine = fakeEngine([busy, busy, () => Promise.resolve({ Images: [] })]);
    await expect(readDiskUsage(engine.docker)).resolves.toEqual({ Images: [] });
    expect(engine.calls()).toBe(3);
  });

  it('passes any other failure on at once', async () => {
    const engine = fakeEngine([() => Promise.reject(Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }))]);
    await expect(readDiskUsage(engine.docker)).rejects.toThrow('ENOENT');
    expect(engine.calls()).toBe(1);
  });
});
