/** Backend choice and failure, in real Chromium configurations. */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { collectErrors, launchChromium, waitForReady } from './browser';

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** A page in Chromium with or without the WebGPU flag, after the user has picked the webgpu backend. */
async function pickWebGpu(webgpu: boolean) {
  browser = await launchChromium({ webgpu });
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(inject('baseUrl'));
  await waitForReady(page);
  await page.getByLabel('Backend', { exact: true }).selectOption('webgpu');
  await waitForReady(page);
  return { page, errors };
}

describe('backends', () => {
  it('falls back and says so when the chosen backend cannot start (no WebGPU adapter)', async () => {
    // Without --enable-unsafe-webgpu, Chromium here offers navigator.gpu but no adapter.
    const { page, errors } = await pickWebGpu(false);
    await expect(page.getByTestId('backend').innerText()).resolves.toMatch(/webgpu failed \(no WebGPU adapter was offered\); fell back to the fastest available: (wasm|webgl|cpu)/);
    await waitForReady(page);
    await page.getByRole('button', { name: 'Step' }).click();
    await page.getByText('Teacher: epoch 1 / 30').waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
  });

  it('trains on WebGPU when the user picks it, even on a software adapter', async () => {
    const { page, errors } = await pickWebGpu(true);
    await expect(page.getByTestId('backend').innerText()).resolves.toMatch(/Running on webgpu: chosen by you/);
    await waitForReady(page);
    await page.getByRole('button', { name: 'Step' }).click();
    await page.getByText('Teacher: epoch 1 / 30').waitFor({ timeout: 90_000 });
    await expect(page.getByTestId('teacher-status').innerText()).resolves.toMatch(/training, epoch 1 of 30 · test \d+\.\d%/);
    expect(errors).toEqual([]);
  });
});
