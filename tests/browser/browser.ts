/** Headless Debian Chromium through playwright-core, with the flags that work here (see README). */
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(options: { webgpu?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; install it with: apt-get install -y chromium`);
  const args = options.webgpu === false ? CHROMIUM_ARGS : [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'];
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

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
