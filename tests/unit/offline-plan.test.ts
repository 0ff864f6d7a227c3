import { describe, expect, it } from 'vitest';
import { offlinePlan } from '../../scripts/offline-plan';
import { CSP_HEADER, CSP_META } from '../../src/pwa/csp';

const file = (path: string, text = path) => ({ path, bytes: new TextEncoder().encode(text) });
const BUILT = ['index.html', 'sw.js', 'manifest.webmanifest', 'icon.svg', 'assets/index-a1.js', 'assets/training.worker-b2.js', 'assets/tfjs-backend-wasm-c3.wasm', 'assets/mnist-14-train.bin-d4.gz', 'assets/mnist-28-train.bin-e5.gz', 'assets/digits-14-256-256-e30-f6.bin', 'assets/digits-28-1200-1200-e80-cos-g7.bin', 'assets/index-a1.js.map'];

describe('the offline plan', () => {
  it('precaches the shell, scripts, wasm, 14×14 digits and their teachers; keeps the 28×28 ones on first use', () => {
    const plan = offlinePlan(BUILT.map((path) => file(path)));
    expect(plan.precache).toEqual(['assets/digits-14-256-256-e30-f6.bin', 'assets/index-a1.js', 'assets/mnist-14-train.bin-d4.gz', 'assets/tfjs-backend-wasm-c3.wasm', 'assets/training.worker-b2.js', 'icon.svg', './', 'manifest.webmanifest']);
    expect(plan.onDemand).toEqual(['assets/digits-28-1200-1200-e80-cos-g7.bin', 'assets/mnist-28-train.bin-e5.gz']);
  });

  it('has a version that changes with any file but not with the order they are listed in or the worker itself', () => {
    const files = BUILT.map((path) => file(path));
    const { version } = offlinePlan(files);
    expect(offlinePlan([...files].reverse()).version).toBe(version);
    expect(offlinePlan(files.map((f) => (f.path === 'sw.js' ? file('sw.js', 'other') : f))).version).toBe(version);
    expect(offlinePlan(files.map((f) => (f.path === 'index.html' ? file('index.html', 'changed') : f))).version).not.toBe(version);
  });
});

describe('the Content-Security-Policy', () => {
  it('allows only this origin, WebAssembly but no eval or inline code, and no framing (header only: meta cannot carry it)', () => {
    expect(CSP_HEADER).toBe("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; worker-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    expect(CSP_META).toBe(CSP_HEADER.replace("; frame-ancestors 'none'", ''));
    expect(CSP_HEADER).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
  });
});
