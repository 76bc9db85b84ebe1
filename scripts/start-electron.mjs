// `npm start`: makes sure the Electron binary is there (downloading it on first use, see .npmrc), builds, launches.
// Without a binary it prints one line pointing at browser mode instead of a stack trace.
import { spawnSync } from 'node:child_process';
import { downloadElectron, electronBinary, electronPackageDir, missingBinaryMessage } from './electron-binary.mjs';

const packageDir = electronPackageDir();
let binary = electronBinary(packageDir);
if (!binary) {
  if (!packageDir) {
    console.error(missingBinaryMessage('the electron package is not installed; run npm install'));
    process.exit(1);
  }
  console.error('Berth: downloading the Electron binary (first start)…');
  const download = downloadElectron(packageDir);
  if (!download.binary) {
    console.error(missingBinaryMessage(download.error));
    process.exit(1);
  }
  binary = download.binary;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

const app = spawnSync(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(app.status ?? (app.signal ? 1 : 0));
