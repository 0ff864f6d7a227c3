/** Headless Debian Chromium through playwright-core, with the flags that work here (see README). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ConsoleMessage, Page } from 'playwright-core';

export { CHROMIUM_PATH, launchChromium } from '../../src/cli/chromium';

/** Collects console errors and uncaught page errors, to assert a clean load. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Wait until the worker has chosen a backend and the Train button is enabled. */
export async function waitForReady(page: Page): Promise<void> {
  await page.getByTestId('backend').waitFor({ state: 'attached', timeout: 60_000 });
  await page.getByRole('button', { name: /^(Train|Resume|Train again)$/ }).and(page.locator(':enabled')).waitFor({ timeout: 30_000 });
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Load axe-core into the page: evaluated through the DevTools protocol, as the app's CSP refuses the inline script addScriptTag would add. */
export async function addAxe(page: Page): Promise<void> {
  await page.evaluate(await readFile(AXE_PATH, 'utf8'));
}
