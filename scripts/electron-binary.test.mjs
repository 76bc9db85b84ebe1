import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadElectron, downloadFailureReason, electronBinary, missingBinaryMessage } from './electron-binary.mjs';

describe('the Electron binary for npm start', () => {
  const dirs = [];
  const fakePackage = (installScript) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-electron-pkg-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'install.js'), installScript);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is found only when path.txt names a file that exists', () => {
    const dir = fakePackage('');
    expect(electronBinary(dir)).toBeUndefined();
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    expect(electronBinary(dir)).toBeUndefined();
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'electron'), '');
    expect(electronBinary(dir)).toBe(path.join(dir, 'dist', 'electron'));
    expect(electronBinary(undefined)).toBeUndefined();
  });

  it('a failed download gives the error line, not the stack', () => {
    const dir = fakePackage(
      "console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (/x/got/index.js:1:1)\\n    at emit (node:events:1:1)'); process.exit(1);",
    );
    const result = downloadElectron(dir);
    expect(result).toEqual({ error: 'RequestError: getaddrinfo ENOTFOUND github.com' });
    expect(missingBinaryMessage(result.error)).toBe(
      'Berth: the Electron binary is missing and could not be downloaded (RequestError: getaddrinfo ENOTFOUND github.com); run Berth in your browser instead with: npm run serve',
    );
  });

  it('a download that unpacks the binary is used', () => {
    const dir = fakePackage(
      "const fs = require('fs'); fs.mkdirSync('dist'); fs.writeFileSync('dist/electron', ''); fs.writeFileSync('path.txt', 'electron');",
    );
    expect(downloadElectron(dir)).toEqual({ binary: path.join(dir, 'dist', 'electron') });
  });

  it('reads the reason from noisy output', () => {
    expect(downloadFailureReason('\nError: connect ETIMEDOUT 1.2.3.4:443\n    at x\n')).toBe('Error: connect ETIMEDOUT 1.2.3.4:443');
    expect(downloadFailureReason('something odd\n')).toBe('something odd');
    expect(downloadFailureReason('')).toBe('no output');
  });
});
