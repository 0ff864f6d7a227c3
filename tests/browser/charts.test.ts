/**
 * Matrices and chart axes after short runs on one page: every matrix shows its ten columns where the width allows (laptop,
 * lecture) and says it scrolls where it cannot (phone); tick labels are distinct and plain; the loss chart has a
 * teacher axis only for a teacher trained in this run; the distribution legend matches its bars. Charts are read
 * from the state each canvas carries (data-chart-state), as the page has no handle on Chart.js.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addAxe, collectErrors, launchChromium, newContext, waitForReady } from './browser';
import type { ChartState } from '../../src/components/charts/chart-setup';

const BAD_TICK = /\d,\d{3}\.\d|0\.000\d0/;

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium({ webgpu: false });
  context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  await context.addInitScript("localStorage.setItem('dkl.tour.done', '1')");
});
afterAll(async () => {
  await browser?.close();
});

const train = async (page: Page) => {
  await page.getByRole('button', { name: /^(Train|Train again)$/ }).first().click();
  await page.getByText(/Students: epoch \d+ of \d+ · done in/).first().waitFor({ timeout: 120_000 });
};

/** Another preset on the same page (no new worker or backend choice), shortened through its settings. */
async function runPreset(page: Page, title: string, fields: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: title, exact: true }).click();
  const more = page.locator('details.more-settings');
  if (!(await more.evaluate((el) => (el as HTMLDetailsElement).open))) await more.locator('summary').click();
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await train(page);
}

async function chartState(page: Page, figure: string): Promise<ChartState> {
  const canvas = page.locator(`${figure} canvas`).first();
  // A chart off screen is redrawn only once it scrolls into view, as a reader would bring it.
  await canvas.scrollIntoViewIfNeeded();
  // Two frames for the visibility report, then a moment for the redraw it queues (a task of its own).
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 200)))));
  await expect.poll(() => canvas.getAttribute('data-chart-state')).toBeTruthy();
  return JSON.parse((await canvas.getAttribute('data-chart-state'))!) as ChartState;
}

/** Every axis's non-empty labels are distinct and plainly written. */
function expectCleanTicks(state: ChartState): void {
  for (const [id, axis] of Object.entries(state.axes)) {
    const labels = axis.ticks.filter((t) => t !== '');
    expect(labels.length, `axis ${id}: ${JSON.stringify(axis.ticks)}`).toBeGreaterThan(1);
    expect(new Set(labels).size, `axis ${id}: ${labels.join(' ')}`).toBe(labels.length);
    expect(labels.filter((t) => BAD_TICK.test(t)), `axis ${id}`).toEqual([]);
  }
}

/** Each matrix's scroll region: how wide its table is against how wide the region shows. */
const matrices = (page: Page) =>
  page.locator('.matrix-scroll').evaluateAll((regions) => regions.map((r) => ({ label: r.getAttribute('aria-label'), scroll: r.scrollWidth, client: r.clientWidth })));

/** The smallest font size of any text the reader can see in the matrices. */
const smallestMatrixText = (page: Page) =>
  page.locator('.dark-matrix, .confusions').evaluateAll((roots) => {
    let smallest = Infinity;
    for (const root of roots) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
        const box = el.getBoundingClientRect();
        if (text && box.width > 1 && box.height > 1 && el.checkVisibility({ visibilityProperty: true })) smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
      }
    }
    return smallest;
  });

async function expectWholeMatrices(page: Page, count: number): Promise<void> {
  const regions = await matrices(page);
  expect(regions).toHaveLength(count);
  for (const region of regions) expect(region.scroll, region.label!).toBeLessThanOrEqual(region.client);
  expect(await page.getByTestId('scroll-hint').count()).toBe(0);
}

describe('after a short digits run (shipped teacher), then a sweep and a toy run on the same page', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    page = await context.newPage();
    errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?preset=dark-matrix&epochs=1&fraction=0.05`);
    await waitForReady(page);
    await train(page);
  });

  it('shows all ten columns of every matrix at 1280×800', async () => {
    await expectWholeMatrices(page, 3);
    await page.locator('.under-the-hood').screenshot({ path: 'test-results/charts-matrices-1280x800.png' });
  });

  it('writes the loss ticks plainly, with no teacher axis or series for a teacher not trained in this run', async () => {
    const loss = await chartState(page, '.under-the-hood');
    expect(Object.keys(loss.axes).sort()).toEqual(['x', 'y']);
    expect(loss.legend.map((l) => l.text).filter((t) => /teacher/i.test(t))).toEqual([]);
    expectCleanTicks(loss);
    expectCleanTicks(await chartState(page, '.gap-panel'));
  });

  it('gives the distribution legend class-coloured swatches, and one teacher entry at T = 1', async () => {
    const teacherEntries = async () => (await chartState(page, '.distribution')).legend.filter((l) => /^Teacher/.test(l.text));
    // The preset opens at its own display temperature; at T = 1 there is one teacher entry.
    await page.getByRole('slider', { name: 'Temperature' }).fill('1');
    await expect.poll(async () => (await teacherEntries()).length).toBe(1);
    const atOne = await teacherEntries();
    expect(atOne.map((l) => l.text)).toEqual(['Teacher at T = 1.0']);
    expect(atOne[0]!.fill).toBe('pattern');
    await page.getByRole('slider', { name: 'Temperature' }).fill('3');
    await expect.poll(async () => (await teacherEntries()).map((l) => `${l.text}: ${l.fill}`)).toEqual(['Teacher at T = 3.0: pattern', 'Teacher at T = 1: pattern']);
    await page.locator('.distribution').screenshot({ path: 'test-results/charts-distribution-1280x800.png' });
    // Hovering the last class's bars reads out its values, as the table lists them.
    const canvas = await page.locator('.distribution canvas').boundingBox();
    await page.mouse.move(canvas!.x + canvas!.width - 12, canvas!.y + canvas!.height / 3);
    const lastRow = page.locator('.distribution tbody tr').last();
    const [name, atT, atT1] = await Promise.all([lastRow.locator('th').innerText(), lastRow.locator('td').nth(0).innerText(), lastRow.locator('td').nth(1).innerText()]);
    await expect.poll(() => page.locator('.distribution .bar-tip').innerText()).toBe(`${name.trim()}: ${atT} at T = 3.0, ${atT1} at T = 1`);
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.distribution .bar-tip').count()).toBe(0);
  });

  it('keeps every matrix whole in lecture view at 1920×1080, its text 18 px or more', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('l');
    await page.locator('.app.lecture .confusions').waitFor();
    await expect.poll(() => matrices(page).then((m) => m.length)).toBe(3);
    await expectWholeMatrices(page, 3);
    expect(await smallestMatrixText(page)).toBeGreaterThanOrEqual(18);
    expectCleanTicks(await chartState(page, '.under-the-hood'));
    await page.screenshot({ path: 'test-results/charts-lecture-1920x1080.png', fullPage: true });
  });

  it('in lecture view at 1280×720 too (the confusion matrices stacked)', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await expectWholeMatrices(page, 3);
    expect(await smallestMatrixText(page)).toBeGreaterThanOrEqual(18);
  });

  it('on a 390×844 phone, scrolls the matrix by keyboard, with a visible hint that goes at the end', async () => {
    await page.keyboard.press('l');
    await page.locator('.app:not(.lecture) .dark-matrix').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    const region = page.locator('.dark-matrix').getByRole('region');
    await expect.poll(() => region.evaluate((r) => r.scrollWidth > r.clientWidth)).toBe(true);
    const hint = page.locator('.dark-matrix').getByTestId('scroll-hint');
    await expect.poll(() => hint.isVisible()).toBe(true);
    await region.scrollIntoViewIfNeeded();
    await page.locator('.dark-matrix').screenshot({ path: 'test-results/charts-matrix-390x844.png' });
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((r) => r.scrollLeft)).toBeGreaterThan(0);
    await region.evaluate((r) => r.scrollTo({ left: r.scrollWidth }));
    await expect.poll(() => hint.isVisible()).toBe(false);
    await addAxe(page);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
      return (await axe.run({ include: [['.dark-matrix'], ['.confusions']] })).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('puts the sweep chart’s x ticks at the swept temperatures only, with distinct y labels', async () => {
    await runPreset(page, 'Temperature sweep', { 'Student epochs': '1', 'Student data fraction': '0.02' });
    const sweep = await chartState(page, '.sweep-panel');
    expect(sweep.axes.x!.ticks).toEqual(['1', '2', '4', '8', '16', '20']);
    expectCleanTicks(sweep);
  });

  it('gives a teacher trained in this run its own axis of whole epochs on the loss chart', async () => {
    await runPreset(page, 'Low data', { 'Teacher epochs': '3', 'Student epochs': '3' });
    const loss = await chartState(page, '.under-the-hood');
    expect(loss.axes.xTeacher?.title).toBe('Teacher epoch');
    expect(loss.axes.xTeacher?.ticks).toEqual(['1', '2', '3']);
    expect(loss.legend.map((l) => l.text)).toContain('Teacher (by teacher epoch)');
    expectCleanTicks(loss);
    expect(errors).toEqual([]);
  });

  it('leaves a chart off screen undrawn while it trains, and draws it as it scrolls into view', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const canvas = page.locator('.under-the-hood canvas').first();
    const box = await canvas.boundingBox();
    expect(box!.y).toBeGreaterThan(800 + 300); // below the viewport and the margin charts are drawn ahead of it
    const drawn = async () => JSON.parse((await canvas.getAttribute('data-chart-state')) ?? '{"axes":{}}') as ChartState;
    await runPreset(page, 'Low data', { 'Teacher epochs': '2', 'Student epochs': '7' });
    // Still the three epochs of the run before: the seven of this one were held back.
    expect((await drawn()).axes.x?.ticks.at(-1)).toBe('3');
    const loss = await chartState(page, '.under-the-hood');
    expect(loss.axes.x?.ticks.at(-1)).toBe('7');
    expect(loss.axes.xTeacher?.ticks).toEqual(['1', '2']);
  });
});
