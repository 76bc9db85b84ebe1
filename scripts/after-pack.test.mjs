import path from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { createAfterPack } from './after-pack.mjs';

const ARCH = { x64: 1, arm64: 3 };

function context(electronPlatformName, arch = ARCH.x64) {
  return {
    appOutDir: '/dist/unpacked',
    electronPlatformName,
    arch,
    packager: { appInfo: { productFilename: 'Berth' }, executableName: 'berth' },
  };
}

function hook(env = {}) {
  const flips = [];
  const run = createAfterPack({ flip: async (target, config) => void flips.push({ target, config }), env, log: () => undefined });
  return { run, flips };
}

describe('afterPack fuse hook', () => {
  it('turns off Node mode, NODE_OPTIONS and --inspect, turns on cookie encryption and asar-only loading', async () => {
    const { run, flips } = hook();
    await run(context('linux'));
    expect(flips).toEqual([
      {
        target: path.join('/dist/unpacked', 'berth'),
        config: {
          version: FuseVersion.V1,
          resetAdHocDarwinSignature: false,
          [FuseV1Options.RunAsNode]: false,
          [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
          [FuseV1Options.EnableNodeCliInspectArguments]: false,
          [FuseV1Options.EnableCookieEncryption]: true,
          [FuseV1Options.OnlyLoadAppFromAsar]: true,
        },
      },
    ]);
  });

  it('finds the executable per platform and resets the ad-hoc signature only on Apple silicon', async () => {
    const { run, flips } = hook();
    await run(context('darwin', ARCH.arm64));
    await run(context('darwin', ARCH.x64));
    await run(context('win32', ARCH.arm64));
    expect(flips.map(({ target, config }) => [target, config.resetAdHocDarwinSignature])).toEqual([
      [path.join('/dist/unpacked', 'Berth.app'), true],
      [path.join('/dist/unpacked', 'Berth.app'), false],
      [path.join('/dist/unpacked', 'Berth.exe'), false],
    ]);
  });

  it('leaves the fuses alone in a test build', async () => {
    for (const value of ['1', 'true']) {
      const { run, flips } = hook({ BERTH_TEST_BUILD: value });
      await run(context('linux'));
      expect(flips).toEqual([]);
    }
    const { run, flips } = hook({ BERTH_TEST_BUILD: '0' });
    await run(context('linux'));
    expect(flips).toHaveLength(1);
  });

  it('fails the build when the fuses cannot be flipped', async () => {
    const run = createAfterPack({ flip: async () => Promise.reject(new Error('Could not find fuse wire')), env: {}, log: () => undefined });
    await expect(run(context('linux'))).rejects.toThrow(/fuse wire/);
  });
});
