/**
 * Locked down and offline (issue 10, item 7): the built app under its Content-Security-Policy (header from
 * `vite preview`, meta in the HTML) trains a toy and a digits preset with no violation and no request leaving
 * the origin; after one visit, with the network cut, it reloads, switches presets and trains both.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFile, writeFile } from 'node:fs/promises';
import { CSP_HEADER, CSP_META } from '../../src/pwa/csp';
import { UPDATE_NOTICE } from '../../src/pwa/register';
import { collectErrors, launchChromium, newContext, waitForReady } from './browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const controls = (page: Page) => page.getByLabel('Training controls');

/** Train the preset on screen and wait for the students to finish `epochs` epochs. */
async function train(page: Page, epochs: number): Promise<void> {
  await controls(page).getByRole('button', { name: /^(Train|Train again)$/ }).and(page.locator(':enabled')).click({ timeout: 60_000 });
  const ask = page.getByTestId('long-run-dialog');
  const done = page.getByText(new RegExp(`Students: epoch ${epochs} of ${epochs} · done in`)).first();
  await expect.poll(async () => (await ask.isVisible()) || (await done.isVisible()), { timeout: 120_000 }).toBe(true);
  if (await ask.isVisible()) await ask.getByRole('button', { name: 'Run anyway' }).click();
  await done.waitFor({ timeout: 180_000 });
}

/** Console errors of the page and its workers, and the page's CSP violation events. */
async function watch(context: BrowserContext, page: Page): Promise<{ errors: string[]; violations: () => Promise<string[]> }> {
  const errors = collectErrors(page);
  page.on('worker', (worker) => worker.on('console', (message) => message.type() === 'error' && errors.push(`worker: ${message.text()}`)));
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
  });
  return { errors, violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations) };
}

describe('locked down', () => {
  it('serves the strict policy, trains a toy and a digits preset with no violation, and asks only its own origin', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    const origin = new URL(inject('baseUrl')).origin;
    const requests: string[] = [];
    // The context sees the page's requests, its worker's and (in Chromium) the service worker's.
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    const { errors, violations } = await watch(context, page);

    const response = await page.goto(`${inject('baseUrl')}?preset=low-data&epochs=20`);
    expect(response?.headers()['content-security-policy']).toBe(CSP_HEADER);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(CSP_META);
    await waitForReady(page);
    await train(page, 20);
    expect(await violations()).toEqual([]);

    await page.goto(`${inject('baseUrl')}?preset=paper-mnist&epochs=1`);
    await waitForReady(page);
    await train(page, 1);
    expect(await page.getByText('This panel failed to draw').count()).toBe(0);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);

    const foreign = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
    expect(foreign).toEqual([]);
    // The digits and a shipped teacher were among them (through the worker).
    expect(requests.some((url) => /mnist-14-train\.bin-[\w-]+\.gz$/.test(url))).toBe(true);
    await context.close();
  });
});

describe('offline once visited', () => {
  it('installs a web app manifest and a service worker; with the network cut it reloads, switches presets and trains', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const { errors, violations } = await watch(context, page);
    await page.goto(inject('baseUrl'));
    await waitForReady(page);

    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
      return link ? ((await (await fetch(link.href)).json()) as { name?: string; display?: string; start_url?: string; icons?: unknown[] }) : null;
    });
    expect(manifest).toMatchObject({ name: 'Dark Knowledge Lab', display: 'standalone', start_url: './' });
    expect(manifest?.icons?.length).toBeGreaterThan(0);

    // Installed (the precache is complete once it is active), then in control of a fresh load.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await waitForReady(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    // A new build (here: the same one, its worker a byte longer) takes over and the open page says so.
    const worker = await readFile('dist/sw.js', 'utf8');
    try {
      await writeFile('dist/sw.js', `${worker}\n// a new version\n`);
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      await page.getByText(UPDATE_NOTICE).waitFor({ timeout: 60_000 });
    } finally {
      await writeFile('dist/sw.js', worker);
    }

    await context.setOffline(true);
    await page.reload();
    await waitForReady(page);
    await page.goto(`${inject('baseUrl')}?preset=low-data&epochs=20`);
    await waitForReady(page);
    await train(page, 20);

    await page.getByRole('button', { name: 'Paper: MNIST', exact: true }).click();
    const more = page.locator('details.more-settings');
    if (!(await more.evaluate((el) => (el as HTMLDetailsElement).open))) await more.locator('summary').click();
    await page.getByLabel('Student epochs', { exact: true }).fill('1');
    await train(page, 1);
    // The digits came from the cache: the viewer shows them.
    await expect(page.getByTestId('selected-point').innerText()).resolves.toMatch(/^Digit 1 of 10,000/);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    // Really offline (after the check above, as the browser logs this failure): what the service worker does not keep cannot be fetched.
    expect(await page.evaluate(() => fetch(`/not-kept-${Math.random()}`).then(() => 'fetched', () => 'failed'))).toBe('failed');
    await context.close();
  });
});
