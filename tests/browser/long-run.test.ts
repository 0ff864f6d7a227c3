/**
 * Long runs ask first: "Paper: MNIST, full scale" says how long it will take
 * on this device (from the backend measured on its own models) before it
 * downloads or trains anything; Cancel (Escape) leaves the app idle with the
 * preset's settings, Run anyway (Enter) starts it. A toy preset starts with no
 * question. To keep this cheap on two cores, the measurement of the
 * full-scale models is a stored one written here (wasm: 500 examples/s for
 * the teacher, 1,480 for the two students, settled), as the page keeps real ones; the
 * run is reset while its data loads.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addAxe, collectErrors, launchChromium, newContext, storeWasmCalibration, waitForReady } from './browser';
import { findPreset } from '../../src/core/presets';
import type { Settings } from '../../src/core/settings';

let browser: Browser;
let page: Page;
let errors: string[];
/** Requests for the 28×28 digits or the full-scale teacher (the worker's fetches included). */
const bigDownloads: string[] = [];

const full = findPreset('paper-full')!.settings as Settings;
const dialog = () => page.getByTestId('long-run-dialog');
const progressLabel = () => page.getByTestId('progress-label').innerText();
const trainButton = () => page.getByRole('button', { name: /^(Train|Train again)$/ });

/** axe-core's serious and critical violations inside the open dialog. */
async function dialogViolations(): Promise<string[]> {
  await addAxe(page);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Element) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
    const result = await axe.run(document.querySelector('[data-testid="long-run-dialog"]')!);
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}

const HEADLINE = /^Paper: MNIST, full scale: about (\d+ (s|min)|\d+ h \d+ min) of training on this device$/;

beforeAll(async () => {
  browser = await launchChromium();
  const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  await context.addInitScript("localStorage.setItem('dkl.tour.done', '1')");
  page = await context.newPage();
  errors = collectErrors(page);
  page.on('request', (request) => {
    if (/mnist-28|digits-28-1200/.test(request.url())) bigDownloads.push(request.url());
  });
  await page.goto(inject('baseUrl'));
  await waitForReady(page);
  // A stored wasm measurement for the full-scale models (this device's key from the one stored for the default preset).
  await storeWasmCalibration(page, full, { teacher: 500, students: [1480] });
  await page.reload();
  await waitForReady(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('long runs ask before they start', () => {
  it('a toy preset starts at once, with no question', async () => {
    await page.getByRole('button', { name: 'Low data', exact: true }).click();
    await trainButton().click();
    await page.getByText(/Students: epoch \d+ of \d+ · done in/).waitFor({ timeout: 60_000 });
    expect(await dialog().isVisible()).toBe(false);
    expect(await progressLabel()).not.toMatch(/left/);
  });

  it('the full-scale paper run: the estimate, the backend and the measured speed; Escape and Cancel leave the app as it was', async () => {
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.poll(progressLabel).toBe('Not started');
    await page.getByRole('button', { name: 'Paper: MNIST, full scale', exact: true }).click();
    // No preview: its digits are downloaded only for a run.
    await expect(page.getByTestId('preview-note').innerText()).resolves.toBe('The 28×28 digits (11.2 MB) are downloaded when a run starts, not for a preview.');
    await trainButton().click();
    await dialog().waitFor({ state: 'visible', timeout: 30_000 });
    const headline = await dialog().getByRole('heading').innerText();
    expect(headline).toMatch(HEADLINE);
    // 20 epochs of 60,000 digits at 1,480 examples/s, their evaluations, the soft targets and the teacher's evaluation
    // (about 19 min, core/run-estimate.ts), over the 0.8 of its time the page's training loop works (core/loop-duty.ts): about 24 min.
    expect(headline).toBe('Paper: MNIST, full scale: about 24 min of training on this device');
    await expect(dialog().locator('#long-run-details').innerText()).resolves.toBe(
      'Measured on wasm with these models: 1,480 examples/s for the two students. It uses the teacher shipped with the app, evaluated here first; only the students train. It first downloads the 28×28 digits (11.2 MB). One epoch of the students alone takes about 70 s.',
    );
    // Focus is on "Run anyway"; the dialog is named by its headline.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Run anyway');
    expect(await page.getByRole('dialog', { name: headline }).count()).toBe(1);
    expect(await dialogViolations()).toEqual([]);
    await page.screenshot({ path: 'test-results/long-run-1280x800.png' });

    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    await trainButton().and(page.locator(':enabled')).waitFor();
    expect(await progressLabel()).toBe('Not started');
    expect(await page.getByRole('button', { name: 'Paper: MNIST, full scale', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Training T', { exact: true }).inputValue()).toBe('20');

    // On a phone, and dismissed with the Cancel button.
    await page.setViewportSize({ width: 390, height: 844 });
    await trainButton().click();
    await dialog().waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: 'test-results/long-run-390x844.png' });
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await trainButton().and(page.locator(':enabled')).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });

    // In lecture view, from the keyboard: Space asks, Escape cancels.
    await page.keyboard.press('l');
    await page.keyboard.press(' ');
    await dialog().waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: 'test-results/long-run-lecture-1280x800.png' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Run anyway');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    await page.keyboard.press('l');
    await trainButton().and(page.locator(':enabled')).waitFor();
    expect(await progressLabel()).toBe('Not started');
    expect(bigDownloads).toEqual([]);
  });

  it('Run anyway (Enter) starts it, with the estimate in the progress line; Reset stops it while its data loads', async () => {
    await trainButton().click();
    await dialog().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await expect.poll(progressLabel, { timeout: 60_000 }).toMatch(/^(Starting: about 24 min of training|Loading digits-28 digits: )/);
    // The run really starts: the shipped teacher is fetched (then the digits).
    await expect.poll(() => bigDownloads.some((url) => url.includes('digits-28-1200-1200-e80-cos')), { timeout: 60_000 }).toBe(true);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await trainButton().and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
    expect(await progressLabel()).toBe('Not started');
    expect(await dialog().isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });
});
