// Where the electron package keeps its binary, and how to fetch it when its install script did not run (see .npmrc).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The electron package's folder, or undefined when the package is not installed. */
export function electronPackageDir(from = import.meta.url) {
  try {
    return path.dirname(createRequire(from).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The binary's path when it is there (the package writes `path.txt` once the download is unpacked). */
export function electronBinary(packageDir) {
  if (!packageDir) return undefined;
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/** The last meaningful line of a failed download's output (e.g. `RequestError: getaddrinfo ENOTFOUND github.com`). */
export function downloadFailureReason(output) {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at '));
  const error = lines.find((line) => /^[A-Za-z]*Error\b|^Error:/.test(line));
  return error ?? lines.at(-1) ?? 'no output';
}

/** Runs the electron package's own installer (the download its postinstall would have done). */
export function downloadElectron(packageDir) {
  const result = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], { cwd: packageDir, encoding: 'utf8', env: process.env });
  const binary = electronBinary(packageDir);
  if (binary) return { binary };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { error: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  return { error: downloadFailureReason(`${result.stdout ?? ''}\n${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`) };
}

/** The one line `npm start` prints when there is no Electron binary. */
export function missingBinaryMessage(reason) {
  return `Berth: the Electron binary is missing and could not be downloaded (${reason}); run Berth in your browser instead with: npm run serve`;
}
