/**
 * Node only: turn the `mnist` package's ten JSON files (about 21 MB of floats)
 * into the two compact binaries the app loads, once. Re-running is cheap: it
 * only stats the files while the binaries are newer than the JSON.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downsample2x, encodeDigits } from './format';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIGITS_GENERATED_DIR = join(PROJECT_ROOT, 'datasets', 'digits', 'generated');
const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** Paths of the package's 0.json … 9.json, in class order. */
export function mnistJsonPaths(): string[] {
  const packageJson = createRequire(import.meta.url).resolve('mnist/package.json');
  const digitsDir = join(dirname(packageJson), 'src', 'digits');
  return Array.from({ length: 10 }, (_, digit) => join(digitsDir, `${digit}.json`));
}

function upToDate(outputs: readonly string[], sources: readonly string[]): boolean {
  if (!outputs.every((path) => existsSync(path))) return false;
  const newestSource = Math.max(...sources.map((path) => statSync(path).mtimeMs));
  return outputs.every((path) => statSync(path).mtimeMs >= newestSource);
}

/** Write through a temporary file, so a concurrent reader never sees half a file. */
function writeAtomically(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** Labels and 0–255 pixels of every digit, class 0's digits first, in the package's order. */
export function readMnistJson(paths: readonly string[] = mnistJsonPaths()): { labels: Uint8Array; pixels: Uint8Array } {
  const perClass = paths.map((path, digit) => {
    const { data } = JSON.parse(readFileSync(path, 'utf8')) as { data: number[] };
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      throw new Error(`${path}: expected a "data" array whose length is a multiple of ${PIXELS}`);
    }
    return { digit, data };
  });
  const count = perClass.reduce((sum, { data }) => sum + data.length / PIXELS, 0);
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * PIXELS);
  let at = 0;
  for (const { digit, data } of perClass) {
    const n = data.length / PIXELS;
    labels.fill(digit, at, at + n);
    const base = at * PIXELS;
    for (let i = 0; i < data.length; i++) pixels[base + i] = Math.min(255, Math.max(0, Math.round(data[i]! * 255)));
    at += n;
  }
  return { labels, pixels };
}

/** Make sure mnist-28.bin and mnist-14.bin exist and are current; returns their paths. */
export function ensureDigitsBinaries(outDir: string = DIGITS_GENERATED_DIR): { path28: string; path14: string } {
  const path28 = join(outDir, 'mnist-28.bin');
  const path14 = join(outDir, 'mnist-14.bin');
  let sources: string[];
  try {
    sources = mnistJsonPaths();
  } catch (error) {
    // A bundled copy of the command line carries the binaries without the package.
    if (existsSync(path28) && existsSync(path14)) return { path28, path14 };
    throw error;
  }
  if (upToDate([path28, path14], sources)) return { path28, path14 };

  const { labels, pixels } = readMnistJson(sources);
  mkdirSync(outDir, { recursive: true });
  writeAtomically(path28, encodeDigits({ side: SIDE, labels, pixels }));
  const pixels14 = downsample2x(pixels, labels.length, SIDE);
  writeAtomically(path14, encodeDigits({ side: SIDE / 2, labels, pixels: pixels14 }));
  return { path28, path14 };
}
