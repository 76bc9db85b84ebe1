import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

// Builds the renderer only; main and preload are bundled by scripts/build-main.mjs.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [tailwindcss()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 1500,
  },
});
