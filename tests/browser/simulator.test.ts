/**
 * The simulator as a user meets it: the built app in headless Chromium.
 * One page walks through the flow in order (load → train → slider → quiz).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { collectErrors, launchChromium, waitForReady } from './browser';

let browser: Browser;
let page: Page;
let errors: string[];

const entropyBits = async () => Number((await page.getByTestId('entropy').innerText()).match(/Entropy: ([\d.]+) bits/)![1]);

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  errors = collectErrors(page);
  await page.goto(inject('baseUrl'));
});

afterAll(async () => {
  await browser?.close();
});

describe('Dark Knowledge Lab in the browser', () => {
  it('loads with no console errors, measures the backends and says which it chose and why', async () => {
    await expect(page.getByRole('heading', { level: 1 })).toBeDefined();
    await waitForReady(page);
    const backendText = await page.getByTestId('backend').innerText();
    expect(backendText).toMatch(/Running on (wasm|webgl|cpu|webgpu): fastest in a \d+ ms training benchmark/);
    // The software WebGPU adapter here is skipped by rule, with the reason shown.
    await page.getByText('What was measured').click();
    const rows = await page.getByTestId('backend-trial').allInnerTexts();
    expect(rows).toEqual(expect.arrayContaining([expect.stringMatching(/^webgpu\s+skipped — /), expect.stringMatching(/^wasm\s+[\d,]+ ex\/s\s+[\d,]+ ex\/s\s+\d+\.\d×$/)]));
    // The data is shown from the seed before any training.
    await expect(page.getByTestId('selected-point').innerText()).resolves.toMatch(/Point 1 of 2,000/);
    expect(errors).toEqual([]);
  });

  it('refuses a bad training temperature next to the field and keeps the last good value', async () => {
    const field = page.getByLabel('Training T', { exact: true });
    await field.fill('-1');
    await expect(page.locator('#field-temperature-error').innerText()).resolves.toMatch(/Training T must satisfy 0\.05 ≤ value ≤ 100; got -1\. Using 4 until fixed\./);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.fill('abc');
    await expect(page.locator('#field-temperature-error').innerText()).resolves.toMatch(/must be a number, not “abc”/);
    await field.fill('4');
    expect(await page.locator('#field-temperature-error').count()).toBe(0);
  });

  it('trains the teacher and both students to the end', async () => {
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.getByText(/Students: epoch 300 of 300 · done in [\d.]+ s/).waitFor({ timeout: 150_000 });
    const hardGap = parseFloat(await page.getByTestId('gap-hard').innerText());
    const softGap = parseFloat(await page.getByTestId('gap-soft').innerText());
    expect(Number.isFinite(hardGap) && Number.isFinite(softGap)).toBe(true);
    // The default preset (seed 1) shows the effect: the hard-label student overfits more.
    expect(hardGap).toBeGreaterThan(softGap);
    expect(await page.getByTestId('teacher-status').innerText()).toMatch(/trained now · test \d+\.\d% · train \d+\.\d%/);
    // Every panel drew: none fell back to its error boundary.
    expect(await page.getByText('This panel failed to draw').count()).toBe(0);
    await expect(page.getByTestId('fidelity-soft').innerText()).resolves.toMatch(/agrees with the teacher on \d+\.\d% of test examples/);
    await expect(page.getByTestId('map-agreement-soft').innerText()).resolves.toMatch(/Same class as the teacher on \d+% of the plane/);
    // The students' training points over both students' maps (a canvas over each, the size of its map): the same
    // points on both, drawn at the screen's resolution, with the map's pixels showing between them.
    const layers = (await page.evaluate(`[...document.querySelectorAll('canvas.map-dots')].map((c) => {
      const box = c.getBoundingClientRect();
      const map = c.parentElement.querySelector('canvas:not(.map-dots)').getBoundingClientRect();
      const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let drawn = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
      return { count: Number(c.dataset.dots), size: [c.width, c.height], box: [box.width, box.height], sameBox: box.width === map.width && box.height === map.height, drawnShare: drawn / (pixels.length / 4), image: c.toDataURL() };
    })`)) as { count: number; size: number[]; box: number[]; sameBox: boolean; drawnShare: number; image: string }[];
    expect(layers.length).toBe(2);
    expect(layers[0]!.count).toBeGreaterThan(10);
    expect(layers[1]!.count).toBe(layers[0]!.count);
    expect(layers[1]!.image).toBe(layers[0]!.image);
    for (const layer of layers) {
      expect(layer.sameBox).toBe(true);
      expect(layer.size).toEqual(layer.box.map((v) => Math.round(v)));
      expect(layer.drawnShare).toBeGreaterThan(0.005);
      expect(layer.drawnShare).toBeLessThan(0.6);
    }
    await page.screenshot({ path: 'test-results/simulator-1280x800.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('raises the shown entropy when the Temperature slider moves from 1 to 10, without retraining', async () => {
    const slider = page.getByRole('slider', { name: 'Temperature' });
    await slider.fill('1');
    const cold = await entropyBits();
    await slider.fill('10');
    await expect(page.getByTestId('display-temperature').innerText()).resolves.toBe('T = 10.0');
    const hot = await entropyBits();
    expect(hot).toBeGreaterThan(cold);
    expect(hot).toBeLessThanOrEqual(Math.log2(6) + 1e-9);
    // The text alternative lists a probability per class, and they sum to 1.
    const cells = await page.locator('.distribution tbody td:nth-child(2)').allInnerTexts();
    expect(cells).toHaveLength(6);
    expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(await page.getByText('Students: epoch 300 of 300').count()).toBe(1);
  });

  it('exports a chart as PNG and the metrics history as CSV', async () => {
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save the generalisation-gap chart as PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('generalisation-gap.png');
    const pngBytes = await readFile((await png.path())!);
    expect([...pngBytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Metrics CSV' }).click()]);
    const rows = (await readFile((await csv.path())!, 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('phase,epoch,model,loss,train_accuracy,test_accuracy');
    expect(rows.filter((r) => r.startsWith('students,300,soft,'))).toHaveLength(1);
  });

  it('selects another point from the scatter plot', async () => {
    await page.getByRole('button', { name: 'Next point' }).click();
    await expect(page.getByTestId('selected-point').innerText()).resolves.toMatch(/Point 2 of 2,000/);
  });

  it('gives feedback and the explanation when a quiz question is answered', async () => {
    const q3 = page.locator('[data-question="temperature-peaked"]');
    await q3.getByRole('button', { name: 'False' }).click();
    await expect(q3.getByTestId('quiz-feedback').innerText()).resolves.toMatch(/Correct: False\.[\s\S]*Higher T → smaller logit differences/);
    const q1 = page.locator('[data-question="soft-vs-hard"]');
    await q1.getByText('The teacher model acts as data augmentation').click();
    await q1.getByRole('button', { name: 'Check answer' }).click();
    await expect(q1.getByTestId('quiz-feedback').innerText()).resolves.toMatch(/Not quite: you chose C; the answer is A\./);
  });

  it("puts the simulator in the question's state with Try it", async () => {
    const q2 = page.locator('[data-question="temperature-effect"]');
    await q2.getByRole('button', { name: /Try it/ }).click();
    await expect(page.getByTestId('display-temperature').innerText()).resolves.toBe('T = 1.0');
    await expect.poll(() => page.getByTestId('display-temperature').innerText()).toBe('T = 5.0');
    expect(errors).toEqual([]);
  });
});
