/**
 * `npm test`: everything on a fresh clone. Installs npm dependencies if
 * missing, Debian's chromium if it is absent (as root; otherwise says how),
 * builds the app and runs the unit, engine and browser tests.
 */
import { existsSync } from 'node:fs';
import { ensureNodeModules, run } from './ensure-deps.mjs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(chromium)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`The browser tests need Chromium at ${chromium}. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium\n(or set CHROMIUM_PATH to a Chromium binary), then run npm test again.`);
    process.exit(1);
  }
  console.log('Installing Debian’s chromium for the browser tests…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update'], { env }) !== 0 || run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env }) !== 0) {
    console.error('Installing chromium failed; see the messages above.');
    process.exit(1);
  }
}

ensureNodeModules();
ensureChromium();
console.log('Type-checking (svelte-check)…');
if (run('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human']) !== 0) process.exit(1);
console.log('Building the app…');
if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);
process.exit(run('npx', ['vitest', 'run', ...process.argv.slice(2)]));
