/**
 * `npm start`: install if needed, build, serve on 127.0.0.1 and print the address. `vite preview` sends the
 * Content-Security-Policy header (vite.config.ts `preview.headers`, src/pwa/csp.ts).
 */
import { ensureNodeModules, run } from './ensure-deps.mjs';

ensureNodeModules();
if (run('npx', ['vite', 'build']) !== 0) process.exit(1);
const port = process.env.PORT ?? '4173';
console.log(`\nDark Knowledge Lab: open http://127.0.0.1:${port}/ in Chromium, Chrome, Edge or Firefox (Ctrl+C stops the server).\n`);
process.exit(run('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort']));
