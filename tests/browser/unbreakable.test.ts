/**
 * The page never out of step with the worker, and never silent when a run goes wrong: commands that race,
 * data that cannot be fetched, settings that break training.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, launchChromium, newContext, waitForReady } from './browser';

let browser: Browser;
/** One profile, holding the run's backend measurement (browser.ts). */
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  // No service worker: its cached copies would bypass page.route's failed downloads.
  context = await newContext(browser, { viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
});
afterAll(async () => {
  await browser?.close();
});

async function open(link: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${inject('baseUrl')}${link}`);
  await waitForReady(page);
  return { page, errors };
}

const controls = (page: Page) => page.getByLabel('Training controls');
const epochOf = async (page: Page) => Number((await page.getByTestId('progress-label').first().innerText()).match(/epoch (\d+)/)?.[1] ?? 0);

/** Clicks buttons of the controls in one task, as a fast double click would. */
function clickTogether(page: Page, names: string[]): Promise<void> {
  return page.evaluate((labels) => {
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('[aria-label="Training controls"] button')];
    for (const label of labels) buttons.find((b) => b.textContent?.trim() === label)!.click();
  }, names);
}

describe('the buttons agree with the worker', () => {
  it('Step then Train at once: the page shows Pause while the worker trains (not Resume)', async () => {
    const { page, errors } = await open('?preset=low-data&epochs=300');
    await clickTogether(page, ['Step', 'Train']);
    await expect.poll(() => epochOf(page), { timeout: 60_000 }).toBeGreaterThan(5);
    expect(await controls(page).getByRole('button', { name: 'Pause', exact: true }).isVisible()).toBe(true);
    expect(await controls(page).getByRole('button', { name: 'Resume', exact: true }).count()).toBe(0);
    await controls(page).getByRole('button', { name: 'Pause', exact: true }).click();
    await controls(page).getByRole('button', { name: 'Resume', exact: true }).waitFor();
    const stopped = await epochOf(page);
    await page.waitForTimeout(1500);
    expect(await epochOf(page)).toBe(stopped);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Reset and Train in the same tick: the page shows Pause while the worker trains (not Train)', async () => {
    const { page, errors } = await open('?preset=low-data&epochs=300');
    await controls(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => epochOf(page), { timeout: 60_000 }).toBeGreaterThan(2);
    await controls(page).getByRole('button', { name: 'Pause', exact: true }).click();
    await controls(page).getByRole('button', { name: 'Resume', exact: true }).waitFor();
    await clickTogether(page, ['Reset', 'Resume']);
    await page.waitForTimeout(3000);
    const trainingShown = await controls(page).getByRole('button', { name: 'Pause', exact: true }).isVisible();
    const before = await epochOf(page);
    await page.waitForTimeout(2000);
    const advancing = (await epochOf(page)) > before;
    // Whatever the worker did with the pair, the page says the same: training and Pause, or stopped and no Pause.
    expect(trainingShown).toBe(advancing);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** The run's state inside the worker (a read-only property the worker defines for tests). */
const workerState = (page: Page) => page.workers()[0]!.evaluate(() => (self as unknown as { dklRunState: string }).dklRunState);
const pageState = (page: Page) => controls(page).getAttribute('data-run-state');

describe('100 random clicks', () => {
  it('replayed from a seed, leave the page showing exactly what the worker is doing', async () => {
    const { page, errors } = await open('?preset=low-data&epochs=300');
    let seed = 20261126;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const targets = [
      () => controls(page).getByRole('button', { name: /^(Train|Train again|Resume|Pause)$/ }),
      () => controls(page).getByRole('button', { name: 'Step', exact: true }),
      () => controls(page).getByRole('button', { name: 'Reset', exact: true }),
      () => page.locator('.chip[data-preset="low-data"]'),
      () => page.locator('.chip[data-preset="tiny-student"]'),
    ];
    const weights = [4, 2, 2, 1, 1];
    const clicked: string[] = [];
    for (let i = 0; i < 100; i++) {
      let pick = random() * 10;
      let index = 0;
      while (pick >= weights[index]!) pick -= weights[index++]!;
      const box = await targets[index]!().first().boundingBox();
      if (box) {
        // A real click where the control is now: a disabled one ignores it, as it would a lecturer's.
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        clicked.push(String(index));
      }
      if (random() < 0.6) await page.waitForTimeout(Math.floor(random() * 60));
    }
    // Once the worker has answered the last click, the page shows the worker's state, and keeps showing it.
    await expect.poll(async () => (await pageState(page)) === (await workerState(page)), { timeout: 30_000 }).toBe(true);
    for (let i = 0; i < 3; i++) {
      const [shown, real] = [await pageState(page), await workerState(page)];
      expect(shown, `clicks ${clicked.join('')}`).toBe(real);
      await page.waitForTimeout(300);
    }
    // And the buttons agree with it: Pause only while the worker trains.
    const training = (await workerState(page)) === 'training';
    expect(await controls(page).getByRole('button', { name: 'Pause', exact: true }).count()).toBe(training ? 1 : 0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('never silent, never stuck', () => {
  it('digits that cannot be fetched: the run stops with the reason and Train works again', async () => {
    const page = await context.newPage();
    await page.route(/\.(gz|bin)$/, (route) => route.abort());
    await page.goto(`${inject('baseUrl')}?preset=paper-mnist`);
    await page.getByRole('button', { name: 'Train', exact: true }).first().and(page.locator(':enabled')).waitFor({ timeout: 90_000 });
    await controls(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').allInnerTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/fetch|download|digits/i));
    await controls(page).getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 30_000 });
    expect(await controls(page).getByRole('button', { name: 'Pause', exact: true }).count()).toBe(0);
    await page.close();
  });

  it('a temperature too small to train with is refused in the link, with a notice', async () => {
    const { page, errors } = await open('?preset=low-data&T=1e-37&alpha=1');
    expect(await page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringMatching(/T=1e-37 \(Training T must satisfy 0\.05 ≤/));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a learning rate of 1 does not finish in silence', async () => {
    const { page, errors } = await open('?preset=low-data&lr=1&epochs=30&teacherEpochs=30');
    await controls(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect
      .poll(async () => (await page.locator('.notice').allInnerTexts()).join('\n'), { timeout: 120_000 })
      .toMatch(/no better than guessing[\s\S]*learning rate 1 is likely too high|diverged[\s\S]*Lower the learning rate \(now 1;/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a crashed worker is reported and restarted with one click, without a reload, settings kept', async () => {
    const { page, errors } = await open('?preset=low-data&epochs=20&T=6');
    const [worker] = page.workers();
    await worker!.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated crash');
      });
    });
    const restart = page.getByRole('button', { name: 'Restart the worker' });
    await restart.waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').allInnerTexts()).toContainEqual(expect.stringMatching(/The training worker stopped: .*simulated crash/));
    const urlBefore = page.url();
    await restart.click();
    await waitForReady(page);
    await controls(page).getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByTestId('progress-label').first().filter({ hasText: /done in/ }).waitFor({ timeout: 120_000 });
    expect(page.url()).toBe(urlBefore);
    expect(page.url()).toContain('T=6');
    // The crash itself is the one error the page saw.
    expect(errors.filter((e) => !/simulated crash/.test(e))).toEqual([]);
    await page.close();
  });
});
