/**
 * GPU trouble inside the training worker, injected without test hooks in the app: the worker's script is served
 * with a snippet in front of it (page routing) that takes WebGPU away, withholds its adapter, makes its device
 * request throw, keeps the device so the test can destroy it mid-run, or hides WebGL's float32 render targets.
 * Each case must move to the next measured backend with a notice naming the failure and the backend, keep the
 * run's settings (the link) and its finished results, show the backend in use in the menu, and then train to the end.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, launchChromium, newContext, waitForReady } from './browser';
import { CALIBRATIONS_STORAGE_KEY, modelKey, parseStoredCalibrations, runModels, serializeCalibrations, withCalibration, withTrial } from '../../src/core/backend-calibration';
import { findPreset } from '../../src/core/presets';

/** Worker-side snippets, run before the worker's own code (so before TF.js registers its backends). */
const FAULTS = {
  noGpu: `Object.defineProperty(Object.getPrototypeOf(self.navigator), 'gpu', { get: () => undefined, configurable: true });`,
  noAdapter: `self.GPU.prototype.requestAdapter = async () => null;`,
  deviceThrows: `self.GPUAdapter.prototype.requestDevice = async () => { throw new Error('injected: the GPU process is gone'); };`,
  /** Keeps the device in self.__dklDevice, and destroys it after self.__dklLoseAfter more queue submissions once set. */
  keepDevice: `{ const request = self.GPUAdapter.prototype.requestDevice;
    self.GPUAdapter.prototype.requestDevice = async function (...args) { const device = await request.apply(this, args); self.__dklDevice = device; return device; };
    const submit = self.GPUQueue.prototype.submit;
    self.GPUQueue.prototype.submit = function (...args) { const done = submit.apply(this, args); if (self.__dklLoseAfter > 0 && --self.__dklLoseAfter === 0) self.__dklDevice.destroy(); return done; }; }`,
  /** Loses the WebGL context (WEBGL_lose_context) after self.__dklLoseAfter more draws once set. */
  loseWebGl: `{ const draw = self.WebGL2RenderingContext.prototype.drawElements;
    self.WebGL2RenderingContext.prototype.drawElements = function (...args) { draw.apply(this, args); if (self.__dklLoseAfter > 0 && --self.__dklLoseAfter === 0) this.getExtension('WEBGL_lose_context').loseContext(); }; }`,
  noFloat32Targets: `for (const gl of [self.WebGL2RenderingContext, self.WebGLRenderingContext]) { const get = gl.prototype.getExtension;
    gl.prototype.getExtension = function (name) { return name === 'EXT_color_buffer_float' ? null : get.call(this, name); }; }`,
};

let browser: Browser;
/** Pages share one profile, which starts with this machine's backend measurement stored (with and without a WebGPU adapter). */
let context: BrowserContext;
/** What the next page's worker runs first. */
let fault = '';

/** `measured`: starting with the backend measurement of this machine stored (browser.ts), as a returning visitor. */
async function faultyContext(measured: boolean): Promise<BrowserContext> {
  // No service worker: its cached copy of the worker script would bypass the route.
  const created = measured ? await newContext(browser, { serviceWorkers: 'block' }) : await browser.newContext({ serviceWorkers: 'block' });
  await created.route(/\/assets\/training\.worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${fault}\n${await response.text()}` });
  });
  return created;
}

beforeAll(async () => {
  browser = await launchChromium();
  context = await faultyContext(true);
});
afterAll(async () => {
  await browser?.close();
});

const controls = (page: Page) => page.getByLabel('Training controls');
const backendLine = (page: Page) => page.getByTestId('backend').innerText();
const menu = (page: Page) => page.getByLabel('Backend', { exact: true });
const progress = (page: Page) => page.getByTestId('progress-label').first();
/** The finished results on screen: both students' gaps and the teacher's line. */
const results = async (page: Page) => [await page.getByTestId('gap-hard').innerText(), await page.getByTestId('gap-soft').innerText(), await page.getByTestId('teacher-status').innerText()];

async function open(link: string, snippet: string, where = context): Promise<{ page: Page; errors: string[] }> {
  fault = snippet;
  const page = await where.newPage();
  const errors = collectErrors(page);
  await page.goto(`${inject('baseUrl')}${link}`);
  await waitForReady(page);
  return { page, errors };
}

/** Stores a WebGPU measurement in the page's calibration for the low-data models (read at the next load). */
async function rememberWebGpuSpeed(page: Page, rates: { teacher: number; students: number[] }): Promise<void> {
  const stored = parseStoredCalibrations(await page.evaluate((key) => localStorage.getItem(key), CALIBRATIONS_STORAGE_KEY));
  const held = stored.calibrations.find((c) => c.modelKey === modelKey(runModels(findPreset('low-data')!.settings)) && !c.device.endsWith('| no WebGPU adapter'))!;
  const text = serializeCalibrations(withCalibration(stored.calibrations, withTrial(held, { backend: 'webgpu', ...rates })));
  await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [CALIBRATIONS_STORAGE_KEY, text]);
}

async function trainToTheEnd(page: Page): Promise<void> {
  await controls(page).getByRole('button', { name: /^(Train|Train again)$/ }).click();
  await progress(page).filter({ hasText: /done in/ }).waitFor({ timeout: 60_000 });
}

/** After a finished run, the user picks a backend that cannot start: it falls back with a notice, and all else stays. */
async function pickFailingBackend(snippet: string, backend: 'webgpu' | 'webgl', reason: RegExp): Promise<void> {
  const { page, errors } = await open('?preset=low-data&epochs=20&teacherEpochs=5', snippet);
  await trainToTheEnd(page);
  const link = page.url();
  const finished = await results(page);
  await menu(page).selectOption(backend);

  const notice = page.getByRole('status').filter({ hasText: new RegExp(`^${backend} could not start`) });
  await notice.waitFor({ timeout: 60_000 });
  await waitForReady(page);
  const text = await notice.innerText();
  const to = text.match(/Switched to (\w+), the fastest measured/)?.[1];
  expect(to).toMatch(/^(wasm|cpu|webgl)$/);
  expect(to).not.toBe(backend);
  expect(text).toMatch(reason);
  expect(await backendLine(page)).toMatch(new RegExp(`^Running on ${to}: ${backend} failed \\(.+\\); fell back to the fastest available: ${to}\\.$`));
  // The menu shows what runs now, not the choice that failed.
  expect(await menu(page).inputValue()).toBe('auto');
  expect(await menu(page).locator('option:checked').innerText()).toBe(`Auto (${to})`);
  expect(page.url()).toBe(link);
  expect(await results(page)).toEqual(finished);

  await trainToTheEnd(page);
  expect(await backendLine(page)).toMatch(new RegExp(`^Running on ${to}:`));
  expect(errors).toEqual([]);
  await page.close();
}

describe('GPU trouble in the worker', () => {
  it('WebGPU’s device request throws: the notice names the error, and the run goes on elsewhere', async () => {
    await pickFailingBackend(FAULTS.deviceThrows, 'webgpu', /requesting a WebGPU device failed: injected: the GPU process is gone/);
  });

  it('the WebGPU device is lost mid-run: the run starts again on the next measured backend with its settings, and finishes', async () => {
    // A seed of its own: its teacher is trained live, so the device is lost while it trains (a teacher lost while it
    // is read back at the run's set-up is the engine test's case, tests/engine/run-controller.test.ts).
    const { page, errors } = await open('?preset=low-data&epochs=20&teacherEpochs=2&seed=2', FAULTS.keepDevice);
    // WebGPU's speed on these models as if measured when it was picked before (backends.test.ts times it for real): not timed again here.
    await rememberWebGpuSpeed(page, { teacher: 2000, students: [2000] });
    await page.reload();
    await waitForReady(page);
    const link = page.url();
    await menu(page).selectOption('webgpu');
    await page.getByTestId('backend').filter({ hasText: /^Running on webgpu: chosen by you/ }).waitFor({ timeout: 60_000 });
    await waitForReady(page);
    // The device goes after the run's fifth GPU submission: while its teacher trains on WebGPU.
    const worker = page.workers()[0]!;
    await worker.evaluate(() => ((self as unknown as { __dklLoseAfter: number }).__dklLoseAfter = 5));
    await controls(page).getByRole('button', { name: 'Train', exact: true }).click();

    const notice = page.getByRole('status').filter({ hasText: /^webgpu failed during training: / });
    await notice.waitFor({ timeout: 60_000 });
    expect(await worker.evaluate(() => (self as unknown as { __dklLoseAfter: number }).__dklLoseAfter)).toBe(0);
    const to = (await notice.innerText()).match(/Switched to (\w+), the next fastest measured, and started the run again with the same settings\./)?.[1];
    expect(to).toMatch(/^(wasm|cpu|webgl)$/);
    await progress(page).filter({ hasText: /Students: epoch 20 of 20 · done in/ }).waitFor({ timeout: 60_000 });
    expect(await backendLine(page)).toMatch(new RegExp(`^Running on ${to}: webgpu failed during training \\(.+\\); switched to ${to}, the next fastest measured\\.$`));
    expect(await menu(page).inputValue()).toBe('auto');
    expect(await menu(page).locator('option:checked').innerText()).toBe(`Auto (${to})`);
    expect(page.url()).toBe(link);
    expect(await page.getByTestId('teacher-status').innerText()).toMatch(/trained now · test \d+\.\d%/);

    // Picked by hand again, WebGPU starts afresh on a new device rather than on the dead one.
    await worker.evaluate(() => { const scope = self as unknown as { __dklDevice?: unknown; __dklLost?: unknown }; scope.__dklLost = scope.__dklDevice; });
    await menu(page).selectOption('webgpu');
    await page.getByTestId('backend').filter({ hasText: /^Running on webgpu: chosen by you/ }).waitFor({ timeout: 60_000 });
    expect(await worker.evaluate(() => { const scope = self as unknown as { __dklDevice?: unknown; __dklLost?: unknown }; return scope.__dklDevice !== scope.__dklLost; })).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the WebGL context is lost mid-run: the run starts again on the next measured backend instead of waiting for ever', async () => {
    // A seed of its own, so that its teacher is trained live (see the WebGPU case).
    const { page, errors } = await open('?preset=low-data&epochs=20&teacherEpochs=2&seed=3', FAULTS.loseWebGl);
    const link = page.url();
    await menu(page).selectOption('webgl');
    // WebGL here is SwiftShader: picked by hand it is timed against wasm, and the line says so.
    await page.getByTestId('backend').filter({ hasText: /^Running on webgl: chosen by you, on a software renderer \(SwiftShader\): measured/ }).waitFor({ timeout: 60_000 });
    await waitForReady(page);
    const worker = page.workers()[0]!;
    await controls(page).getByRole('button', { name: 'Train', exact: true }).click();
    // Lost while the students train, after the teacher: the restarted run takes the teacher from the cache and keeps its curve.
    await progress(page).filter({ hasText: /Students: epoch/ }).waitFor({ timeout: 60_000 });
    await worker.evaluate(() => ((self as unknown as { __dklLoseAfter: number }).__dklLoseAfter = 3));

    const notice = page.getByRole('status').filter({ hasText: /^webgl failed during training: the WebGL context was lost\. Switched to (wasm|cpu), the next fastest measured, and started the run again with the same settings\./ });
    await notice.waitFor({ timeout: 60_000 });
    const to = (await notice.innerText()).match(/Switched to (\w+)/)![1]!;
    await progress(page).filter({ hasText: /Students: epoch 20 of 20 · done in/ }).waitFor({ timeout: 60_000 });
    expect(await menu(page).locator('option:checked').innerText()).toBe(`Auto (${to})`);
    expect(page.url()).toBe(link);
    expect(await backendLine(page)).toMatch(new RegExp(`^Running on ${to}: webgl failed during training \\(the WebGL context was lost\\)`));
    // The teacher's two epochs, trained on WebGL before the loss, are still on the loss chart (and in the metrics CSV).
    expect(await page.getByText('The teacher was not trained in this run').count()).toBe(0);
    expect(await page.getByTestId('teacher-status').innerText()).toMatch(/trained earlier in this session \(same teacher settings\) · test \d+\.\d%/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('no navigator.gpu: picking webgpu says so and falls back, settings and results kept', async () => {
    await pickFailingBackend(FAULTS.noGpu, 'webgpu', /WebGPU is not available in this browser/);
  });

  it('requestAdapter() gives null: picking webgpu says so and falls back, settings and results kept', async () => {
    await pickFailingBackend(FAULTS.noAdapter, 'webgpu', /no WebGPU adapter was offered/);
  });
});

describe('WebGL that renders only to 16-bit floats', () => {
  it('is skipped when the backends are measured, with the reason (it trains to NaN)', async () => {
    // A fresh profile: the backends are measured under the fault, not remembered from the real WebGL.
    const fresh = await faultyContext(false);
    const { page, errors } = await open('?preset=low-data&epochs=20&teacherEpochs=5', FAULTS.noFloat32Targets, fresh);
    await page.getByText('What was measured').click();
    expect(await page.getByTestId('backend-trial').allInnerTexts()).toContainEqual(expect.stringMatching(/^webgl\s+skipped — WebGL here renders only to 16-bit floats, in which training turns to NaN/));
    await fresh.close();
    expect(errors).toEqual([]);
  });

  it('picked by hand after a finished run: refused with a notice, settings and results kept', async () => {
    await pickFailingBackend(FAULTS.noFloat32Targets, 'webgl', /WebGL here renders only to 16-bit floats, in which training turns to NaN/);
  });
});
