/**
 * Lecture-grade: what a lecturer at a projector and a student on a phone saw go wrong, each checked here —
 * text a room can read, each preset beside its own published figure, keys that do what they say, questions in
 * order, the phone's lecture view, a display temperature that shows the preset's point, and the guided lecture.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, launchChromium, newContext, waitForReady } from './browser';
import { LECTURE_STEPS } from '../../src/core/lecture-steps';
import { QUESTIONS } from '../../src/quiz/questions';

let browser: Browser;
/** One browser profile for the file, holding the run's backend measurement (browser.ts); one taken for other models serves the rest. */
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  context = await newContext(browser);
});
afterAll(async () => {
  await browser?.close();
});

/** Runs of a digits preset shortened to two student epochs (the teacher is shipped). */
const SHORT = 'epochs=2';
const doneLabel = /done in/;

async function open(link: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const errors = collectErrors(page);
  await page.goto(`${inject('baseUrl')}${link}`);
  await waitForReady(page);
  return { page, errors };
}

async function trainToEnd(page: Page): Promise<void> {
  await page.keyboard.press('Space');
  await page.getByTestId('progress-label').first().filter({ hasText: doneLabel }).waitFor({ timeout: 180_000 });
}

/** Every visible text node under 18 CSS px, with its size and text. */
function smallText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const element = node.parentElement;
      if (!text || !element || element.closest('dialog:not([open])')) continue;
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      // Off-screen text alternatives (1 px boxes) and hidden elements are not seen by the room.
      if (box.width < 2 || box.height < 2 || style.visibility === 'hidden' || style.display === 'none') continue;
      const size = parseFloat(style.fontSize);
      if (size < 18) found.push(`${size.toFixed(1)} px: ${text.slice(0, 60)}`);
    }
    return found;
  });
}

describe('lecture view, legible from the back row', () => {
  /** One short run, read at the projector sizes in turn: the page is resized between them (its layout follows the viewport). */
  let trained: { page: Page; errors: string[] } | undefined;
  const viewports = [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }];
  for (const viewport of viewports) {
    it(`at ${viewport.width}×${viewport.height}: no visible text under 18 px, results and captions shown, no sideways scroll`, async () => {
      if (!trained) {
        trained = await open(`?preset=paper-mnist&${SHORT}&view=lecture`, viewport);
        await trainToEnd(trained.page);
      } else {
        await trained.page.setViewportSize(viewport);
      }
      const { page, errors } = trained;
      expect(await smallText(page)).toEqual([]);
      // The result is on screen in lecture view, not hidden with the chart-data tables: numbers beside the paper's.
      const table = page.locator('.paper-table');
      expect(await table.isVisible()).toBe(true);
      expect((await table.boundingBox())!.width).toBeGreaterThan(300);
      // Lecture view puts the preset's result first: on the first screen, without scrolling.
      expect(await page.evaluate(() => scrollY)).toBe(0);
      expect((await table.boundingBox())!.y).toBeLessThan(viewport.height - 100);
      expect(Number(await page.getByTestId('errors-teacher').innerText())).toBeGreaterThan(0);
      expect(await page.locator('.paper-table').innerText()).toMatch(/67[\s\S]*146[\s\S]*74/);
      // Captions stay, as one line.
      const caption = page.locator('#panel-paper figcaption');
      expect(await caption.isVisible()).toBe(true);
      const lineHeight = await caption.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.45);
      expect((await caption.boundingBox())!.height).toBeLessThan(lineHeight * 1.6);
      // A lecture caption is clamped to one line; at 1920 wide the paper's is whole, its "Here: …" included.
      if (viewport.width === 1920) expect(await caption.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
      // The confusion matrices are shown too.
      expect(await page.locator('table.confusion').first().isVisible()).toBe(true);
      // Every id on the finished page is one element's: a panel is scrolled to by its id (App.svelte), and a
      // label or an aria reference names the first element with it (the paper's table once carried its section's).
      const repeatedIds = await page.evaluate(() => {
        const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
        return ids.filter((id, i) => ids.indexOf(id) !== i);
      });
      expect(repeatedIds).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: `test-results/lecture-grade-${viewport.width}x${viewport.height}.png` });
      expect(errors).toEqual([]);
      if (viewport === viewports.at(-1)) await page.close();
    });
  }

  it('on a 390×844 phone the lecture view keeps the panel the width of the screen', async () => {
    const { page, errors } = await open('?preset=low-data&view=lecture', { width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const panel = await page.locator('#panel-distribution').boundingBox();
    expect(panel!.width).toBeGreaterThan(320);
    await page.screenshot({ path: 'test-results/lecture-grade-phone.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('each preset beside its own published figure', () => {
  it('3% of the data compares train–test gaps with the paper’s speech figures, not with MNIST error counts', async () => {
    const { page, errors } = await open(`?preset=three-percent&${SHORT}`, { width: 1280, height: 800 });
    await trainToEnd(page);
    const table = await page.locator('.paper-table').innerText();
    expect(table).toMatch(/22\.8 points/);
    expect(table).toMatch(/8\.4 points/);
    expect(table).not.toMatch(/\b146\b/);
    expect(await page.getByTestId('hard-gap').innerText()).toMatch(/^-?\d+\.\d points$/);
    expect(await page.locator('#panel-paper figcaption').innerText()).toMatch(/speech/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the dark-knowledge matrix preset has no paper table, and opens at a display T where the matrix is not all 0.00', async () => {
    const { page, errors } = await open(`?preset=dark-matrix&${SHORT}`, { width: 1280, height: 800 });
    await expect.poll(() => page.getByTestId('display-temperature').innerText()).not.toBe('T = 1.0');
    await trainToEnd(page);
    expect(await page.getByRole('heading', { name: 'Against the paper' }).count()).toBe(0);
    const offDiagonal = await page.locator('table.heatmap td:not(.diagonal)').allInnerTexts();
    expect(offDiagonal).toHaveLength(90);
    expect(offDiagonal.filter((v) => Number(v) >= 0.01).length).toBeGreaterThan(30);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('keys and notices', () => {
  it('after a mouse click on a preset, Space trains; a number key while training says why it does nothing', async () => {
    const { page, errors } = await open('?preset=full-data', { width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Low data', exact: true }).click();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause', exact: true }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('3');
    await expect.poll(() => page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringMatching(/A run is training: pause it \(Space\) before loading “Tiny student”/));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('“Train the teacher first” goes once the teacher is trained', async () => {
    const { page, errors } = await open('?preset=low-data&epochs=20', { width: 1280, height: 800 });
    const card = page.locator('[data-question="dark-knowledge"]');
    await card.getByRole('button', { name: /Show a point/ }).click();
    const notice = page.getByText('Train the teacher first (press Train)');
    await notice.waitFor();
    // (Space would press the focused Try it again: the Train button.)
    await page.getByRole('button', { name: 'Train', exact: true }).first().click();
    await page.getByTestId('progress-label').first().filter({ hasText: doneLabel }).waitFor({ timeout: 180_000 });
    await expect.poll(() => notice.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('questions in order, with a way back', () => {
  it('the quiz column reads Question 1, 2, 3 … in order', async () => {
    const { page, errors } = await open('?preset=low-data', { width: 1280, height: 800 });
    const titles = await page.locator('.quiz-column .quiz-card h3').allInnerTexts();
    expect(titles.map((t) => Number(t.match(/^Question (\d+)/)![1]))).toEqual(QUESTIONS.map((_, i) => i + 1));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('on a phone, a Try it that scrolls to its panel offers the way back to its question', async () => {
    const { page, errors } = await open('?preset=low-data', { width: 390, height: 844 });
    const card = page.locator('[data-question="temperature-effect"]');
    await card.scrollIntoViewIfNeeded();
    await card.getByRole('button', { name: /Move the temperature/ }).click();
    const back = page.getByRole('button', { name: /Back to question 2/ });
    await back.waitFor();
    await expect.poll(() => card.evaluate((el) => el.getBoundingClientRect().bottom < 0 || el.getBoundingClientRect().top > innerHeight)).toBe(true);
    await back.click();
    await expect.poll(() => card.evaluate((el) => el.getBoundingClientRect().top < innerHeight && el.getBoundingClientRect().bottom > 0)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the guided lecture', () => {
  it('steps with Page Down / Page Up and N, sets each step’s temperature, and a link reopens a step', async () => {
    const { page, errors } = await open('?preset=low-data&view=lecture', { width: 1920, height: 1080 });
    // N starts the guide in lecture view (Page Down scrolls until the guide is open).
    await page.keyboard.press('n');
    const say = page.getByTestId('guide-say');
    await expect.poll(() => say.innerText()).toBe(LECTURE_STEPS[0]!.say);
    await page.getByTestId('progress-label').first().filter({ hasText: doneLabel }).waitFor({ timeout: 120_000 });
    await page.keyboard.press('n');
    await expect.poll(() => page.getByTestId('display-temperature').innerText()).toBe('T = 1.0');
    await page.keyboard.press('PageDown');
    await expect.poll(() => say.innerText()).toBe(LECTURE_STEPS[2]!.say);
    await expect.poll(() => page.getByTestId('display-temperature').innerText()).toBe(`T = ${LECTURE_STEPS[2]!.displayTemperature.toFixed(1)}`);
    // The step's panel is outlined and brought into view.
    const panel = page.locator(`#panel-${LECTURE_STEPS[2]!.panel}`);
    await expect.poll(() => panel.getAttribute('class')).toMatch(/highlight/);
    await page.waitForURL(/step=3/);
    const link = page.url();
    await page.keyboard.press('PageUp');
    await expect.poll(() => say.innerText()).toBe(LECTURE_STEPS[1]!.say);
    // The step's question is named in the guide, and the guide's bar is as legible as the rest.
    expect(await page.getByTestId('lecture-guide').innerText()).toMatch(/Q2: /);
    expect(await smallText(page)).toEqual([]);

    const { page: again, errors: againErrors } = await open(link.slice(link.indexOf('?')), { width: 1920, height: 1080 });
    await expect.poll(() => again.getByTestId('guide-say').innerText()).toBe(LECTURE_STEPS[2]!.say);
    expect(await again.getByTestId('lecture-guide').innerText()).toMatch(/Step 3 of 7/);
    expect(await again.getByTestId('display-temperature').innerText()).toBe(`T = ${LECTURE_STEPS[2]!.displayTemperature.toFixed(1)}`);
    expect([...errors, ...againErrors]).toEqual([]);
    await page.close();
    await again.close();
  });

  it('until the guide is open, Page Down scrolls the page as usual, in lecture view too', async () => {
    const { page, errors } = await open('?preset=low-data&view=lecture', { width: 1280, height: 800 });
    await page.keyboard.press('PageDown');
    await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(100);
    expect(await page.getByTestId('lecture-guide').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
