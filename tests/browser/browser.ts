/** Headless Debian Chromium through playwright-core, with the flags that work here (see README). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inject } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, ConsoleMessage, Page } from 'playwright-core';
import { BACKEND_NAMES, CALIBRATIONS_STORAGE_KEY, modelKey, modelsLabel, parseStoredCalibrations, runModels, serializeCalibrations, withCalibration, type Calibration } from '../../src/core/backend-calibration';
import { PRESETS } from '../../src/core/presets';
import type { Settings } from '../../src/core/settings';

export { CHROMIUM_PATH, launchChromium } from '../../src/cli/chromium';

/**
 * The backend measurement global-setup.ts took in this Chromium, as the app stores it: of the default 2-D models and
 * of "Paper: MNIST"'s digits models. Every other preset's models get a stand-in on wasm alone (the backend those two
 * measurements pick on machines like this one), with the wasm figures of the measured models of its family, so that
 * no page times the backends for a preset: the app ranks, estimates and warns from them as from its own. Then the same
 * figures under the key of this machine with no WebGPU adapter (Chromium without the WebGPU flag, or a test that
 * takes WebGPU away), its WebGPU skipped as the app records it there: the other backends run on the same machine.
 */
export function storedMeasurements(): string {
  const measured = parseStoredCalibrations(inject('calibrations')).calibrations;
  const wasmOf = (family: 'digits' | '2-D') => measured.find((c) => c.label === modelsLabel({ family } as ReturnType<typeof runModels>))?.trials.find((t) => t.backend === 'wasm' && t.skipped === undefined);
  const standIns: Calibration[] = [];
  for (const preset of PRESETS) {
    const models = runModels(preset.settings as Settings);
    const wasm = wasmOf(models.family);
    const key = modelKey(models);
    if (!wasm || measured.some((c) => c.modelKey === key) || standIns.some((c) => c.modelKey === key)) continue;
    const skipped = `not measured in the browser tests (wasm stands in with the figures of the measured ${models.family} models)`;
    standIns.push({
      ...measured[0]!,
      modelKey: key,
      label: modelsLabel(models),
      trials: BACKEND_NAMES.map((backend) => (backend === 'wasm' ? { backend, teacher: wasm.teacher!, students: models.students.map((_, i) => wasm.students![Math.min(i, wasm.students!.length - 1)]!) } : { backend, skipped })),
    });
  }
  // Settled, as the page marks a measurement it has taken again when quiet (workers/quiet-refine.ts): the tests' pages
  // then time nothing in the background, and every test sees these figures.
  const calibrations = [...measured, ...standIns].map((c): Calibration => ({ ...c, settled: true }));
  const noAdapter = calibrations.map((c) => ({
    ...c,
    device: c.device.replace(/ \| WebGPU [^|]*$/, ' | no WebGPU adapter'),
    trials: c.trials.map((t) => (t.backend === 'webgpu' ? { backend: t.backend, skipped: 'no WebGPU adapter was offered' } : t)),
  }));
  return serializeCalibrations([...calibrations, ...noAdapter.filter((c) => !calibrations.some((d) => d.device === c.device))]);
}

/**
 * A fresh browser profile that already holds the run's backend measurement (see storedMeasurements), for tests that
 * are not about measuring the backends: its pages open without timing them (10–30 s a model size on two cores).
 * `stored`: other text to store under the app's key instead.
 */
export function newContext(browser: Browser, options: BrowserContextOptions = {}, stored = storedMeasurements()): Promise<BrowserContext> {
  const origin = new URL(inject('baseUrl')).origin;
  const localStorage = [{ name: CALIBRATIONS_STORAGE_KEY, value: stored }];
  return browser.newContext({ ...options, storageState: { cookies: [], origins: [{ origin, localStorage }] } });
}

/** A page in a fresh profile of its own that holds the backend measurement (see newContext). */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  return (await newContext(browser, options)).newPage();
}

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
    // (The stored list also holds a copy for no WebGPU adapter: see storedMeasurements.)
    device: (stored.calibrations.find((c) => !c.device.endsWith('| no WebGPU adapter')) ?? stored.calibrations[0]!).device,
    modelKey: modelKey(models),
    label: modelsLabel(models),
    measuredAt: new Date().toISOString(),
    trials: [
      { backend: 'webgpu', skipped: 'not measured in this test' },
      { backend: 'webgl', skipped: 'not measured in this test' },
      { backend: 'wasm', ...wasm },
      { backend: 'cpu', skipped: 'not measured in this test' },
    ],
    // As a measurement the page has settled (taken again when quiet): not timed again, so the tests' figures hold.
    settled: true,
  };
  await page.evaluate(([key, text]) => localStorage.setItem(key!, text!), [CALIBRATIONS_STORAGE_KEY, serializeCalibrations(withCalibration(stored.calibrations, measured))]);
}
