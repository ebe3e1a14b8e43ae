/**
 * The page's build: Preact with the automatic JSX runtime, relative asset paths (the folder can be
 * served from anywhere), no inline script (the page runs under a strict CSP), the weight budget
 * printed at the end. Output: `dist/web`.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { budgetPlugin } from './budget.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No data: URLs and no injected inline helpers: every script is a file from this server.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
  plugins: [budgetPlugin()],
});
