/**
 * Random and hostile links for the fuzz tests (issue 10), from the project's
 * seeded generator: the same seed gives the same link on any machine, so a
 * failure names its seed and can be replayed with `hostileLink(seed)`.
 * Shared by tests/unit/link-fuzz.test.ts (every link through the parser) and
 * tests/browser/link-fuzz.test.ts (a sample loaded in a page).
 */
import { createRng, type Rng } from '../../src/core/rng';
import { PRESETS } from '../../src/core/presets';
import { LECTURE_STEPS } from '../../src/core/lecture-steps';
import { DATASET_NAMES } from '../../src/core/settings';

/** Every key a link may carry (url-state.ts). */
export const SETTING_KEYS = ['preset', 'dataset', 'student', 'keep', 'displayT', 'point', 'view', 'step', 'seed', 'T', 'alpha', 'fraction', 'lr', 'epochs', 'teacherEpochs', 'omit'] as const;

/** Set by any markup a link manages to run. */
export const PWNED_FLAG = '__dklPwned';
const PWN = `window.${PWNED_FLAG}=1`;

/** Markup that runs script if a page ever renders it as HTML. */
export const MARKUP = [
  `<img src=x onerror=${PWN}>`,
  `<script>${PWN}</script>`,
  `"><svg onload=${PWN}>`,
  `'><iframe srcdoc="<script>parent.${PWN}</script>">`,
  `<a href="javascript:${PWN}">link</a>`,
  `<style>body{display:none}</style>`,
  `{@html '<b>x</b>'}`,
];

const UNKNOWN_KEYS = ['foo', 't', 'temperature', 'Preset', 'bench', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'T ', ' T', '<b>T</b>', '温度', '🔥', '', 'T\u200b', '\u202eT', 'a.b', 'x[y]', ...MARKUP];

const VALID: Record<(typeof SETTING_KEYS)[number], readonly string[]> = {
  preset: PRESETS.map((preset) => preset.name),
  dataset: DATASET_NAMES,
  student: ['32-32', '4', '1', '800-800', '4096-4096', '8-8-8-8', '16-16'],
  keep: ['', '0', '1,2', '7,8', '2,1,1'],
  displayT: ['0.5', '1', '4', '20', '2.5'],
  point: ['1', '2', '100', '100000'],
  view: ['lecture'],
  step: LECTURE_STEPS.map((_, i) => String(i + 1)),
  seed: ['0', '1', '42', '2147483647'],
  T: ['0.05', '1', '4', '20', '100'],
  alpha: ['0', '0.5', '1'],
  fraction: ['0.01', '0.5', '1'],
  lr: ['0.001', '0.01', '1'],
  epochs: ['1', '10', '5000'],
  teacherEpochs: ['1', '30', '500'],
  omit: ['-1', '0', '3', '9'],
};

const HOSTILE_VALUES = [
  ...['NaN', 'Infinity', '-Infinity', '1e308', '1e309', '-1e308', '-1', '-0', '0', '1e-37', '5e-324', '9007199254740993', '2147483648', '-2147483649'],
  ...['0x10', '0b11', '0o7', '1e1', ' 2 ', '2abc', '', ' ', '+', '-', '.', '%', '%zz', '%00', 'true', 'null', 'undefined', '[]', '{}', '__proto__'],
  ...['２', 'Ⅳ', '٣', '😀', '\u202e4', '\u200b4', '4\u0000', 'e', '1,2,,3', '1;2', '-1,2', '7,7,7,7,7', '0032-32', '32-32-32-32-32', '0-32', '4097', '32--32', '32-32 ', ' 16-16'],
  ...MARKUP,
];

const ALPHABET = [...'abcXYZ0123456789-.,;:+=&#%?/\\<>"\'`{}[]() _~!@$^*|', 'é', 'ß', '漢', '😀', '\u200b', '\u202e', '\u0000', '\t', '\n'];

const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.int(list.length)]!;

function randomText(rng: Rng, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += pick(rng, ALPHABET);
  return text;
}

/** A number written in one of the many ways a hand-edited link might. */
function randomNumber(rng: Rng): string {
  const magnitude = 10 ** (rng.int(40) - 20) * rng.next();
  const value = rng.next() < 0.3 ? -magnitude : magnitude;
  switch (rng.int(5)) {
    case 0:
      return String(Math.round(value));
    case 1:
      return value.toExponential(rng.int(6));
    case 2:
      return String(rng.int(12) - 2);
    case 3:
      return value.toFixed(rng.int(4));
    default:
      return String(value);
  }
}

/** Text longer than any valid value: a few characters past the quote limit, or 10 KB. */
function longText(rng: Rng): string {
  const length = pick(rng, [59, 60, 61, 62, 200, 1000, 10_240]);
  return rng.next() < 0.5 ? pick(rng, ['x', '9', '<', '漢']).repeat(length) : randomText(rng, length);
}

function randomValue(rng: Rng, key: string): string {
  const roll = rng.next();
  const valid = Object.hasOwn(VALID, key) ? (VALID as Record<string, readonly string[]>)[key] : undefined;
  if (valid && roll < 0.4) return pick(rng, valid);
  if (roll < 0.65) return pick(rng, HOSTILE_VALUES);
  if (roll < 0.8) return randomNumber(rng);
  if (roll < 0.95) return randomText(rng, 1 + rng.int(40));
  return longText(rng);
}

function randomKey(rng: Rng, earlier: readonly string[]): string {
  const roll = rng.next();
  if (earlier.length > 0 && roll < 0.12) return pick(rng, earlier);
  if (roll < 0.7) return pick(rng, SETTING_KEYS);
  if (roll < 0.9) return pick(rng, UNKNOWN_KEYS);
  if (roll < 0.95) return randomText(rng, 1 + rng.int(20));
  return longText(rng);
}

/** A query as a person or a script might write it: mostly encoded, sometimes raw (so & = % + split and garble it). */
function randomQuery(rng: Rng): string {
  const count = rng.next() < 0.05 ? 0 : 1 + rng.int(rng.next() < 0.1 ? 40 : 8);
  const keys: string[] = [];
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = randomKey(rng, keys);
    keys.push(key);
    const value = randomValue(rng, key);
    const raw = rng.next() < 0.15;
    const write = (text: string) => (raw ? text.replaceAll('#', '%23') : encodeURIComponent(text));
    parts.push(rng.next() < 0.04 ? write(key) : `${write(key)}=${write(value)}`);
  }
  if (rng.next() < 0.05) parts.splice(rng.int(parts.length + 1), 0, '', '&');
  return parts.join('&');
}

/** The link of one seed: a query after ?, after #, after #?, beside a stray hash, or nothing. */
export function hostileLink(seed: number): string {
  const rng = createRng(seed);
  const query = randomQuery(rng);
  const roll = rng.next();
  if (roll < 0.68) return `?${query}`;
  if (roll < 0.8) return `#${query}`;
  if (roll < 0.85) return `#?${query}`;
  if (roll < 0.95) return `?${query}#${pick(rng, [randomQuery(rng), ...MARKUP.map(encodeURIComponent), 'T=2'])}`;
  return pick(rng, ['', '?', '#', '?#', '#?', '?&', '?=', '?==&=']);
}

/** What the address bar holds after a browser parses `link`: the `location.search + location.hash` the app reads. */
export function asLocation(link: string): { search: string; hash: string } {
  const url = new URL(link, 'http://127.0.0.1/');
  return { search: url.search, hash: url.hash };
}

/**
 * The key–value pairs a location carries, decoded, in order, and the hash the
 * parser must name as ignored: settings go after ?, or after # when there is no query.
 */
export function carriedPairs(search: string, hash: string): { pairs: [string, string][]; strayHash: string | null } {
  const query = search.replace(/^\?/, '');
  const fragment = hash.replace(/^#/, '');
  if (query === '') return { pairs: [...new URLSearchParams(fragment.replace(/^\?/, ''))], strayHash: null };
  return { pairs: [...new URLSearchParams(query)], strayHash: fragment === '' ? null : fragment };
}

/** Hand-picked worst cases, beside the random ones: markup, 10 KB values, NaN, 1e308, −0, unicode, # links, repeated keys. */
export const WORST_LINKS: readonly string[] = [
  `?preset=${encodeURIComponent(MARKUP[0]!)}`,
  `?${encodeURIComponent(MARKUP[1]!)}=1&T=2`,
  `?alpha=${encodeURIComponent(MARKUP[2]!)}&student=${encodeURIComponent(MARKUP[3]!)}`,
  `?view=${encodeURIComponent(MARKUP[4]!)}&keep=${encodeURIComponent(MARKUP[5]!)}`,
  `?preset=${'x'.repeat(10_240)}`,
  `?${'k'.repeat(10_240)}=1&seed=7`,
  `?T=${encodeURIComponent('<'.repeat(10_240))}`,
  '?T=NaN&alpha=Infinity&lr=-Infinity&seed=1e308&epochs=1e309&fraction=-1e308',
  '?seed=-0&alpha=-0&omit=-0&point=-0',
  '?T=0x10&seed=0b11&epochs=1e1&displayT=%202%20',
  `?preset=${encodeURIComponent('低数据')}&T=${encodeURIComponent('２')}&${encodeURIComponent('温度')}=4&alpha=${encodeURIComponent('\u202e0.5')}`,
  `#T=2&alpha=${encodeURIComponent(MARKUP[0]!)}`,
  '#?preset=spirals&omit=2',
  `?T=3#${encodeURIComponent(MARKUP[1]!)}`,
  `?T=2&T=${encodeURIComponent(MARKUP[1]!)}&seed=4&seed=5&seed=`,
  '?student=0032-32&epochs=5',
  '?student=32-32+&preset=tiny-student',
  '?omit=3.0&dataset=spirals',
  '?preset=omitted-class&dataset=spirals',
  '?preset=omitted-class&dataset=spirals&omit=5',
  '?preset=omitted-class&dataset=spirals&omit=abc&keep=1',
  '?preset=sevens-eights&omit=3&keep=9,9,9',
  '?step=1e308&point=1e308&view=LECTURE',
  '?step=2&displayT=4',
  '?displayT=0.59',
  '?=&==&&=x&%zz=%zz',
];
