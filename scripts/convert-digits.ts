/** Convert the `mnist` package's digits to datasets/digits/generated/*.bin and report what is there. */
import { readFileSync, statSync } from 'node:fs';
import { ensureDigitsBinaries } from '../datasets/digits/convert';
import { decodeDigits } from '../datasets/digits/format';
import { classCounts } from '../datasets/types';

const { path28, path14 } = ensureDigitsBinaries();
const decoded = decodeDigits(readFileSync(path28));
const counts = classCounts(decoded.labels, 10);
console.log(`${decoded.count} digits; per class: ${counts.map((n, digit) => `${digit}:${n}`).join(' ')}`);
for (const path of [path28, path14]) console.log(`${path}  ${statSync(path).size.toLocaleString('en-US')} bytes`);
