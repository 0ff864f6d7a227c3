/**
 * Shared by `npm start` and `npm test`: install npm dependencies when they are
 * missing (a fresh clone), so each is one command.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function ensureNodeModules() {
  const needed = ['node_modules/vite', 'node_modules/@tensorflow/tfjs', 'node_modules/vitest', 'node_modules/playwright-core'];
  if (needed.every((path) => existsSync(path))) return;
  console.log('Installing npm dependencies (npm ci)…');
  const status = run('npm', ['ci', '--no-audit', '--no-fund']);
  if (status !== 0) {
    console.error('npm ci failed; see the messages above.');
    process.exit(status);
  }
}
