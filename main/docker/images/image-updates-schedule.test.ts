import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineConnection } from '../../engine/connection';
import { ImageUpdates } from './image-updates';

describe('scheduled image update checks', () => {
  const made: ImageUpdates[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const updates of made.splice(0)) updates.dispose();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function schedule(online: boolean, savingPower: boolean) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-upd-'));
    dirs.push(dir);
    let lookups = 0;
    const updates = new ImageUpdates(
      new EngineConnection(),
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
});
