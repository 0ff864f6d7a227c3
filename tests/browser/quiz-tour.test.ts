/** Quiz progress kept in the browser, predict-then-reveal, and the first-visit tour. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { collectErrors, launchChromium, newContext, waitForReady } from './browser';

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  context = await newContext(browser); // one profile: localStorage survives reloads
});
afterAll(async () => {
  await browser?.close();
});

describe('quiz progress and the tour', () => {
  it('shows a three-step tour once, and never again after it is skipped', async () => {
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    await waitForReady(page);
    const tour = page.getByTestId('tour');
    await expect(tour.innerText()).resolves.toMatch(/^1 · Train/);
    await tour.getByRole('button', { name: /Next \(1 of 3\)/ }).click();
    await expect(tour.innerText()).resolves.toMatch(/^2 · Soften/);
    await tour.getByRole('button', { name: 'Skip the tour' }).click();
    await page.reload();
    await waitForReady(page);
    expect(await page.getByTestId('tour').count()).toBe(0);
    await page.close();
  });

  it('the tour follows what the user does: Train ends its first step, a move of the Temperature slider its second', async () => {
    const fresh = await newContext(browser);
    const page = await fresh.newPage();
    const errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?preset=low-data`);
    await waitForReady(page);
    const tour = page.getByTestId('tour');
    await expect(tour.innerText()).resolves.toMatch(/^1 · Train/);
    // A preset that sets the slider is not the user's move: the tour waits for Train.
    await page.getByRole('button', { name: 'Tiny student', exact: true }).click();
    await expect(tour.innerText()).resolves.toMatch(/^1 · Train/);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => tour.innerText()).toMatch(/^2 · Soften/);
    const slider = page.locator('#display-temperature');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tour.innerText()).toMatch(/^3 · Test yourself/);
    await tour.getByRole('button', { name: 'Got it' }).click();
    expect(await page.getByTestId('tour').count()).toBe(0);
    expect(errors).toEqual([]);
    await fresh.close();
  });

  it('keeps answers across a reload and clears them on reset', async () => {
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(inject('baseUrl'));
    await waitForReady(page);
    const q3 = page.locator('[data-question="temperature-peaked"]');
    await q3.getByRole('button', { name: 'False', exact: true }).click();
    await expect(page.getByTestId('quiz-progress').innerText()).resolves.toMatch(/1 of \d+ answered, 1 correct/);
    await page.reload();
    await waitForReady(page);
    await expect(page.locator('[data-question="temperature-peaked"]').getByTestId('quiz-feedback').innerText()).resolves.toMatch(/Correct: False/);
    await page.getByRole('button', { name: 'Reset quiz progress' }).click();
    await expect(page.getByTestId('quiz-progress').innerText()).resolves.toMatch(/^0 of \d+ answered, 0 correct/);
    expect(await page.locator('[data-question="temperature-peaked"]').getByTestId('quiz-feedback').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for a prediction before it shows the result', async () => {
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    await waitForReady(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/Students: epoch 300 of 300 · done in/).first().waitFor({ timeout: 150_000 });
    const card = page.locator('[data-question="high-temperature-limit"]');
    await expect(card.getByRole('button', { name: /^Run it/ }).count()).resolves.toBe(0);
    await card.getByText('Rise towards its maximum').click();
    await card.getByRole('button', { name: 'Lock in my prediction' }).click();
    const before = Number((await page.getByTestId('entropy').innerText()).match(/([\d.]+) bits/)![1]);
    await card.getByRole('button', { name: /^Run it/ }).click();
    await expect.poll(() => page.getByTestId('display-temperature').innerText()).toBe('T = 20.0');
    expect(Number((await page.getByTestId('entropy').innerText()).match(/([\d.]+) bits/)![1])).toBeGreaterThan(before);
    await page.close();
  });
});
