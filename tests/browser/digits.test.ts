/** The real-digit experiments in the browser, shortened to a few epochs. */
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
  await page.goto(inject('baseUrl'));
  await waitForReady(page);
});

afterAll(async () => {
  await browser?.close();
});

async function shortRun(preset: string) {
  await page.getByRole('button', { name: preset, exact: true }).click();
  await expect.poll(() => page.getByTestId('selected-point').innerText(), { timeout: 60_000 }).toMatch(/^Digit 1 of 10,000/);
  const more = page.locator('details.more-settings');
  if (!(await more.evaluate((el) => (el as HTMLDetailsElement).open))) await more.locator('summary').click();
  await page.getByLabel('Teacher epochs', { exact: true }).fill('1');
  await page.getByLabel('Student epochs', { exact: true }).fill('1');
  await page.getByLabel('Student hidden layers', { exact: true }).selectOption('32-32');
  await page.getByRole('button', { name: /^(Train|Train again)$/ }).click();
  await page.getByText(/Students: epoch 1 of 1 · done in/).waitFor({ timeout: 120_000 });
}

describe('real digits', () => {
  it('loads the digits, trains, and sets our error counts beside the paper’s', async () => {
    await shortRun('Paper: MNIST');
    const teacher = Number(await page.getByTestId('errors-teacher').innerText());
    const hard = Number(await page.getByTestId('errors-hard').innerText());
    expect(teacher).toBeGreaterThan(0);
    expect(teacher).toBeLessThan(10_000);
    expect(hard).toBeGreaterThan(0);
    expect(await page.getByTestId('recovered').innerText()).toMatch(/^-?\d+%$/);
    expect(await page.getByText('This panel failed to draw').count()).toBe(0);
    // The dark-knowledge matrix names the digit pairs the teacher finds most alike.
    expect(await page.getByTestId('dark-pairs').innerText()).toMatch(/Most alike to the teacher: \d–\d, \d–\d, \d–\d\./);
    // What else the teacher sees in the selected digit, in words that agree with its probabilities in the table.
    const almost = await page.getByTestId('almost').innerText();
    expect(almost).toMatch(/^(Looks a bit like: \d(, \d)*|Nothing else comes close at this temperature; next come \d \(\d+\.\d%\)( and \d \(\d+\.\d%\))?\.)$/);
    const probabilities = (await page.locator('.distribution tbody td:nth-child(2)').allInnerTexts()).map(Number);
    for (const [, digit, share] of almost.matchAll(/(\d) \((\d+\.\d)%\)/g)) expect(probabilities[Number(digit)]! * 100).toBeCloseTo(Number(share), 0);
    expect(errors).toEqual([]);
  });

  it('omits a class: the hard student gets none of it, and the bias slider moves the soft student', async () => {
    await shortRun('Omitted class');
    const summary = page.getByTestId('omitted-summary');
    await expect(summary.innerText()).resolves.toMatch(/hard student: 0\.0%/);
    await page.getByRole('button', { name: 'Find the best shift on the training data' }).click();
    await expect.poll(() => page.getByTestId('bias-shift').innerText()).not.toBe('+0.00');
    const slider = page.getByRole('slider', { name: 'Bias for the omitted class' });
    await slider.fill('15');
    // A huge bias makes the soft student call almost everything a 3.
    await expect(summary.innerText()).resolves.toMatch(/soft student: (9\d|100)\.\d% with bias \+15\.00/);
    // The table's soft column and the chart's legend name the shift the numbers are at, and agree with the summary.
    const column = page.locator('.omitted-panel table thead th').nth(2);
    expect(await column.innerText()).toBe('Soft, bias +15.00');
    const threes = await page.locator('.omitted-panel table tbody tr').nth(3).locator('td').nth(1).innerText();
    expect(await summary.innerText()).toContain(`soft student: ${threes} with bias +15.00`);
    await page.screenshot({ path: 'test-results/omitted-class-1280x800.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('Step with the shipped teacher: the progress line says so while the teacher is evaluated and one epoch trains', async () => {
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByRole('button', { name: 'Paper: MNIST', exact: true }).click();
    const label = () => page.getByTestId('progress-label').innerText();
    await expect.poll(label).toBe('Not started');
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(label, { interval: 10, timeout: 30_000 }).toBe('Step: training one epoch…');
    await expect.poll(label, { timeout: 60_000 }).toMatch(/^Teacher: shipped · Students: epoch 1 of 14 · paused/);
    // Its numbers are the ones the page computed, with the errors its test logits make.
    expect(await page.getByTestId('teacher-status').innerText()).toMatch(/shipped with the app \(npm run teachers, seed 1\) · test \d+\.\d% \(\d+ errors of 10,000\) · train/);
    expect(errors).toEqual([]);
  });
});
