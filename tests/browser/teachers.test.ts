/**
 * Teachers that last, in the built app: a teacher trained on the toy preset
 * "Low data" (about a second) is kept in the browser and reused after a
 * reload; "Forget stored teachers", "Retrain live" and the "Train the teacher
 * live" switch make the next run train it. A damaged or missing shipped
 * teacher (its fetch intercepted) stops the run with the reason and an offer
 * to train the teacher live. One browser context, so IndexedDB and
 * localStorage last across reloads as they do for a visitor.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, launchChromium, newContext, waitForReady } from './browser';
import { parseTeacherManifest } from '../../src/core/teacher-manifest';
import { ENGINE_VERSION, teacherKeyWithoutSeed, withTeacherDefinition } from '../../src/core/teacher-origin';
import { PRESETS } from '../../src/core/presets';
import type { Settings } from '../../src/core/settings';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

const teacherLine = () => page.getByTestId('teacher-status').innerText();
const testAccuracy = (line: string) => line.match(/ · test (\d+\.\d)%/)?.[1];
const done = () => page.getByText(/Students: epoch \d+ of \d+ · done in/).waitFor({ timeout: 120_000 });
const liveSwitch = () => page.getByRole('checkbox', { name: 'Train the teacher live' });

async function open(): Promise<void> {
  await page.goto(inject('baseUrl'));
  await waitForReady(page);
}

async function trainToEnd(): Promise<string> {
  await page.getByRole('button', { name: /^(Train|Train again)$/ }).click();
  await done();
  return teacherLine();
}

beforeAll(async () => {
  browser = await launchChromium();
  // No service worker: its cached copies would bypass page.route's damaged and missing files.
  context = await newContext(browser, { viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  await context.addInitScript("localStorage.setItem('dkl.tour.done', '1')");
  page = await context.newPage();
  errors = collectErrors(page);
  await open();
});

afterAll(async () => {
  await browser?.close();
});

describe('teachers that last (toy preset Low data)', () => {
  let trainedTest: string | undefined;

  it('keeps a trained teacher, and a reload reuses it with the same test accuracy', async () => {
    const first = await trainToEnd();
    expect(first).toMatch(/: trained now · test \d+\.\d% · train \d+\.\d%$/);
    trainedTest = testAccuracy(first);
    await page.getByTestId('teacher-kept').waitFor({ timeout: 30_000 });

    await page.reload();
    await waitForReady(page);
    const second = await trainToEnd();
    expect(second).toMatch(/: stored from an earlier visit \(\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d\) · test \d+\.\d% · train \d+\.\d%$/);
    expect(testAccuracy(second)).toBe(trainedTest);
    expect(errors).toEqual([]);
  });

  it('"Retrain live" trains this run’s teacher even though one is stored', async () => {
    await page.getByRole('button', { name: 'Retrain live' }).click();
    await expect.poll(teacherLine, { timeout: 30_000 }).toMatch(/training, epoch|trained now/);
    await done();
    const line = await teacherLine();
    expect(line).toMatch(/: trained now · test/);
    // The same seed and settings: the same teacher as the stored one.
    expect(testAccuracy(line)).toBe(trainedTest);
    await page.getByTestId('teacher-kept').waitFor({ timeout: 30_000 });
  });

  it('"Forget stored teachers" says how many, and the next run trains its teacher', async () => {
    await page.getByRole('button', { name: 'Forget stored teachers' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Forgot' }).innerText()).resolves.toMatch(/^Forgot 1 stored teacher: the next run trains its teacher/);
    // Nothing left after a reload either.
    await page.reload();
    await waitForReady(page);
    expect(await trainToEnd()).toMatch(/: trained now · test/);
    await page.getByTestId('teacher-kept').waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
  });

  it('the "Train the teacher live" switch makes every run train its teacher, and survives a reload', async () => {
    await page.reload();
    await waitForReady(page);
    expect(await liveSwitch().isChecked()).toBe(false);
    await liveSwitch().check();
    await page.reload();
    await waitForReady(page);
    expect(await liveSwitch().isChecked()).toBe(true);
    // It is a preference of this browser, not part of the link.
    expect(page.url()).not.toMatch(/live/i);
    expect(await trainToEnd()).toMatch(/: trained now · test/);
    expect(await trainToEnd()).toMatch(/: trained now · test/);
    // Off again: the kept teacher is back.
    await liveSwitch().uncheck();
    await page.reload();
    await waitForReady(page);
    expect(await liveSwitch().isChecked()).toBe(false);
    expect(await trainToEnd()).toMatch(/: stored from an earlier visit/);
    expect(errors).toEqual([]);
  });
});

describe('shipped teachers', () => {
  const manifest = parseTeacherManifest(JSON.parse(readFileSync('datasets/teachers/manifest.json', 'utf8')));
  const current = manifest.teachers.filter((t) => t.engineVersion === ENGINE_VERSION);
  /** The first preset whose teacher a shipped teacher serves (any seed). */
  const served = current.flatMap((entry) => {
    const preset = PRESETS.find((p) => teacherKeyWithoutSeed(p.settings as Settings) === teacherKeyWithoutSeed(withTeacherDefinition(p.settings as Settings, entry.definition)));
    return preset ? [{ entry, preset }] : [];
  });

  it('every teacher in the manifest serves a preset (with an empty manifest, workers/shipped-teachers.ts is tested in Node)', () => {
    expect(served.length).toBe(current.length);
  });

  for (const { entry, preset } of served.slice(0, 1)) {
    const isFile = (url: URL) => url.pathname.endsWith('.bin') && url.pathname.split('/').pop()!.startsWith(entry.name);

    it(`an intact shipped teacher (${entry.file}) serves any seed, named on the teacher line with its counted test errors`, async () => {
      await page.reload();
      await waitForReady(page);
      await page.getByRole('button', { name: preset.title, exact: true }).click();
      await page.getByLabel('Seed', { exact: true }).fill(String(entry.definition.seed + 4));
      await page.getByRole('button', { name: /^(Train|Train again)$/ }).click();
      const errorsText = `${entry.testErrors.toLocaleString('en-US')} errors of ${entry.testCount.toLocaleString('en-US')}`;
      await expect
        .poll(teacherLine, { timeout: 120_000 })
        .toContain(`: shipped with the app (${entry.command}, seed ${entry.definition.seed}) · test ${(100 * entry.testAcc).toFixed(1)}% (${errorsText}) · train ${(100 * entry.trainAcc).toFixed(1)}%`);
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByLabel('Seed', { exact: true }).fill(String(entry.definition.seed));
      expect(errors).toEqual([]);
    });

    it(`a damaged shipped teacher (${entry.file}) stops the run, says why, and offers to train it live`, async () => {
      await page.reload();
      await waitForReady(page);
      await page.route(isFile, async (route) => {
        const response = await route.fetch();
        const bytes = Buffer.from(await response.body());
        bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
        await route.fulfill({ response, body: bytes });
      });
      await page.getByRole('button', { name: preset.title, exact: true }).click();
      await page.getByRole('button', { name: /^(Train|Train again)$/ }).click();
      const notice = page.getByRole('alert').filter({ hasText: entry.file });
      await expect(notice.innerText()).resolves.toMatch(new RegExp(`The shipped teacher ${entry.file.replace('.', '\\.')} fails its checksum .* The run did not start\\.`));
      await expect(teacherLine()).resolves.toMatch(/not trained yet/);
      await notice.getByRole('button', { name: 'Train the teacher live' }).click();
      // Training a digits teacher takes over a minute on most devices: the page then asks first (tests/browser/long-run.test.ts).
      const ask = page.getByTestId('long-run-dialog');
      await expect.poll(async () => (await ask.isVisible()) || /training, epoch/.test(await teacherLine()), { timeout: 60_000 }).toBe(true);
      if (await ask.isVisible()) await ask.getByRole('button', { name: 'Run anyway' }).click();
      await expect.poll(teacherLine, { timeout: 120_000 }).toMatch(/training, epoch \d+ of \d+/);
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.unroute(isFile);
    });

    it(`a shipped teacher missing from the server (${entry.file}) says so`, async () => {
      await page.reload();
      await waitForReady(page);
      await page.route(isFile, (route) => route.fulfill({ status: 404, body: 'Not found' }));
      await page.getByRole('button', { name: preset.title, exact: true }).click();
      await page.getByRole('button', { name: /^(Train|Train again)$/ }).click();
      await expect(page.getByRole('alert').filter({ hasText: entry.file }).innerText()).resolves.toMatch(/is missing from the server \(HTTP 404\)\. The run did not start\./);
      await page.unroute(isFile);
    });
  }
});
