/**
 * The progress line: what the run is doing and its time left, from the
 * measured epochs ("Teacher: shipped · Students: epoch 12 of 40 · about 6 s
 * left"), a pause not counted, and "done in" at the end.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectErrors, launchChromium, newPage, waitForReady } from './browser';
import { CALIBRATIONS_STORAGE_KEY } from '../../src/core/backend-calibration';
import { findPreset } from '../../src/core/presets';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const TIME_LEFT = /epoch \d+ of \d+ · about (\d+) (s|min) left/;
const DONE = /Students: epoch (\d+) of \1 · done in [\d.]+ s/;

/** Every text the progress line shows from now on, with the progress bar's aria-valuetext beside it. */
async function recordLabels(page: Page): Promise<() => Promise<{ text: string; aria: string }[]>> {
  await page.evaluate(() => {
    const seen: { text: string; aria: string }[] = [];
    (window as unknown as { __labels: typeof seen }).__labels = seen;
    const label = document.querySelector('[data-testid="progress-label"]')!;
    const bar = label.closest('.progress')!.querySelector('[role="progressbar"]')!;
    const note = () => {
      const text = label.textContent ?? '';
      if (seen.at(-1)?.text !== text) seen.push({ text, aria: bar.getAttribute('aria-valuetext') ?? '' });
    };
    new MutationObserver(note).observe(label, { childList: true, characterData: true, subtree: true });
    note();
  });
  return () => page.evaluate(() => (window as unknown as { __labels: { text: string; aria: string }[] }).__labels);
}

const secondsOf = (text: string): number | null => {
  const match = text.match(TIME_LEFT);
  return match ? Number(match[1]) * (match[2] === 'min' ? 60 : 1) : null;
};

describe('the progress line', () => {
  it('a digits run with its shipped teacher: the source, the time left counting down, then done', async () => {
    const page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?preset=paper-mnist&view=lecture`);
    await waitForReady(page);
    const labels = await recordLabels(page);
    await page.keyboard.press('Space');
    const label = page.getByTestId('progress-label').first();
    await label.filter({ hasText: TIME_LEFT }).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: 'test-results/progress-lecture-1280x800.png' });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: 'test-results/progress-lecture-1920x1080.png' });
    await label.filter({ hasText: DONE }).waitFor({ timeout: 120_000 });

    const seen = await labels();
    const texts = seen.map((s) => s.text);
    // The screen reader hears what the line shows.
    for (const { text, aria } of seen) expect(aria).toBe(text);
    expect(texts.some((t) => /^Teacher: shipped · Students: epoch \d+ of \d+ · about \d+ (s|min) left$/.test(t)), texts.join('\n')).toBe(true);
    // No teacher trains, so no teacher epochs; never "about 0 s"; one time left, not two.
    expect(texts.filter((t) => /Teacher: epoch|about 0 s|left.*left/.test(t))).toEqual([]);
    const lefts = texts.map(secondsOf).filter((s): s is number => s !== null);
    expect(lefts.length).toBeGreaterThanOrEqual(3);
    expect(lefts.at(-1)!, texts.join('\n')).toBeLessThan(lefts[0]!);
    // Counting down once the epochs are timed (the first values come from the up-front estimate,
    // which a busy machine can beat): over the second half, at most one rounding step above the lowest before.
    lefts.slice(lefts.length >> 1).reduce((lowest, s) => (expect(s, texts.join('\n')).toBeLessThanOrEqual(lowest + 5), Math.min(lowest, s)));
    expect(texts.at(-1)).toMatch(/^Teacher: shipped · Students: epoch (\d+) of \1 · done in [\d.]+ s$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("after a Step, the time left is the worker's own timing of that epoch, not the up-front estimate", async () => {
    const page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?preset=omitted-class`);
    await waitForReady(page);
    // The backends' measurements on these models, kept in this browser, made ten times slower: after a reload the
    // up-front estimate (taken from them) says ten times too long, and the Step must not show it.
    await page.evaluate((key) => {
      const stored = JSON.parse(localStorage.getItem(key)!) as { calibrations: { trials: { teacher?: number; students?: number[] }[] }[] };
      for (const trial of stored.calibrations.flatMap((c) => c.trials)) {
        if (trial.teacher !== undefined) trial.teacher /= 10;
        if (trial.students) trial.students = trial.students.map((rate) => rate / 10);
      }
      localStorage.setItem(key, JSON.stringify(stored));
    }, CALIBRATIONS_STORAGE_KEY);
    await page.reload();
    await waitForReady(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const label = page.getByTestId('progress-label').first();
    const epochs = findPreset('omitted-class')!.settings.studentEpochs;
    const paused = label.filter({ hasText: new RegExp(`Students: epoch 1 of ${epochs} · paused · about \\d+ s left`) });
    await paused.waitFor({ timeout: 60_000 });
    const afterStep = secondsOf((await paused.innerText()).replace('paused · ', ''))!;
    const resumed = Date.now();
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await label.filter({ hasText: DONE }).waitFor({ timeout: 120_000 });
    const actual = (Date.now() - resumed) / 1000;
    // Even unslowed, the estimate said 2–3 times what the other epochs took (15–25 s against 8–10 s for five on this
    // machine); slowed, ten times (it showed "about 60 s" for 10.6 s). The worker's timing of one epoch predicts the others
    // only as well as the machine's load stays put: with the Node tests running beside these (npm test) and a busy
    // core, one run said "about 25 s" for 16.4 s. So: within a factor of two of what the rest took, or a rounding step (5 s).
    const within = afterStep <= 2 * actual + 5 && afterStep >= actual / 2 - 5;
    expect(within, `after Step: about ${afterStep} s left; the rest took ${actual.toFixed(1)} s`).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a 2-D run whose teacher trains: a pause is not counted, and the end reads "done in"', async () => {
    const page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    await page.goto(`${inject('baseUrl')}?preset=low-data&epochs=300`);
    await waitForReady(page);
    const labels = await recordLabels(page);
    // Pause from the page itself as soon as the students' time left shows: a 2-D run takes seconds.
    const pausedAt = page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const label = document.querySelector('[data-testid="progress-label"]')!;
          const check = () => {
            const text = label.textContent ?? '';
            const epoch = text.match(/Students: epoch (\d+) of 300 · about/)?.[1];
            if (!epoch || Number(epoch) < 5) return;
            observer.disconnect();
            [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Pause')!.click();
            resolve(text);
          };
          const observer = new MutationObserver(check);
          observer.observe(label, { childList: true, characterData: true, subtree: true });
        }),
    );
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const clickedAt = await pausedAt;
    const before = secondsOf(clickedAt);
    const label = page.getByTestId('progress-label');
    await label.filter({ hasText: /· paused/ }).waitFor({ timeout: 30_000 });
    // Pause is read between two slices (src/engine/next-task.ts): the run stops within a few of its 7 ms epochs, not at its end.
    const epochOf = (text: string) => Number(text.match(/Students: epoch (\d+) of 300/)?.[1]);
    const pausedEpoch = epochOf(await label.innerText());
    expect(pausedEpoch - epochOf(clickedAt), `${clickedAt} → ${await label.innerText()}`).toBeLessThanOrEqual(30);
    await page.waitForTimeout(4000);
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await label.filter({ hasText: DONE }).waitFor({ timeout: 120_000 });

    const texts = (await labels()).map((s) => s.text);
    expect(texts.some((t) => /^Teacher: epoch \d+ of \d+/.test(t)), texts.join('\n')).toBe(true);
    // A teacher trained in this run is not named as a source.
    expect(texts.filter((t) => /Teacher: (shipped|stored|reused)/.test(t))).toEqual([]);
    const resumed = texts.slice(texts.findIndex((t) => t.includes('paused')) + 1);
    const after = resumed.map(secondsOf).filter((s): s is number => s !== null);
    // The 4 s paused did not make the time left grow.
    expect(before, texts.join('\n')).not.toBeNull();
    for (const s of after) expect(s, texts.join('\n')).toBeLessThanOrEqual(before! + 5);
    expect(texts.at(-1)).toMatch(/^Students: epoch 300 of 300 · done in [\d.]+ s$/);
    expect(texts.at(-1)).not.toMatch(/left/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
