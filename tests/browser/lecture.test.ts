/**
 * The lecture hall and the student at home: a preset link driven by keyboard
 * only, a link that reproduces a run, accessibility checks with axe-core,
 * and screenshots at projector, laptop and phone sizes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addAxe, collectErrors, launchChromium, newContext, newPage as freshPage, waitForReady } from './browser';

let browser: Browser;
/** One profile for the light-theme pages, holding the run's backend measurement (browser.ts). */
let context: BrowserContext;
/** A page of that profile at this size (1280×720 when none is given, as a fresh page would be). */
async function newPage(viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  return page;
}

beforeAll(async () => {
  browser = await launchChromium();
  context = await newContext(browser);
});
afterAll(async () => {
  await browser?.close();
});

const entropy = async (page: Page) => Number((await page.getByTestId('entropy').innerText()).match(/Entropy: ([\d.]+) bits/)![1]);

async function seriousViolations(page: Page): Promise<string[]> {
  await addAxe(page);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.targets.join(', ')}`);
}

describe('lecture flow, keyboard only', () => {
  it('opens a preset link, trains with Space, raises T with →, resets with R', async () => {
    const page = await newPage({ width: 1920, height: 1080 });
    const errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?preset=low-data&seed=3&epochs=60&view=lecture`);
    await waitForReady(page);
    await page.keyboard.press('Space');
    await page.getByText(/Students: epoch 60 of 60 · done in/).first().waitFor({ timeout: 120_000 });
    const before = await entropy(page);
    // The preset opens at T = 4; four presses of → make it 8.
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('display-temperature').innerText()).resolves.toBe('T = 8.0');
    expect(await entropy(page)).toBeGreaterThan(before);
    await page.waitForURL(/displayT=8/);
    await page.screenshot({ path: 'test-results/lecture-1920x1080.png' });
    await page.keyboard.press('r');
    await page.getByText('Not started').first().waitFor();
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 1280×720 projector in lecture view without horizontal scrolling', async () => {
    const page = await newPage({ width: 1280, height: 720 });
    await page.goto(`${inject('baseUrl')}?preset=low-data&view=lecture`);
    await waitForReady(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: 'test-results/lecture-1280x720.png' });
    await page.close();
  });
});

describe('sharing a link', () => {
  it('reproduces the same settings and the same final accuracies on a fresh page', async () => {
    const first = await newPage();
    await first.goto(`${inject('baseUrl')}?preset=low-data&seed=5&T=6&alpha=0.8&epochs=40&point=7&displayT=3`);
    await waitForReady(first);
    await first.getByRole('button', { name: 'Train', exact: true }).click();
    await first.getByText(/Students: epoch 40 of 40 · done in/).first().waitFor({ timeout: 120_000 });
    const link = first.url();
    const gaps = async (page: Page) => [await page.getByTestId('gap-hard').innerText(), await page.getByTestId('gap-soft').innerText(), await page.getByTestId('teacher-status').innerText()];
    const firstResult = await gaps(first);
    await first.close();

    // A fresh profile: nothing the first page stored (teacher, calibration) carries over; it holds only the run's backend measurement (browser.ts).
    const second = await freshPage(browser, { viewport: { width: 1280, height: 720 } });
    await second.goto(link);
    await waitForReady(second);
    await expect(second.getByLabel('Training T', { exact: true }).inputValue()).resolves.toBe('6');
    await expect(second.getByLabel('α (soft weight)', { exact: true }).inputValue()).resolves.toBe('0.8');
    await expect(second.getByLabel('Seed', { exact: true }).inputValue()).resolves.toBe('5');
    await expect(second.getByTestId('display-temperature').innerText()).resolves.toBe('T = 3.0');
    await expect(second.getByTestId('selected-point').innerText()).resolves.toMatch(/^Point 7 of 2,000/);
    await second.getByRole('button', { name: 'Train', exact: true }).click();
    await second.getByText(/Students: epoch 40 of 40 · done in/).first().waitFor({ timeout: 120_000 });
    expect(await gaps(second)).toEqual(firstResult);
    await second.close();
  });

  it('ignores bad values in a link, says which, and keeps the rest', async () => {
    const page = await newPage();
    const errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?preset=low-data&seed=4&T=-3&alpha=2&displayT=abc&point=0`);
    await waitForReady(page);
    const notice = await page.getByRole('status').filter({ hasText: 'ignored' }).innerText();
    expect(notice).toMatch(/T=-3 .*alpha=2 .*displayT=abc .*point=0/);
    await expect(page.getByLabel('Seed', { exact: true }).inputValue()).resolves.toBe('4');
    await expect(page.getByLabel('Training T', { exact: true }).inputValue()).resolves.toBe('4');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('for everyone', () => {
  it.each([
    [1280, 800, 'laptop'],
    [390, 844, 'phone'],
    [360, 740, 'small-phone'],
    [320, 640, 'narrowest-phone'],
  ])('has no serious accessibility violations, no horizontal scroll and no number broken across lines at %i×%i', async (width, height, name) => {
    const page = await newPage({ width, height });
    await page.goto(`${inject('baseUrl')}?preset=low-data&epochs=20`);
    await waitForReady(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/Students: epoch 20 of 20 · done in/).first().waitFor({ timeout: 120_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    // The values of the tables of numbers (probabilities, accuracies, gaps) each stay on one line ("1.3e-" over "10" before).
    const cells = page.locator('.data-table.numbers td');
    expect(await cells.count()).toBeGreaterThan(10);
    const broken = await cells.evaluateAll((tds) =>
      tds
        .filter((td) => {
          // The lines a cell's text takes: its text's boxes at distinct heights.
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
        })
        .map((td) => td.textContent),
    );
    expect(broken).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `test-results/${name}-${width}x${height}.png`, fullPage: true });
    await page.close();
  });

  it('has no serious violations in the dark theme either, with every panel drawn', async () => {
    const page = await freshPage(browser, { colorScheme: 'dark' });
    await page.goto(`${inject('baseUrl')}?preset=low-data&epochs=10`);
    await waitForReady(page);
    await page.getByLabel('Theme', { exact: true }).selectOption('dark');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/Students: epoch 10 of 10 · done in/).first().waitFor({ timeout: 120_000 });
    expect(await page.getByText('This panel failed to draw').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
