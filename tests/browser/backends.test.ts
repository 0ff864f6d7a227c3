/** Backend choice and failure, in real Chromium configurations. */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launchChromium, newContext, storedMeasurements, waitForReady } from './browser';
import { CALIBRATIONS_STORAGE_KEY, modelKey, parseStoredCalibrations, runModels, serializeCalibrations } from '../../src/core/backend-calibration';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/**
 * What the app stores after measuring the default preset's models on this machine: the measurement global-setup.ts
 * took, alone (for a browser without the WebGPU flag, under that device's key; see browser.ts). For the tests below
 * that are about something else than that first measurement.
 */
async function defaultMeasured(webgpu: boolean): Promise<string> {
  const key = modelKey(runModels(DEFAULT_SETTINGS));
  const { calibrations } = parseStoredCalibrations(storedMeasurements());
  const mine = calibrations.filter((c) => c.modelKey === key && c.device.endsWith('| no WebGPU adapter') !== webgpu);
  expect(mine).toHaveLength(1);
  return serializeCalibrations(mine);
}

/** A page in Chromium with or without the WebGPU flag, its default models' measurement stored, after the user has picked the webgpu backend. */
async function pickWebGpu(webgpu: boolean) {
  browser = await launchChromium({ webgpu });
  const page = await (await newContext(browser, {}, await defaultMeasured(webgpu))).newPage();
  const errors = collectErrors(page);
  await page.goto(inject('baseUrl'));
  await waitForReady(page);
  await page.getByLabel('Backend', { exact: true }).selectOption('webgpu');
  await waitForReady(page);
  return { page, errors };
}

/** The page's stored calibrations, read back through the app's own parser. */
async function storedCalibrations(page: Page) {
  const text = await page.evaluate((key) => localStorage.getItem(key), CALIBRATIONS_STORAGE_KEY);
  return parseStoredCalibrations(text);
}

const measuredAt = (page: Page) => page.getByTestId('backend-calibration').getAttribute('data-measured-at');

/** The app in a fresh profile; `stored`: what the profile holds under the app's measurement key. */
async function openApp(path = '', stored?: string) {
  browser = await launchChromium();
  const page = stored === undefined ? await browser.newPage() : await (await newContext(browser, {}, stored)).newPage();
  const errors = collectErrors(page);
  await page.goto(inject('baseUrl') + path);
  await waitForReady(page);
  return { page, errors };
}

describe('backend calibration', () => {
  it('times the backends on the run’s models, shows the result, stores it and reuses it after a reload', async () => {
    const { page, errors } = await openApp();
    await expect(page.getByTestId('backend-sentence').innerText()).resolves.toMatch(/^2-D models: (wasm|webgl|cpu), \d+\.\d× (wasm|webgl|cpu) on this device\.$/);
    await expect(page.getByTestId('backend').innerText()).resolves.toMatch(/^Running on (wasm|webgl|cpu): fastest in a 300 ms training benchmark of each model\.$/);
    await expect(page.getByTestId('backend-calibration').innerText()).resolves.toMatch(/^Measured .+, for teacher 2-64-64-6 \(batch 64\), 2 students 2-32-32-6 \(batch 32\)\. Re-measure$/);
    // Per backend: teacher and student throughput, or why it was skipped (here WebGPU and WebGL both draw on SwiftShader).
    await page.getByText('What was measured').click();
    const rows = await page.getByTestId('backend-trial').allInnerTexts();
    expect(rows).toEqual(expect.arrayContaining([
      expect.stringMatching(/^webgpu\s+skipped — software adapter/),
      expect.stringMatching(/^webgl\s+skipped — software renderer \(SwiftShader\): not timed for the automatic choice/),
      expect.stringMatching(/^wasm\s+[\d,]+ ex\/s\s+[\d,]+ ex\/s\s+\d+\.\d×$/),
    ]));

    const first = await measuredAt(page);
    const stored = await storedCalibrations(page);
    expect(stored.problem).toBeNull();
    expect(stored.calibrations).toHaveLength(1);
    expect(stored.calibrations[0]).toMatchObject({ measuredAt: first, label: '2-D models', modelKey: 'teacher 2-64-64-6/64; students 2×2-32-32-6/32' });

    // After a reload the stored measurement is used: same timestamp, nothing timed again.
    await page.reload();
    await waitForReady(page);
    await expect(page.getByTestId('backend-calibration').innerText()).resolves.toMatch(/^Remembered from a measurement on /);
    expect(await measuredAt(page)).toBe(first);

    // Re-measure times them again and replaces the stored measurement.
    await page.getByRole('button', { name: 'Re-measure' }).click();
    await page.waitForFunction((before) => document.querySelector('[data-testid="backend-calibration"]')?.getAttribute('data-measured-at') !== before, first, { timeout: 60_000 });
    await waitForReady(page);
    await expect(page.getByTestId('backend-calibration').innerText()).resolves.toMatch(/^Measured /);
    const again = await storedCalibrations(page);
    expect(again.calibrations).toHaveLength(1);
    expect(again.calibrations[0]!.measuredAt).toBe(await measuredAt(page));
    expect(errors).toEqual([]);
  });

  it('times the backends again once the page is quiet, keeps the faster figures, stores them settled, and a later visit times nothing', async () => {
    const { page, errors } = await openApp();
    const first = (await storedCalibrations(page)).calibrations[0]!;
    expect(first.settled).toBeUndefined();
    // Five seconds after the worker's last command (workers/quiet-refine.ts), with no run: in the background.
    await expect.poll(async () => (await storedCalibrations(page)).calibrations[0]?.settled, { timeout: 60_000, interval: 500 }).toBe(true);
    const settled = (await storedCalibrations(page)).calibrations;
    expect(settled).toHaveLength(1);
    expect(settled[0]!.modelKey).toBe(first.modelKey);
    for (const trial of first.trials) {
      const now = settled[0]!.trials.find((t) => t.backend === trial.backend)!;
      if (trial.skipped !== undefined) continue;
      // Each backend timed in both keeps the faster of its two figures, model by model.
      expect(now.teacher!).toBeGreaterThanOrEqual(trial.teacher!);
      now.students!.forEach((rate, i) => expect(rate).toBeGreaterThanOrEqual(trial.students![i]!));
    }
    await expect.poll(() => measuredAt(page)).toBe(settled[0]!.measuredAt);
    await expect(page.getByTestId('backend-calibration').innerText()).resolves.toMatch(/^Measured /);
    await expect(page.getByTestId('backend-trials-note').textContent()).resolves.toMatch(/timed again once the page was quiet, each figure the faster of the two;/);
    // A later visit: the settled figures are used and not timed again, however long the page stays quiet.
    await page.reload();
    await waitForReady(page);
    await page.waitForTimeout(7000);
    expect(await measuredAt(page)).toBe(settled[0]!.measuredAt);
    await expect(page.getByTestId('backend-calibration').innerText()).resolves.toMatch(/^Remembered from a measurement on /);
    expect((await storedCalibrations(page)).calibrations).toEqual(settled);
    expect(errors).toEqual([]);
  });

  it('measures again when a run starts with models it has not timed, and keeps both measurements', async () => {
    // The default preset's models measured before (the first test times them in a page).
    const { page, errors } = await openApp('', await defaultMeasured(true));
    await page.getByRole('button', { name: 'Tiny student' }).click();
    await page.getByRole('button', { name: 'Step' }).click();
    await page.getByText('Teacher: epoch 1 of 30').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('backend-calibration').innerText()).resolves.toMatch(/^Measured .+ 2 students 2-4-6 \(batch 32\)/);
    const stored = await storedCalibrations(page);
    expect(stored.calibrations.map((c) => c.modelKey).sort()).toEqual(['teacher 2-64-64-6/64; students 2×2-32-32-6/32', 'teacher 2-64-64-6/64; students 2×2-4-6/32']);
    expect(errors).toEqual([]);
  });

  it('ignores a corrupt stored measurement with a notice and measures again', async () => {
    // The profile holds the corrupt record before the app first loads.
    const { page, errors } = await openApp('', '{"version":1,"calibrations":[{"device":');
    await page.getByText(/Backend choice: the stored backend measurements are not valid JSON and were ignored; the backends will be measured again\./).waitFor();
    await expect(page.getByTestId('backend-calibration').innerText()).resolves.toMatch(/^Measured /);
    const stored = await storedCalibrations(page);
    expect(stored.problem).toBeNull();
    expect(stored.calibrations).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

describe('backends', () => {
  it('falls back and says so when the chosen backend cannot start (no WebGPU adapter)', async () => {
    // Without --enable-unsafe-webgpu, Chromium here offers navigator.gpu but no adapter.
    const { page, errors } = await pickWebGpu(false);
    await expect(page.getByTestId('backend').innerText()).resolves.toMatch(/webgpu failed \(no WebGPU adapter was offered\); fell back to the fastest available: (wasm|webgl|cpu)/);
    await waitForReady(page);
    await page.getByRole('button', { name: 'Step' }).click();
    await page.getByText('Teacher: epoch 1 of 30').waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
  });

  it('trains on WebGPU when the user picks it, even on a software adapter, and says how slow that adapter measured', async () => {
    const { page, errors } = await pickWebGpu(true);
    // Headless Chromium here offers WebGPU only on SwiftShader: the line names it, with its measured speed against wasm.
    const line = await page.getByTestId('backend').innerText();
    expect(line).toMatch(/^Running on webgpu: chosen by you, on a software adapter \(SwiftShader\): measured (\d+|\d\.\d)× slower than wasm here\.$/);
    await waitForReady(page);
    await page.getByRole('button', { name: 'Step' }).click();
    await page.getByText('Teacher: epoch 1 of 30').waitFor({ timeout: 90_000 });
    await expect(page.getByTestId('teacher-status').innerText()).resolves.toMatch(/training, epoch 1 of 30 · test \d+\.\d%/);

    // Back to the automatic choice: the measurement joins the others, and the slower software adapter is not preferred.
    await page.getByLabel('Backend', { exact: true }).selectOption('auto');
    await waitForReady(page);
    await expect(page.getByTestId('backend').innerText()).resolves.toMatch(/^Running on (wasm|webgl|cpu): fastest in a 300 ms training benchmark of each model\.$/);
    await page.getByText('What was measured').click();
    const rows = await page.getByTestId('backend-trial').allInnerTexts();
    expect(rows).toContainEqual(expect.stringMatching(/^webgpu\s+[\d,]+ ex\/s\s+[\d,]+ ex\/s\s+\d+\.\d×$/));
    expect(errors).toEqual([]);
  });

  it('trains on WebGL when the user picks it, even on a software renderer, and ranks it by that measurement after', async () => {
    const { page, errors } = await openApp('', await defaultMeasured(true));
    // Not timed for the automatic choice (SwiftShader here, ~20× slower than wasm): picked, it is timed against wasm.
    await page.getByLabel('Backend', { exact: true }).selectOption('webgl');
    await waitForReady(page);
    expect(await page.getByTestId('backend').innerText()).toMatch(/^Running on webgl: chosen by you, on a software renderer \(SwiftShader\): measured (\d+|\d\.\d)× slower than wasm here\.$/);
    await page.getByRole('button', { name: 'Step' }).click();
    await page.getByText('Teacher: epoch 1 of 30').waitFor({ timeout: 90_000 });

    await page.getByLabel('Backend', { exact: true }).selectOption('auto');
    await waitForReady(page);
    await expect(page.getByTestId('backend').innerText()).resolves.toMatch(/^Running on (wasm|cpu): fastest in a 300 ms training benchmark of each model\.$/);
    await page.getByText('What was measured').click();
    expect(await page.getByTestId('backend-trial').allInnerTexts()).toContainEqual(expect.stringMatching(/^webgl\s+[\d,]+ ex\/s\s+[\d,]+ ex\/s\s+\d+\.\d×$/));
    expect(errors).toEqual([]);
  });
});
