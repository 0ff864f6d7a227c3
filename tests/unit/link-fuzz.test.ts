/**
 * Link fuzz (issue 10): thousands of random and hostile links, made by the seeded
 * generator in hostile-links.ts, through the parsing the app uses (the browser's
 * `location.search + location.hash`, then parseUrlState). Every link must give
 * valid settings, and every pair it carries is either applied or named in the
 * ignored list, quoted short. A failure prints its seed and link;
 * `LINK_FUZZ_SEED=<n>` starts the run elsewhere to explore.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { QUOTE_LIMIT, clip, parseUrlState, serializeUrlState, type UrlState } from '../../src/core/url-state';
import { assertValidSettings, parseKeptClasses, parseLayers, type NumericField } from '../../src/core/settings';
import { findPreset } from '../../src/core/presets';
import { stepAt } from '../../src/core/lecture-steps';
import { SETTING_KEYS, WORST_LINKS, asLocation, carriedPairs, hostileLink } from './hostile-links';

const LINKS = 2000;
const FIRST_SEED = Number(process.env.LINK_FUZZ_SEED ?? 1);
/** The longest an ignored entry may be: a key and a value of QUOTE_LIMIT characters each, and a reason. */
const ENTRY_LIMIT = 2 * QUOTE_LIMIT + 200;

const NUMERIC: Record<string, NumericField> = { seed: 'seed', T: 'temperature', alpha: 'alpha', fraction: 'studentFraction', lr: 'learningRate', epochs: 'studentEpochs', teacherEpochs: 'teacherEpochs', omit: 'omittedClass' };

/** Whether the state shows the link's `key=value` taken as written. */
function applied(key: string, value: string, state: UrlState): boolean {
  const number = value.trim() === '' ? NaN : Number(value);
  const field = NUMERIC[key];
  if (field) return state.settings[field] === number;
  switch (key) {
    case 'preset':
      return state.preset === value;
    case 'dataset':
      return state.settings.dataset === value;
    case 'student':
      return parseLayers(value)?.join('-') === state.settings.studentLayers;
    case 'keep': {
      const kept = parseKeptClasses(value, state.settings.dataset);
      return kept.ok && kept.value === state.settings.keptClasses;
    }
    case 'displayT':
      return state.displayTemperature === Math.round(number * 10) / 10;
    case 'point':
      return state.selectedIndex === number - 1;
    case 'view':
      return value === 'lecture' && state.lecture;
    case 'step':
      return state.step === number;
    default:
      return false;
  }
}

type Parse = typeof parseUrlState;

/** Every way `parse` (the app's parser unless a test sabotages it) breaks the rules on `link`; empty when it holds. Also the pairs it applied. */
function linkProblems(link: string, parse: Parse = parseUrlState): { problems: string[]; kept: [string, string][] } {
  const { search, hash } = asLocation(link);
  const { state, ignored } = parse(search + hash);
  const problems: string[] = [];
  const kept: [string, string][] = [];
  const named = (test: (entry: string) => boolean, what: string) => {
    if (!ignored.some(test)) problems.push(`not named: ${what}`);
  };
  try {
    assertValidSettings(state.settings);
  } catch (error) {
    problems.push(`invalid settings: ${(error as Error).message}`);
  }
  if (!findPreset(state.preset)) problems.push(`unknown preset ${state.preset}`);
  if (state.step !== null && !stepAt(state.step)) problems.push(`no such step ${state.step}`);
  if (!Number.isInteger(state.selectedIndex) || state.selectedIndex < 0) problems.push(`selected index ${state.selectedIndex}`);
  for (const [name, value] of Object.entries({ ...state.settings, displayTemperature: state.displayTemperature, selectedIndex: state.selectedIndex })) {
    if (Object.is(value, -0)) problems.push(`${name} is −0`);
  }
  if (parseLayers(state.settings.studentLayers)?.join('-') !== state.settings.studentLayers) problems.push(`student layers not written plainly: “${state.settings.studentLayers}”`);
  for (const entry of ignored) {
    const values = (entry.match(/, not (.*)$/)?.[1] ?? '').split(', ').length;
    if (entry.length > ENTRY_LIMIT + QUOTE_LIMIT * values) problems.push(`entry of ${entry.length} characters: ${clip(entry)}`);
  }
  const { pairs, strayHash } = carriedPairs(search, hash);
  if (strayHash !== null) named((e) => e.startsWith(`#${clip(strayHash)} (`), `the hash #${clip(strayHash)}`);
  const seen = new Set<string>();
  for (const [key, value] of pairs) {
    if (key.length > QUOTE_LIMIT) named((e) => e === `${clip(key)} (not a setting)`, `long key ${clip(key)}`);
    else if (value.length > QUOTE_LIMIT) named((e) => e.startsWith(`${key}=${clip(value)} (`), `long value ${key}=${clip(value)}`);
    else if (!(SETTING_KEYS as readonly string[]).includes(key)) named((e) => e === `${key === '' ? 'an empty key' : key} (not a setting)`, `unknown key “${key}”`);
    else if (seen.has(key)) named((e) => e.startsWith(`${key} given `) && e.includes(`, not `) && e.includes(value === '' ? 'empty' : value), `repeated ${key}=${value}`);
    else {
      seen.add(key);
      if (applied(key, value, state)) kept.push([key, value]);
      else named((e) => e.startsWith(key === 'preset' ? `preset “${value}” (` : `${key}=${value} (`), `${key}=${value}`);
    }
  }
  // The address bar is rewritten from the state: that link must read back the same, with nothing ignored.
  const rewritten = serializeUrlState(state);
  problems.push(...differences(`rewritten link ${rewritten}`, parseUrlState(rewritten), state, []));
  // What the parser ignored made no difference: the pairs it applied alone give the same state, and no notice
  // but those about the preset's own values (which the link's dataset can clash with).
  const clean = `?${new URLSearchParams(kept).toString()}`;
  problems.push(...differences(`applied pairs alone ${clean}`, parseUrlState(clean), state, ignored.filter((e) => e.startsWith("the preset's "))));
  return { problems, kept };
}

/** How a parse differs from the state and ignored list expected, field by field. */
function differences(what: string, parsed: { state: UrlState; ignored: string[] }, state: UrlState, ignored: string[]): string[] {
  const found: string[] = [];
  const flat = (s: UrlState) => ({ ...s.settings, preset: s.preset, displayTemperature: s.displayTemperature, selectedIndex: s.selectedIndex, lecture: s.lecture, step: s.step });
  const [got, want] = [flat(parsed.state), flat(state)];
  for (const key of Object.keys(want) as (keyof typeof want)[]) {
    if (!Object.is(got[key], want[key])) found.push(`${what}: ${key} reads back as ${JSON.stringify(got[key])}, not ${JSON.stringify(want[key])}`);
  }
  if (!isDeepStrictEqual(parsed.ignored, ignored)) found.push(`${what}: ignores ${JSON.stringify(parsed.ignored)}`);
  return found;
}

/** A failure's report: the seed (replay: hostileLink(seed)), the link (long ones cut) and what broke. */
function report(seed: number | string, link: string, problems: string[]): string {
  return `seed ${seed}: ${JSON.stringify(link.length > 300 ? `${link.slice(0, 300)}… (${link.length} characters)` : link)}\n  ${problems.join('\n  ')}`;
}

describe('link fuzz', () => {
  it('the generator is seeded: a seed gives the same link', () => {
    expect(hostileLink(12345)).toBe(hostileLink(12345));
    expect(new Set(Array.from({ length: 50 }, (_, i) => hostileLink(i))).size).toBeGreaterThan(45);
  });

  it('the oracle objects to a parser that drops a value in silence, quotes it whole, or keeps −0', () => {
    expect(linkProblems('?T=2&alpha=0.5')).toEqual({ problems: [], kept: [['T', '2'], ['alpha', '0.5']] });
    const silent: Parse = (link) => ({ ...parseUrlState(link), ignored: [] });
    expect(linkProblems('?T=abc&alpha=0.5', silent).problems).toEqual(['not named: T=abc']);
    expect(linkProblems('?T=2&T=3', silent).problems).toEqual(['not named: repeated T=3']);
    expect(linkProblems('?foo=1', silent).problems).toEqual(['not named: unknown key “foo”']);
    const long = 'x'.repeat(500);
    const whole: Parse = (link) => ({ ...parseUrlState(link), ignored: [`preset=${long} (too long to be a value)`] });
    expect(linkProblems(`?preset=${long}`, whole).problems).toEqual([expect.stringMatching(/^entry of 532 characters/), `not named: long value preset=${clip(long)}`]);
    const negativeZero: Parse = (link) => {
      const parsed = parseUrlState(link);
      return { ...parsed, state: { ...parsed.state, settings: { ...parsed.state.settings, alpha: -0 } } };
    };
    expect(linkProblems('?alpha=0', negativeZero).problems).toContain('alpha is −0');
  });

  it.each(WORST_LINKS.map((link, i) => [i, link]))('worst case %i holds', (i, link) => {
    const { problems } = linkProblems(link);
    expect(problems, report(`worst ${i}`, link, problems)).toEqual([]);
  });

  it(`${LINKS} random and hostile links: valid settings, every ignored pair named and quoted short, the rest applied`, () => {
    const failures: string[] = [];
    let carried = 0;
    let ignoredCount = 0;
    let keptCount = 0;
    for (let seed = FIRST_SEED; seed < FIRST_SEED + LINKS; seed++) {
      const link = hostileLink(seed);
      const { problems, kept } = linkProblems(link);
      const { search, hash } = asLocation(link);
      carried += carriedPairs(search, hash).pairs.length;
      ignoredCount += parseUrlState(search + hash).ignored.length;
      keptCount += kept.length;
      if (problems.length > 0 && failures.length < 10) failures.push(report(seed, link, problems));
    }
    expect(failures.join('\n')).toBe('');
    // The links are hostile and mixed: thousands of pairs, many ignored, many applied.
    expect(carried).toBeGreaterThan(5 * LINKS);
    expect(ignoredCount).toBeGreaterThan(2 * LINKS);
    expect(keptCount).toBeGreaterThan(LINKS);
  }, 120_000); // ~1 s on an idle machine; generous for a loaded one
});
