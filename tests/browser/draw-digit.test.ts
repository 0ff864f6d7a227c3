/**
 * "Draw a digit" on a digit preset with its shipped teacher (and one trained live): strokes drawn
 * with the mouse are processed as MNIST digits were (the 28×28 field centred
 * by its centre of mass) and read by the run's teacher and students in the
 * worker; before a teacher it says to press Train, an empty pad says to draw
 * a digit, Undo takes one stroke back, and the keyboard can pick test digits.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addAxe, collectErrors, launchChromium, newContext, waitForReady } from './browser';

let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: "localStorage.setItem('dkl.tour.done', '1')" });
  page = await context.newPage();
  errors = collectErrors(page);
  // Paper: MNIST, 14×14 digits: its teacher is shipped with the app, so it is ready as soon as Train is pressed.
  await page.goto(`${inject('baseUrl')}?preset=paper-mnist`);
  await waitForReady(page);
  // The test digits in place (they move the pad down when they arrive).
  await page.getByTestId('selected-point').waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
});

const status = () => page.getByTestId('drawn-status').innerText();

/** A stroke through these points, in shares of the pad (0–1), drawn with the mouse. */
async function stroke(points: [number, number][]) {
  const pad = page.getByTestId('draw-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const point of points.slice(1)) await page.mouse.move(...at(point), { steps: 8 });
  await page.mouse.up();
}

/** Every probability in the reading's table, by cell ("teacher-3", "hard-3", "soft-3", "teacher-t1-3"). */
function readings(): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-testid^="drawn-"][data-p]')].map((cell) => [cell.dataset.testid!.slice('drawn-'.length), Number(cell.dataset.p)])),
  );
}

/** The same readings twice, 300 ms apart: no answer is still on its way. */
async function settledReadings(): Promise<Record<string, number>> {
  let last = await readings();
  await expect
    .poll(
      async () => {
        await page.waitForTimeout(300);
        const now = await readings();
        const same = JSON.stringify(now) === JSON.stringify(last);
        last = now;
        return same && Object.keys(now).length > 0;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return last;
}

/** Train, and "Run anyway" if the page asks first (on a loaded machine the students' estimate can pass a minute). */
async function train() {
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const runAnyway = page.getByRole('button', { name: 'Run anyway' });
  const readingShown = page.getByTestId('drawn-teacher-0');
  await runAnyway.or(readingShown).first().waitFor({ timeout: 90_000 });
  if (await runAnyway.isVisible()) await runAnyway.click();
  await readingShown.waitFor({ timeout: 90_000 });
}

const column = (values: Record<string, number>, model: string) => Array.from({ length: 10 }, (_, k) => values[`${model}-${k}`]!);

/** The processed 28×28 field as the page shows it: ink 0–1 per pixel, read from its canvas. */
function field(): Promise<number[]> {
  return page.getByTestId('drawn-field').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, 28, 28);
    return Array.from({ length: 28 * 28 }, (_, p) => (255 - data[4 * p]!) / 255);
  });
}

describe('draw a digit', () => {
  it('says what to press before there is a teacher, and processes a stroke as MNIST did: centred by its centre of mass in 28×28', async () => {
    expect(await status()).toMatch(/Draw a digit/);
    // A slanted 1, drawn off to the right of the pad.
    await stroke([
      [0.75, 0.15],
      [0.55, 0.85],
    ]);
    await expect.poll(status).toMatch(/^Train the teacher first \(press Train\)/);
    expect(await status()).not.toMatch(/draw a digit/i);
    const ink = await field();
    const mass = ink.reduce((a, b) => a + b, 0);
    expect(mass).toBeGreaterThan(5);
    const com = { x: ink.reduce((sum, v, p) => sum + v * (p % 28), 0) / mass, y: ink.reduce((sum, v, p) => sum + v * Math.floor(p / 28), 0) / mass };
    // MNIST puts the centre of mass within half a pixel of pixel (14, 14), the middle of the field (13.5 in pixel
    // indices) rounded up; here plus the canvas's rounding to 0–255.
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.55);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.55);
    // The ink's box fits 20×20, and its longer side (the 1's height) is 20.
    const rows = [...new Set(ink.flatMap((v, p) => (v > 0 ? [Math.floor(p / 28)] : [])))];
    expect(Math.max(...rows) - Math.min(...rows) + 1).toBe(20);
  });

  it('a stroke drawn with the mouse changes the teacher’s and the students’ probabilities; Undo brings the last back', async () => {
    // The shipped teacher reads the 1 at once; the students are paused early so that only the drawing changes their readings.
    await train();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 30_000 });
    const one = await settledReadings();
    expect(await page.getByTestId('drawn-verdict').innerText()).toMatch(/^The teacher reads a \d \(/);
    expect(await page.getByTestId('drawn-entropy').innerText()).toMatch(/^Entropy at T = 4\.0: \d\.\d\d bits/);
    for (const model of ['teacher', 'teacher-t1', 'hard', 'soft']) expect(column(one, model).reduce((a, b) => a + b, 0), model).toBeCloseTo(1, 3);

    // A bar across the top makes the 1 a 7.
    await stroke([
      [0.3, 0.17],
      [0.75, 0.15],
    ]);
    const seven = await settledReadings();
    for (const model of ['teacher', 'hard', 'soft']) expect(column(seven, model), model).not.toEqual(column(one, model));
    expect(await page.getByTestId('drawn-verdict').innerText()).toMatch(/^The teacher reads a 7 /);
    await page.getByTestId('draw-digit').screenshot({ path: 'test-results/draw-digit-seven.png' });

    // Undo takes the bar away: the 1 again, read the same (the models are paused).
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => column(await readings(), 'teacher'), { timeout: 10_000 }).toEqual(column(one, 'teacher'));
    expect(column(await settledReadings(), 'soft')).toEqual(column(one, 'soft'));
  });

  it('an empty pad is not read: it says "draw a digit"; the keyboard picks a test digit instead', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(status).toMatch(/^Draw a digit on the pad/);
    expect(await readings()).toEqual({});
    // Tab to the test digits and pick one with the keyboard.
    const sample = page.getByRole('button', { name: /^Read test digit \d+, a 3$/ });
    await sample.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => sample.getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('drawn-teacher-3').waitFor();
    expect(await page.getByTestId('drawn-verdict').innerText()).toMatch(/^The teacher reads a 3 /);
    // No serious accessibility problem in the pad, its buttons, the test digits or the readings.
    await addAxe(page);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
      return (await axe.run({ include: [['[data-testid="draw-digit"]']] })).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reads the drawing with a teacher trained live in the page, as with the shipped one', async () => {
    // One teacher epoch and one student epoch: a teacher of this run's own, trained here.
    await page.goto(`${inject('baseUrl')}?preset=paper-mnist&teacherEpochs=1&epochs=1`);
    await waitForReady(page);
    await page.getByLabel('Train the teacher live').check();
    await page.getByTestId('selected-point').waitFor({ timeout: 60_000 });
    await stroke([
      [0.5, 0.15],
      [0.5, 0.85],
    ]);
    await expect.poll(status).toMatch(/^Train the teacher first \(press Train\)/);
    // Read once the teacher trained here is ready.
    await train();
    await expect.poll(() => page.getByTestId('teacher-status').innerText(), { timeout: 90_000 }).toMatch(/trained now · test \d+\.\d%/);
    await page.getByRole('button', { name: 'Train again' }).waitFor({ timeout: 120_000 });
    const read = await settledReadings();
    for (const model of ['teacher', 'teacher-t1', 'hard', 'soft']) expect(column(read, model).reduce((a, b) => a + b, 0), model).toBeCloseTo(1, 3);
    expect(await page.getByTestId('drawn-verdict').innerText()).toMatch(/^The teacher reads a \d \(/);
    await page.getByLabel('Train the teacher live').uncheck();
    expect(errors).toEqual([]);
  });
});
