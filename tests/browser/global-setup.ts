/**
 * Browser tests run against the built app, served by `vite preview` on
 * 127.0.0.1 (a secure context, as WebGPU needs). `npm test` builds first;
 * this setup builds only when dist/ is missing.
 *
 * It also measures the backends once for the whole run, as the app does on a
 * visitor's first load (about 10–30 s per model size on two cores): for the
 * default 2-D models and for the "Paper: MNIST" digits models, in a real page
 * of this Chromium. Test files that are not about the measurement start their
 * browser profiles with it stored (`newContext` in browser.ts), so each of
 * their fresh profiles does not time the backends again.
 */
import { existsSync } from 'node:fs';
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { CALIBRATIONS_STORAGE_KEY, modelKey, parseStoredCalibrations, runModels } from '../../src/core/backend-calibration';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { findPreset } from '../../src/core/presets';
import { launchChromium } from '../../src/cli/chromium';

let server: PreviewServer | undefined;

/** The presets whose models are measured here: the default (every file opens it) and Paper: MNIST (six files train it). */
export const MEASURED_PRESETS = ['low-data', 'paper-mnist'] as const;

async function measureBackends(baseUrl: string): Promise<string> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // The getting-started tour is not stored: only the measurement is taken from this profile.
    for (const preset of MEASURED_PRESETS) {
      await page.goto(`${baseUrl}?preset=${preset}`);
      // As waitForReady in browser.ts: the worker has chosen its backend (after measuring) and Train is enabled.
      await page.getByTestId('backend').waitFor({ state: 'attached', timeout: 120_000 });
      await page.getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
    }
    const text = await page.evaluate((key) => localStorage.getItem(key), CALIBRATIONS_STORAGE_KEY);
    const { calibrations, problem } = parseStoredCalibrations(text);
    const wanted = MEASURED_PRESETS.map((name) => modelKey(runModels((findPreset(name)?.settings ?? DEFAULT_SETTINGS) as Settings)));
    const missing = wanted.filter((key) => !calibrations.some((c) => c.modelKey === key));
    if (problem || missing.length > 0) throw new Error(`The backend measurement for the browser tests failed: ${problem ?? `nothing stored for ${missing.join(', ')}`}`);
    return text!;
  } finally {
    await browser.close();
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync('dist/index.html')) await build({ logLevel: 'warn' });
  server = await preview({ preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('Preview server has no port');
  const baseUrl = `http://127.0.0.1:${address.port}/`;
  project.provide('baseUrl', baseUrl);
  project.provide('calibrations', await measureBackends(baseUrl));
  return async () => {
    await new Promise<void>((resolve) => server!.httpServer.close(() => resolve()));
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The app's stored backend measurements (localStorage text) for MEASURED_PRESETS' models on this Chromium. */
    calibrations: string;
  }
}
