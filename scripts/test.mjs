/**
 * `npm test`: everything on a fresh clone. Installs npm dependencies if
 * missing, Debian's chromium if it is absent (as root; otherwise says how),
 * builds the app and runs the unit, engine and browser tests.
 *
 * The browser tests (one Chromium at a time) and the Node tests (unit, then
 * engine) run as two Vitest processes side by side: Vitest puts every project
 * that runs one file at a time into a single queue, so in one process the
 * engine files would wait for the last browser file. The Node tests' report
 * is printed when both are done. Arguments (`npm test -- tests/unit`) go to a
 * single Vitest run, as before.
 */
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
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

/**
 * Runs a command; resolves with its exit status and its output (stdout and stderr, in order). With `echo`, the
 * output is also shown as it comes; without, it is only kept.
 */
function runAsync(command, args, echo) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    const keep = (out) => (chunk) => {
      chunks.push(chunk);
      if (echo) out.write(chunk);
    };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    child.on('error', (error) => resolve({ status: 1, output: `${command} could not start: ${error.message}\n` }));
    child.on('close', (code) => resolve({ status: code ?? 1, output: Buffer.concat(chunks).toString() }));
  });
}

/** Vitest's "Failed Tests" section of a report, without colours (at most 8,000 characters), or its last lines. */
function failuresOf(report) {
  const plain = report.replace(/\u001b\[[0-9;]*m/g, '');
  const start = plain.search(/⎯+ Failed (Tests|Suites) \d+ ⎯+/);
  const section = start >= 0 ? plain.slice(start, plain.indexOf(' Test Files ', start) >>> 0) : plain.split('\n').slice(-40).join('\n');
  return section.length > 8000 ? `${section.slice(0, 8000)}\n…` : section;
}

ensureNodeModules();
ensureChromium();
console.log('Type-checking (svelte-check)…');
if (run('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human']) !== 0) process.exit(1);
console.log('Building the app…');
if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);
const extra = process.argv.slice(2);
if (extra.length > 0) process.exit(run('npx', ['vitest', 'run', ...extra]));

console.log('Running the browser tests here, and the unit and engine tests beside them (their report follows at the end)…');
const node = runAsync('npx', ['vitest', 'run', '--project', 'unit', '--project', 'engine'], false);
const browser = await runAsync('npx', ['vitest', 'run', '--project', 'browser'], true);
const { status: nodeStatus, output } = await node;
console.log('\nUnit and engine tests (run beside the browser tests):');
process.stdout.write(output);
// A log often keeps only its end: what failed is said again last, for each run that failed.
for (const [name, result] of [['Browser', browser], ['Unit and engine', { status: nodeStatus, output }]]) {
  if (result.status !== 0) console.log(`\n${name} tests, what failed (again):\n${failuresOf(result.output)}`);
}
console.log(`\nBrowser tests: ${browser.status === 0 ? 'passed' : `FAILED (exit ${browser.status})`}; unit and engine tests: ${nodeStatus === 0 ? 'passed' : `FAILED (exit ${nodeStatus})`}.`);
process.exit(browser.status !== 0 ? browser.status : nodeStatus);
