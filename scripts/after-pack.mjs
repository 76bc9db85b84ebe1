// electron-builder's afterPack hook: flips Electron's fuses in the packaged binary, before it is signed and wrapped
// into installers. A test build (BERTH_TEST_BUILD=1) keeps the stock fuses so Playwright can drive it (it needs the
// inspector arguments that the fuses turn off).
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import path from 'node:path';

/** What Berth's packaged app may do: no Node mode, no NODE_OPTIONS, no --inspect, encrypted cookies, app only from its asar. */
export const BERTH_FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
};

/** electron-builder's `Arch.arm64`. */
const ARCH_ARM64 = 3;

/** The packaged Electron executable the fuses live in: the .app bundle on macOS, the .exe on Windows, the binary on Linux. */
export function packagedElectronPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${name}.app`);
    case 'win32':
      return path.join(appOutDir, `${name}.exe`);
    default:
      return path.join(appOutDir, packager.executableName);
  }
}

export function fuseConfig(context) {
  return {
    version: FuseVersion.V1,
    // Flipping a fuse breaks the ad-hoc signature that Apple silicon requires before the real signing step runs.
    resetAdHocDarwinSignature: (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') && context.arch === ARCH_ARM64,
    ...BERTH_FUSES,
  };
}

export function isTestBuild(env) {
  return env.BERTH_TEST_BUILD === '1' || env.BERTH_TEST_BUILD === 'true';
}

export function createAfterPack({ flip = flipFuses, env = process.env, log = console.log } = {}) {
  return async function afterPack(context) {
    const target = packagedElectronPath(context);
    if (isTestBuild(env)) {
      log(`  • BERTH_TEST_BUILD is set: leaving Electron's fuses as they are in ${target}`);
      return;
    }
    await flip(target, fuseConfig(context));
    log(`  • flipped Electron's fuses in ${target}`);
  };
}

export default createAfterPack();
