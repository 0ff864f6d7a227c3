/**
 * The Content-Security-Policy the built app is served with: only this origin's scripts, styles, workers and
 * connections; WebAssembly compiled (TF.js's wasm backend) but no eval; no plugins, no <base>, no framing.
 * Svelte's `style:` directives and Chart.js set styles through the CSSOM, which style-src does not govern,
 * so no 'unsafe-inline' is needed (tests/browser/offline.test.ts records any violation).
 */
const DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['worker-src', "'self'"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
];

const join = (directives: readonly (readonly [string, string])[]) => directives.map(([name, value]) => `${name} ${value}`).join('; ');

/** The policy as a response header. */
export const CSP_HEADER = join(DIRECTIVES);

/** The same policy for `<meta http-equiv>` in the built HTML, which cannot carry frame-ancestors (browsers ignore it there and warn). */
export const CSP_META = join(DIRECTIVES.filter(([name]) => name !== 'frame-ancestors'));
