/**
 * Size limits and hostile links (issue 10, items 5 and 6): a link with students
 * too big for the browser's tensor memory falls back, naming the estimate and
 * the limit; a large size that fits shows in the layer menu and trains; a
 * 10,000-character value is quoted short and never widens the page; settings
 * after # are honoured and rewritten after ?. One browser context throughout,
 * so the backend measurement stored by the first page serves the rest; the big
 * students' measurement is a stored one written here (as long-run.test.ts does).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launchChromium, newContext, storeWasmCalibration, waitForReady } from './browser';
import { parseUrlState } from '../../src/core/url-state';

let browser: Browser;
let page: Page;
let errors: string[];
const base = () => inject('baseUrl');
const noticeText = () => page.locator('.notice-text').allInnerTexts();
/** The large student size that fits (about 1.2 GB of tensors), one epoch each so it finishes in seconds. */
const BIG = '?preset=low-data&student=4096-4096&epochs=1&teacherEpochs=1';

beforeAll(async () => {
  browser = await launchChromium();
  const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  await context.addInitScript("localStorage.setItem('dkl.tour.done', '1')");
  page = await context.newPage();
  errors = collectErrors(page);
  await page.goto(base());
  await waitForReady(page);
  // A stored wasm measurement for the big students (this device's key from the one stored for the default preset).
  await storeWasmCalibration(page, parseUrlState(BIG).state.settings, { teacher: 20_000, students: [200] });
});

afterAll(async () => {
  await browser?.close();
});

describe('size limits', () => {
  it('a link with students too big falls back to the preset’s, naming the estimate and the limit', async () => {
    await page.goto(`${base()}?preset=low-data&student=4096-4096-4096-4096&dataset=digits-28`);
    const notice = page.locator('.notice-text', { hasText: 'student=4096-4096-4096-4096' });
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/Students 4096-4096-4096-4096 on 28×28 digits need about 3\.\d+ GB of tensors; the limit here is 2 GB\. Use smaller layers\./);
    // The address bar is rewritten once the page rests: without the refused students, with the dataset kept (the link
    // itself already names the dataset, so waiting for that alone passed before the rewrite and raced it).
    await expect.poll(() => page.evaluate(() => window.location.search)).not.toMatch(/student=/);
    expect(await page.evaluate(() => window.location.search)).toMatch(/dataset=digits-28/);
    expect(await page.locator('#student-layers').inputValue()).toBe('32-32');
    expect(await page.locator('#dataset-select').inputValue()).toBe('digits-28');
  });

  it('a large size that fits shows in the layer menu, is refused with 28×28 digits beside the menu, and runs', async () => {
    await page.goto(`${base()}${BIG}`);
    await waitForReady(page);
    expect(await noticeText()).toEqual([]);
    await page.getByText('More settings').click();
    expect(await page.locator('#student-layers').inputValue()).toBe('4096-4096');
    expect(await page.locator('#student-layers option:checked').innerText()).toBe('2 → 4096 → 4096 → 6 (from the link)');
    await page.locator('#dataset-select').selectOption('digits-28');
    await expect(page.locator('#dataset-error').innerText()).resolves.toMatch(/^Students 4096-4096 on 28×28 digits need about 2\.\d+ GB of tensors; the limit here is 2 GB\. Use smaller layers\./);
    expect(await page.locator('#dataset-select').inputValue()).toBe('animals-vehicles');
    // It runs: one Step (the teacher's epoch; the students' epoch of this size takes most of a minute here).
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.getByText(/Teacher: epoch 1 of 1/).first().waitFor({ timeout: 120_000 });
    expect(await noticeText()).toEqual([]);
  });
});

describe('hostile links', () => {
  it('a 10,000-character preset name is quoted short and the page keeps the viewport’s width', async () => {
    await page.goto(`${base()}?preset=${'x'.repeat(10_000)}`);
    const notice = page.locator('.notice-text', { hasText: 'too long to be a value' });
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain(`preset=${'x'.repeat(59)}…`);
    expect(text.length).toBeLessThan(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  });

  it('settings after # are applied and the address bar rewritten with ?', async () => {
    await page.goto(`${base()}#T=2&T=3`);
    await expect.poll(() => page.evaluate(() => window.location.search + window.location.hash)).toMatch(/^\?preset=low-data&seed=1&T=2$/);
    expect(await noticeText()).toEqual([expect.stringContaining('T given twice; used the first, 2')]);
    expect(errors).toEqual([]);
  });
});
