// Bundles the main process (Electron entry and browser-mode entry) and the sandboxed preload with esbuild.
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { projectRepository } from './project-repository.mjs';

const out = process.env.BERTH_OUT_DIR ?? 'out';
const shared = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({
    ...shared,
    entryPoints: { index: 'main/index.ts', serve: 'main/serve/cli.ts' },
    outdir: `${out}/main`,
    format: 'esm',
    packages: 'external',
    // The repository's web page (see project-repository.mjs), or '' when this clone names none.
    define: { __BERTH_PROJECT_URL__: JSON.stringify(projectRepository()?.webUrl ?? '') },
  }),
  // A sandboxed preload is a single CommonJS file that may require only 'electron'.
  build({
    ...shared,
    entryPoints: { index: 'preload/index.ts' },
    outdir: `${out}/preload`,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['electron'],
  }),
]);

// Dependencies stay external; an out dir outside the repo (BERTH_OUT_DIR) needs a way back to node_modules.
const outNodeModules = path.resolve(out, 'node_modules');
if (!path.resolve(out).startsWith(process.cwd() + path.sep) && !existsSync(outNodeModules)) {
  mkdirSync(out, { recursive: true });
  symlinkSync(path.resolve('node_modules'), outNodeModules, 'dir');
}
