/**
 * `npm run bench -- --browser`: the built app (`npm run build` → dist/) served
 * on 127.0.0.1 (a secure context, as WebGPU needs), opened with `?bench` in
 * headless Chromium (playwright-core, Debian's chromium, WebGPU enabled), and
 * the bench suite run in the app's own training worker.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';
import { preview } from 'vite';
import type { BenchOptions, BenchResult } from '../engine/bench-models';


/** Serve dist/ on 127.0.0.1 and launch headless Chromium; `use` gets both, and both are closed after. */
export async function withBuiltApp<T>(use: (browser: Browser, origin: string) => Promise<T>): Promise<T> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ has no build: run `npm run build` first.');
  const server = await preview({ preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false }, logLevel: 'warn' });
  const browser = await launchChromium();
  try {
    const address = server.httpServer.address();
    if (!address || typeof address === 'string') throw new Error('The preview server has no port.');
    return await use(browser, `http://127.0.0.1:${address.port}`);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

export async function runBrowserBenchFromNode(options: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  return withBuiltApp(async (browser, origin) => {
    const page = await browser.newPage({ bypassCSP: true }); // the driver evaluates scripts in the page, which the app's CSP forbids
    // The worker's progress lines arrive as console messages.
    page.on('worker', (worker) => worker.on('console', (message) => log(message.text())));
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(`${origin}/?bench`);
    await page.waitForFunction(() => typeof (window as Window & { __dklBench?: unknown }).__dklBench === 'function', null, { timeout: 60_000 });
    const result = await page.evaluate(
      (benchOptions) => (window as unknown as Window & { __dklBench: (o: BenchOptions) => Promise<BenchResult | { error: string }> }).__dklBench(benchOptions),
      options,
    );
    if ('error' in result) throw new Error(`the bench failed in the browser: ${result.error}`);
    return result;
  });
}
