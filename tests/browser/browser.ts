/** Headless Debian Chromium through playwright-core, with the flags that work here (see README). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ConsoleMessage, Page } from 'playwright-core';
import { CALIBRATIONS_STORAGE_KEY, modelKey, modelsLabel, parseStoredCalibrations, runModels, serializeCalibrations, withCalibration, type Calibration } from '../../src/core/backend-calibration';
import type { Settings } from '../../src/core/settings';

export { CHROMIUM_PATH, launchChromium } from '../../src/cli/chromium';

/** Collects console errors and uncaught page errors, to assert a clean load. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Wait until the worker has chosen a backend and the Train button is enabled. */
export async function waitForReady(page: Page): Promise<void> {
  await page.getByTestId('backend').waitFor({ state: 'attached', timeout: 60_000 });
  await page.getByRole('button', { name: /^(Train|Resume|Train again)$/ }).and(page.locator(':enabled')).waitFor({ timeout: 30_000 });
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Load axe-core into the page: evaluated through the DevTools protocol, as the app's CSP refuses the inline script addScriptTag would add. */
export async function addAxe(page: Page): Promise<void> {
  await page.evaluate(await readFile(AXE_PATH, 'utf8'));
}

/**
 * Stores in the page's browser profile a wasm-only measurement for these settings' models (under this device's key,
 * taken from the measurement the page stored on its first load), so a run of them starts without timing backends.
 */
export async function storeWasmCalibration(page: Page, settings: Settings, wasm: { teacher: number; students: number[] }): Promise<void> {
  const stored = parseStoredCalibrations(await page.evaluate((key) => localStorage.getItem(key), CALIBRATIONS_STORAGE_KEY));
  const models = runModels(settings);
  const measured: Calibration = {
    device: stored.calibrations[0]!.device,
    modelKey: modelKey(models),
    label: modelsLabel(models),
    measuredAt: new Date().toISOString(),
    trials: [
      { backend: 'webgpu', skipped: 'not measured in this test' },
      { backend: 'webgl', skipped: 'not measured in this test' },
      { backend: 'wasm', ...wasm },
      { backend: 'cpu', skipped: 'not measured in this test' },
    ],
  };
  await page.evaluate(([key, text]) => localStorage.setItem(key!, text!), [CALIBRATIONS_STORAGE_KEY, serializeCalibrations(withCalibration(stored.calibrations, measured))]);
}
