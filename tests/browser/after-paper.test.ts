/** The "After the paper" presets in the browser, shortened to one epoch on 2% of the digits: each claim, its rows and a verdict. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launchChromium, newPage, waitForReady } from './browser';

let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  errors = collectErrors(page);
});

afterAll(async () => {
  await browser?.close();
});

/** Open the preset shortened by its link, train it to the end, and return the verdict under its claim. */
async function shortRun(preset: string): Promise<string> {
  await page.goto(`${inject('baseUrl')}?preset=${preset}&epochs=1&fraction=0.02`);
  await waitForReady(page);
  await page.getByRole('button', { name: /^(Train|Train again)$/ }).click();
  await page.getByText(/Students: epoch 1 of 1 · done in/).waitFor({ timeout: 150_000 });
  return page.getByTestId('verdict').innerText();
}

describe('after the paper', () => {
  it('born-again: the student as large as its teacher beside it, with a verdict', async () => {
    const verdict = await shortRun('born-again');
    expect(await page.locator('#paper-heading').innerText()).toBe('Against Furlanello et al. 2018');
    for (const id of ['teacher-errors', 'born-again-errors', 'hard-errors']) expect(Number(await page.getByTestId(id).innerText())).toBeGreaterThan(0);
    expect(verdict).toMatch(/^(Shown|Not shown|Not clearly shown) here: the born-again student made \d+/);
    expect(errors).toEqual([]);
  });

  it('label smoothing: the smoothed teacher’s dark-knowledge matrix beside its unsmoothed twin’s, and a student of each', async () => {
    const verdict = await shortRun('label-smoothing');
    expect(await page.getByTestId('dark-pairs').innerText()).toMatch(/^Most alike to it: \d–\d, \d–\d, \d–\d\.$/);
    expect(await page.getByTestId('dark-pairs-twin').innerText()).toMatch(/^Most alike to it: \d–\d, \d–\d, \d–\d\.$/);
    expect(await page.locator('#panel-dark-matrix table.heatmap').count()).toBe(2);
    expect(await page.getByTestId('dark-doubt').innerText()).toMatch(/smoothed \d\.\d\d bits, unsmoothed \d\.\d\d bits/);
    // The twin is the shipped unsmoothed teacher: its 139 errors; the smoothed one is shipped too.
    expect(await page.getByTestId('unsmoothed-teacher').innerText()).toBe('139');
    expect(Number(await page.getByTestId('student-unsmoothed').innerText())).toBeGreaterThan(0);
    expect(verdict).toMatch(/^(Shown|Not shown) here: the soft student of the smoothed teacher made \d+/);
    expect(errors).toEqual([]);
  });

  it('fidelity: agreement with the teacher beside accuracy, per T', async () => {
    const verdict = await shortRun('fidelity');
    expect(await page.locator('#paper-heading').innerText()).toBe('Against Stanton et al. 2021');
    expect(await page.getByTestId('agreement-T4').innerText()).toMatch(/^\d+\.\d% of test digits \(its accuracy \d+\.\d% allows \d+\.\d%\) · \d+\.\d% of its training digits$/);
    expect(await page.getByTestId('sweep-agreement').locator('tbody tr').count()).toBe(2);
    expect(verdict).toMatch(/^(Shown|Not shown|Partly shown) here: /);
    // The caption gives the full source and claim; in lecture view (L) one short line that is not cut, the full
    // text kept for screen readers.
    const caption = page.locator('#panel-paper figcaption');
    expect(await caption.locator('.caption-short').isVisible()).toBe(false);
    expect(await caption.innerText()).toMatch(/Does Knowledge Distillation Really Work\?.*fidelity to the teacher and accuracy are different things/);
    await page.locator('body').press('l');
    await page.locator('.app.lecture').waitFor();
    const short = caption.locator('.caption-short');
    expect(await short.isVisible()).toBe(true);
    expect(await short.innerText()).toBe('Stanton et al. 2021: students agree with their teachers less than expected.');
    expect(await caption.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    // The full one is off screen (a 1 px box), not gone.
    expect((await caption.locator('.caption-long').boundingBox())!.width).toBeLessThanOrEqual(1);
    expect(await caption.textContent()).toMatch(/Stanton, Izmailov, Kirichenko, Alemi & Wilson/);
    expect(errors).toEqual([]);
  });
});
