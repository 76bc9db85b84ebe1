import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { EngineConnection } from '../../engine/connection';
import { ImageUpdates } from './image-updates';

describe('scheduled image update checks', () => {
  const made: ImageUpdates[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const updates of made.splice(0)) updates.dispose();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  async function schedule(online: boolean, savingPower: boolean, engine = new EngineConnection()) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-upd-'));
    dirs.push(dir);
    let lookups = 0;
    const updates = new ImageUpdates(
      engine,
      async () => {
        lookups++;
        return 'sha256:x';
      },
      async () => undefined,
      dir,
      () => online,
      () => savingPower,
    );
    made.push(updates);
    return { updates, lookups: () => lookups };
  }

  it('waits while the computer is offline or on battery, and says which', async () => {
    const offline = await schedule(false, false);
    await offline.updates.tick();
    expect(offline.updates.status().skipped).toMatch(/offline/);

    const battery = await schedule(true, true);
    await battery.updates.tick();
    expect(battery.updates.status().skipped).toMatch(/battery/);
    expect(battery.updates.status().lastCheckAt).toBeUndefined();
  });

  it('checks at the first tick, then once per interval, and never when turned off', async () => {
    // Only the schedule's clock is faked: the engine's sockets keep their real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const engine = new EngineConnection(inject('testEngine').dockerHost);
    const { updates } = await schedule(true, false, engine);
    const check = vi.spyOn(updates, 'check');
    // setTimeout is real: wait for a check under way to finish without starting one.
    const settle = async () => {
      while (updates.status().checking) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    try {
      expect(updates.status().intervalHours).toBe(6);
      await vi.advanceTimersByTimeAsync(60_000);
      await settle();
      expect(check).toHaveBeenCalledTimes(1);
      const first = updates.status().lastCheckAt!;
      expect(first).toBeGreaterThan(0);

      // 5 h 58 min later: not due yet.
      await vi.advanceTimersByTimeAsync(358 * 60_000);
      await settle();
      expect(check).toHaveBeenCalledTimes(1);
      // Past 6 h: the next tick checks again.
      await vi.advanceTimersByTimeAsync(3 * 60_000);
      await settle();
      expect(check).toHaveBeenCalledTimes(2);
      expect(updates.status().lastCheckAt).toBeGreaterThanOrEqual(first + 6 * 3600_000);

      updates.setInterval(0);
      await vi.advanceTimersByTimeAsync(24 * 3600_000);
      expect(check).toHaveBeenCalledTimes(2);
    } finally {
      engine.stop();
    }
  });
});
