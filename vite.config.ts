import tailwindcss from '@tailwindcss/vite';
import path from 'node:path';
import { defineConfig } from 'vite';

// BERTH_OUT_DIR lets parallel work trees build side by side without sharing out/.
const outDir = path.resolve(process.env.BERTH_OUT_DIR ?? 'out');

// Builds the renderer only; main and preload are bundled by scripts/build-main.mjs.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [tailwindcss()],
  build: {
    outDir: path.join(outDir, 'renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 1500,
  },
});
