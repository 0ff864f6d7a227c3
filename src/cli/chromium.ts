/** Debian's Chromium, headless through playwright-core, with the flags that work here (README; toolchain notes). Shared by the bench and the browser tests. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launch it, with WebGPU enabled unless asked not to (it is reachable here only with this flag, on SwiftShader). */
export async function launchChromium(options: { webgpu?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  const args = options.webgpu === false ? CHROMIUM_ARGS : [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'];
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}
