/**
 * Your own points: placed by clicking the scatter plot, they go in the link,
 * and a fresh page opened from that link has the same points and, trained,
 * the same final numbers; a link whose points are malformed, outside the
 * canvas or too many falls back to the dataset's points with a notice.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addAxe, collectErrors, launchChromium, newContext, waitForReady } from './browser';
import { decodePoints, encodePoints, GRID_COLUMNS, GRID_ROWS, MAX_OWN_POINTS, OWN_POINTS_CANVAS, pointX, pointY, type OwnPoint } from '../../src/core/own-points';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A page in a fresh profile (no teacher stored; only the run's backend measurement, browser.ts), on wasm chosen from the menu, so two pages compute alike. */
async function freshPage(link: string, viewport = { width: 1280, height: 800 }): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(browser, { viewport });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(link);
  await waitForReady(page);
  await page.getByLabel('Backend', { exact: true }).selectOption('wasm');
  await waitForReady(page);
  return { page, errors };
}

/** Click the centre of a point's cell on the scatter plot. */
async function clickPoint(page: Page, point: OwnPoint): Promise<void> {
  const canvas = page.getByTestId('scatter-canvas');
  // Positions are taken from the padding box, inside the border: the drawing's own size.
  const [width, height] = await canvas.evaluate((c) => [c.clientWidth, c.clientHeight]);
  const { minX, maxX, minY, maxY } = OWN_POINTS_CANVAS;
  await canvas.click({ position: { x: ((pointX(point) - minX) / (maxX - minX)) * width!, y: ((maxY - pointY(point)) / (maxY - minY)) * height! } });
}

/** axe-core's serious and critical violations on the page as it is. */
async function seriousViolations(page: Page): Promise<string[]> {
  await addAxe(page);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document);
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const linkPoints = (page: Page) => new URL(page.url()).searchParams.get('points');
const caption = (page: Page) => page.getByTestId('own-points-caption').innerText();

/** What a finished run shows: the teacher line, both gaps, and the teacher's probabilities for the selected test point. */
async function finalNumbers(page: Page): Promise<string[]> {
  await page.getByText(/Students: epoch 60 of 60 · done in/).first().waitFor({ timeout: 60_000 });
  return [
    await page.getByTestId('teacher-status').innerText(),
    await page.getByTestId('gap-hard').innerText(),
    await page.getByTestId('gap-soft').innerText(),
    await page.getByTestId('selected-point').innerText(),
    ...(await page.locator('.distribution tbody td:nth-child(2)').allInnerTexts()),
  ];
}

/** Three clusters of the animals: cats left, dogs right of them, tigers below; four points each, apart by more than a dot. */
const PLACED: OwnPoint[] = [0, 1, 2].flatMap((label) =>
  [[0, 0], [10, 4], [-6, 9], [4, -10]].map(([dc, dr]) => ({ column: [50, 90, 70][label]! + dc!, row: [90, 90, 50][label]! + dr!, label })),
);

describe('your own points', () => {
  it('placed by clicking, go in the link; a fresh page from the link has them and trains to the same numbers', async () => {
    const { page: first, errors } = await freshPage(`${inject('baseUrl')}?preset=low-data&seed=3&fraction=0.5&epochs=60`);
    await first.getByTestId('own-points-empty').click();
    await expect.poll(() => linkPoints(first)).toBe('empty');
    await expect(caption(first)).resolves.toMatch(/^Your points \(0 of 300\)/);
    // Too few to train: it says what to add, and nothing starts.
    await first.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(first.getByRole('status').filter({ hasText: 'To train, place at least 3 points' }).innerText()).resolves.toMatch(/in each of at least 2 classes: the canvas is empty\./);
    for (const label of [0, 1, 2]) {
      await first.locator('.class-choice').nth(label).click();
      for (const point of PLACED.filter((p) => p.label === label)) await clickPoint(first, point);
    }
    await expect(caption(first)).resolves.toMatch(/^Your points \(12 of 300\)/);
    // Each click is in the link, in order, with its class, in the cell clicked (a cell is under 2 px here: within one, for rounding).
    await expect.poll(() => linkPoints(first)?.length).toBe(4 * PLACED.length);
    const decoded = decodePoints(linkPoints(first)!, 6);
    if (!decoded.ok) throw new Error(decoded.message);
    const placed = decoded.points;
    placed.forEach((point, i) => {
      expect(point.label).toBe(PLACED[i]!.label);
      expect(Math.abs(point.column - PLACED[i]!.column), `column of point ${i + 1}`).toBeLessThanOrEqual(1);
      expect(Math.abs(point.row - PLACED[i]!.row), `row of point ${i + 1}`).toBeLessThanOrEqual(1);
    });
    await expect(first.getByTestId('own-points-status').innerText()).resolves.toBe('Ready to train: 9 points to train on (6 of them for the students, at a data fraction of 0.5), 3 to test.');
    await first.getByRole('button', { name: 'Train', exact: true }).click();
    const firstNumbers = await finalNumbers(first);
    expect(firstNumbers[0]).toMatch(/trained now · test \d+\.\d% · train \d+\.\d%/);
    expect(firstNumbers[3]).toMatch(/^Point 1 of 3 · true class /);
    expect(firstNumbers.slice(4)).toHaveLength(6);
    await expect(first.getByTestId('map-agreement-soft').innerText()).resolves.toMatch(/Same class as the teacher on \d+% of the plane/);
    await first.locator('#panel-distribution').screenshot({ path: 'test-results/own-points-trained-1280x800.png' });
    const link = first.url();
    expect(link).toContain(`points=${encodePoints(placed)}`);
    expect(errors).toEqual([]);
    await first.context().close();

    const { page: second, errors: secondErrors } = await freshPage(link);
    expect(linkPoints(second)).toBe(encodePoints(placed));
    await expect(caption(second)).resolves.toMatch(/^Your points \(12 of 300\)/);
    await expect(second.getByTestId('own-points-status').innerText()).resolves.toMatch(/^Ready to train: 9 points to train on/);
    await second.getByRole('button', { name: 'Train', exact: true }).click();
    expect(await finalNumbers(second)).toEqual(firstNumbers);
    // The editing controls (class choice, what a click does) pass axe.
    expect(await seriousViolations(second)).toEqual([]);
    // Clicking one of your points removes it, from the plot and the link.
    await clickPoint(second, placed[5]!);
    await expect(caption(second)).resolves.toMatch(/^Your points \(11 of 300\)/);
    await expect.poll(() => linkPoints(second)).toBe(encodePoints(placed.filter((_, i) => i !== 5)));
    expect(secondErrors).toEqual([]);
    await second.context().close();
  });

  it('are placed and removed from the keyboard: a cursor on the plot, arrows, Enter and 1–9 for the class', async () => {
    const { page, errors } = await freshPage(`${inject('baseUrl')}?preset=low-data&points=empty`);
    const plot = page.getByTestId('own-points-plot');
    const cursor = page.getByTestId('own-points-cursor');
    await expect(page.locator('.cursor-status').innerText()).resolves.toMatch(/^From the keyboard: Tab to the plot/);
    expect(await cursor.textContent()).toBe('');
    await plot.focus();
    await expect.poll(() => cursor.textContent()).toBe('Cursor at (0.02, 0.02): Enter places a cat point.');
    // The second class; two steps right (10 cells), one up (5 cells), then a point there.
    for (const key of ['2', 'ArrowRight', 'ArrowRight', 'ArrowUp', 'Enter']) await page.keyboard.press(key);
    const placed: OwnPoint = { column: GRID_COLUMNS / 2 + 10, row: GRID_ROWS / 2 + 5, label: 1 };
    await expect.poll(() => linkPoints(page)).toBe(encodePoints([placed]));
    await expect(caption(page)).resolves.toMatch(/^Your points \(1 of 300\)/);
    await expect(page.locator('.class-choice.chosen').innerText()).resolves.toMatch(/^dog/);
    // One cell left with Shift: still on that point, so Enter removes it.
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => cursor.textContent()).toMatch(/: Enter removes your dog point here\.$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => linkPoints(page)).toBe('empty');
    // The cursor stays on the canvas however far the arrows push it.
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    await expect.poll(() => decodePoints(linkPoints(page)!, 6)).toEqual({ ok: true, points: [{ column: GRID_COLUMNS / 2 + 9, row: 0, label: 1 }] });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a link whose points are malformed, outside the canvas or too many falls back to the dataset’s points with a notice', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    const outside = encodePoints(PLACED.slice(0, 2)) + '_AAA'; // column 252: the grid has 200
    expect(decodePoints(outside, 6)).toEqual({ ok: false, message: 'point 3 lies outside the canvas' });
    const tooMany = encodePoints(Array.from({ length: MAX_OWN_POINTS }, (_, i) => ({ column: i % GRID_COLUMNS, row: i % GRID_ROWS, label: i % 6 }))) + 'AAAA';
    const cases: [string, RegExp][] = [
      ['AB.C', /points=AB\.C \(not a list of points: “empty”, or four letters, digits, - or _ per point\)/],
      [outside, /points=\S+ \(point 3 lies outside the canvas\)/],
      [tooMany, /points=[\w-]{59}… \(too many points \(301\); a link carries at most 300\)/],
    ];
    for (const [points, message] of cases) {
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${inject('baseUrl')}?preset=low-data&seed=4&T=3&points=${points}`);
      // Read as the page opens, before the worker is ready.
      const notice = await page.getByRole('status').filter({ hasText: 'ignored' }).innerText();
      expect(notice).toMatch(message);
      expect(notice).toMatch(/The rest of the link applies\./);
      // The dataset's points, and the rest of the link.
      await expect(page.getByText('Test points (click one)').count()).resolves.toBe(1);
      await expect(page.getByTestId('own-points-empty').count()).resolves.toBe(1);
      await expect(page.getByLabel('Training T', { exact: true }).inputValue()).resolves.toBe('3');
      await expect.poll(() => page.url()).toMatch(/\?preset=low-data&seed=4&T=3$/);
      expect(errors).toEqual([]);
      await page.close();
    }
    await context.close();
  });
});
