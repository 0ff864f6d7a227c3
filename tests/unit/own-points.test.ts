import { describe, expect, it } from 'vitest';
import {
  CELL,
  EMPTY_POINTS,
  GRID_COLUMNS,
  GRID_ROWS,
  MAX_OWN_POINTS,
  OWN_POINTS_CANVAS,
  POINTS_TEXT_LIMIT,
  cellAt,
  decodePoints,
  encodePoints,
  ownPointsSizes,
  pointX,
  pointY,
  samplePoints,
  trainingProblem,
  type OwnPoint,
} from '../../src/core/own-points';
import { createRng, shuffledIndices } from '../../src/core/rng';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../../src/core/settings';
import { findPreset } from '../../src/core/presets';
import { parseUrlState, serializeUrlState, defaultUrlState } from '../../src/core/url-state';
import { teacherKey } from '../../src/core/teacher-origin';
import { dataSizes, transferCount } from '../../src/core/run-estimate';
import { estimateMemory, sizeProblem } from '../../src/core/size-limits';
import { transferIndicesFor } from '../../src/core/transfer-set';
import { loadDataset, loadRunData } from '../../datasets/index';
import { ownPointsDataset, ownPointsProblem, splitOwnPoints } from '../../datasets/own-points';
import { classCounts } from '../../datasets/types';

/** `n` seeded points anywhere on the grid, of `classes` classes. */
function randomPoints(n: number, classes: number, seed: number): OwnPoint[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => ({ column: rng.int(GRID_COLUMNS), row: rng.int(GRID_ROWS), label: rng.int(classes) }));
}

/** The four base64url characters of one point written by hand (column, row, class as three bytes). */
function rawPoint(column: number, row: number, label: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bits = (column << 16) | (row << 8) | label;
  return [18, 12, 6, 0].map((shift) => alphabet[(bits >> shift) & 63]).join('');
}

const withPoints = (points: OwnPoint[], extra: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, points: encodePoints(points), ...extra });

describe('own points: the link encoding', () => {
  it('round-trips points, four base64url characters each, in their order; "empty" is no points', () => {
    const corners = [
      { column: 0, row: 0, label: 0 },
      { column: GRID_COLUMNS - 1, row: GRID_ROWS - 1, label: 5 },
      { column: 0, row: GRID_ROWS - 1, label: 3 },
    ];
    for (const points of [corners, randomPoints(57, 6, 1), randomPoints(MAX_OWN_POINTS, 3, 2)]) {
      const text = encodePoints(points);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(text).toHaveLength(4 * points.length);
      expect(decodePoints(text, 6)).toEqual({ ok: true, points });
    }
    expect(encodePoints([])).toBe(EMPTY_POINTS);
    expect(decodePoints(EMPTY_POINTS, 6)).toEqual({ ok: true, points: [] });
    expect(rawPoint(3, 7, 2)).toBe(encodePoints([{ column: 3, row: 7, label: 2 }]));
  });

  it('places a point at the centre of its cell, and a position back in that cell; nothing outside the canvas', () => {
    for (const point of randomPoints(200, 6, 3)) {
      expect(cellAt(pointX(point), pointY(point))).toEqual({ column: point.column, row: point.row });
      expect(pointX(point)).toBeGreaterThan(OWN_POINTS_CANVAS.minX);
      expect(pointY(point)).toBeLessThan(OWN_POINTS_CANVAS.maxY);
    }
    expect(cellAt(OWN_POINTS_CANVAS.minX, OWN_POINTS_CANVAS.minY)).toEqual({ column: 0, row: 0 });
    expect(cellAt(OWN_POINTS_CANVAS.maxX - CELL / 2, OWN_POINTS_CANVAS.maxY - CELL / 2)).toEqual({ column: GRID_COLUMNS - 1, row: GRID_ROWS - 1 });
    for (const [x, y] of [[OWN_POINTS_CANVAS.maxX + 0.01, 0], [0, OWN_POINTS_CANVAS.minY - 0.01], [NaN, 0], [-Infinity, 0]] as const) expect(cellAt(x, y)).toBeNull();
    expect(GRID_ROWS / GRID_COLUMNS).toBeCloseTo((OWN_POINTS_CANVAS.maxY - OWN_POINTS_CANVAS.minY) / (OWN_POINTS_CANVAS.maxX - OWN_POINTS_CANVAS.minX), 9);
  });

  it(`carries at most ${MAX_OWN_POINTS} points (${POINTS_TEXT_LIMIT} characters) and says so past it`, () => {
    expect(POINTS_TEXT_LIMIT).toBe(1200);
    expect(() => encodePoints(randomPoints(MAX_OWN_POINTS + 1, 6, 4))).toThrow(/At most 300 points travel in a link; got 301/);
    const tooMany = randomPoints(MAX_OWN_POINTS, 6, 5).map((p) => rawPoint(p.column, p.row, p.label)).join('') + rawPoint(1, 1, 1);
    expect(decodePoints(tooMany, 6)).toEqual({ ok: false, message: 'too many points (301); a link carries at most 300' });
    expect(decodePoints('A'.repeat(40_000), 6)).toEqual({ ok: false, message: 'too many points (10,000); a link carries at most 300' });
  });

  it.each(['', 'AAA', 'AAAAA', 'AA=A', 'AA+A', 'AA/A', 'AAA ', 'AAAAé', 'Empty', 'none', '%41AAA'])('refuses malformed text %j', (text) => {
    const result = decodePoints(text, 6);
    if (text === 'none') {
      // Four letters are a point: this one's class byte (0xde) is no class of the dataset.
      expect(result).toEqual({ ok: false, message: "point 1 is of class 222; this dataset's classes are 0–5" });
      return;
    }
    expect(result).toEqual({ ok: false, message: 'not a list of points: “empty”, or four letters, digits, - or _ per point' });
  });

  it('refuses a point outside the canvas or of a class the dataset lacks, naming the point', () => {
    const ok = rawPoint(10, 10, 1);
    expect(decodePoints(ok + rawPoint(GRID_COLUMNS, 5, 0), 6)).toEqual({ ok: false, message: 'point 2 lies outside the canvas' });
    expect(decodePoints(ok + ok + rawPoint(5, GRID_ROWS, 0), 6)).toEqual({ ok: false, message: 'point 3 lies outside the canvas' });
    expect(decodePoints(rawPoint(255, 255, 0), 6)).toEqual({ ok: false, message: 'point 1 lies outside the canvas' });
    expect(decodePoints(ok + rawPoint(5, 5, 3), 3)).toEqual({ ok: false, message: "point 2 is of class 3; this dataset's classes are 0–2" });
    expect(decodePoints(ok + rawPoint(5, 5, 3), 4).ok).toBe(true);
    expect(() => encodePoints([{ column: GRID_COLUMNS, row: 0, label: 0 }])).toThrow(/Not a point of the canvas/);
    expect(() => encodePoints([{ column: 1.5, row: 0, label: 0 }])).toThrow(/Not a point of the canvas/);
  });
});

describe('own points: what can train', () => {
  const names = ['cat', 'dog', 'tiger'];
  const of = (...labels: number[]) => labels.map((label, i) => ({ column: i, row: 0, label }));

  it('needs three points in each class used, and two classes', () => {
    expect(trainingProblem([], names)).toBe('To train, place at least 3 points (2 to train on, 1 to test) in each of at least 2 classes: the canvas is empty.');
    expect(trainingProblem(of(0, 0, 0, 0), names)).toMatch(/: only cat has points\.$/);
    expect(trainingProblem(of(0, 0, 0, 1, 1, 2), names)).toMatch(/: dog has 2, tiger has 1\.$/);
    expect(trainingProblem(of(0, 0, 0, 1, 1, 1), names)).toBeNull();
    expect(trainingProblem(of(0, 0, 0, 2, 2, 2, 2), names)).toBeNull();
    expect(ownPointsProblem({ dataset: 'spirals', points: '' })).toBeNull();
    expect(ownPointsProblem({ dataset: 'spirals', points: encodePoints(of(0, 0, 1, 1, 1)) })).toMatch(/arm A has 2\.$/);
    expect(ownPointsProblem({ dataset: 'spirals', points: 'A' })).toMatch(/^Your points: not a list of points/);
  });

  it('are refused on the digits and checked as a setting, like the others', () => {
    expect(validateSettings(withPoints(of(0, 0, 0, 1, 1, 1)))).toEqual({});
    expect(validateSettings({ ...DEFAULT_SETTINGS, points: EMPTY_POINTS })).toEqual({});
    expect(validateSettings({ ...DEFAULT_SETTINGS, points: 'AAA' }).points).toMatch(/^Your points: not a list of points/);
    expect(validateSettings({ ...findPreset('paper-mnist')!.settings, points: EMPTY_POINTS }).points).toBe('Your points: your own points go on a 2-D dataset, not on Handwritten digits, 14×14.');
  });
});

describe('own points: the seeded split and the transfer set', () => {
  const points = randomPoints(61, 6, 7).map((p, i) => ({ ...p, label: i < 3 ? 2 : p.label }));

  it('splits the points by one seeded permutation, class by class: two thirds (rounded up) to train, the rest to test', () => {
    const labels = Int32Array.from(points, (p) => p.label);
    const { train, test } = splitOwnPoints(labels, 6, 11);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: points.length }, (_, i) => i));
    const counts = classCounts(labels, 6);
    const trainCounts = classCounts(Array.from(train, (i) => labels[i]!), 6);
    counts.forEach((n, k) => expect(trainCounts[k], `class ${k}`).toBe(Math.ceil((2 * n) / 3)));
    // Both parts keep the order of the permutation the generated sets are split by (point-split.ts).
    const order = Array.from(shuffledIndices(points.length, createRng(11)));
    const position = (i: number) => order.indexOf(i);
    for (const part of [train, test]) for (let k = 1; k < part.length; k++) expect(position(part[k]!)).toBeGreaterThan(position(part[k - 1]!));
    expect(splitOwnPoints(labels, 6, 11)).toEqual({ train, test });
    expect(Array.from(splitOwnPoints(labels, 6, 12).train)).not.toEqual(Array.from(train));
  });

  it('is the run data of settings with points, with the dataset’s classes; the sizes tables and the transfer set agree', async () => {
    const settings = withPoints(points, { studentFraction: 0.25, seed: 3 });
    const data = await loadRunData(settings);
    const base = await loadDataset('animals-vehicles', 3);
    expect(data.classNames).toEqual(base.classNames);
    expect(data.families).toEqual(base.families);
    expect(data.trainY.length + data.testY.length).toBe(points.length);
    expect(data).toEqual(ownPointsDataset(base, points, 3));
    const sizes = ownPointsSizes(points, 6, 0.25);
    expect([data.trainY.length, data.testY.length]).toEqual([sizes.train, sizes.test]);
    expect(dataSizes(settings)).toEqual({ train: sizes.train, test: sizes.test });
    const transfer = transferIndicesFor(settings, data.trainY, 6);
    expect(transfer.length).toBe(sizes.transfer);
    expect(transferCount(settings)).toBe(sizes.transfer);
    expect(new Set(Array.from(transfer, (i) => data.trainY[i]))).toEqual(new Set(points.map((p) => p.label)));
    // Classes no student keeps leave the transfer set: counted as the run picks it.
    const omitted = { ...settings, keptClasses: '0,1' };
    expect(transferCount(omitted)).toBe(transferIndicesFor(omitted, data.trainY, 6).length);
    // Every point is where it was placed.
    const placed = new Set(points.map((p) => `${pointX(p).toFixed(4)},${pointY(p).toFixed(4)},${p.label}`));
    for (let i = 0; i < data.testY.length; i++) expect(placed.has(`${data.testX[2 * i]!.toFixed(4)},${data.testX[2 * i + 1]!.toFixed(4)},${data.testY[i]}`)).toBe(true);
    // The dataset's own points are unchanged without points.
    expect(await loadRunData({ ...settings, points: '' })).toEqual(base);
    expect(dataSizes({ ...settings, points: '' })).toEqual({ train: 4000, test: 2000 });
  });

  it('an empty canvas is a dataset with no points (a preview), and bad points do not load', async () => {
    const empty = await loadRunData({ ...DEFAULT_SETTINGS, points: EMPTY_POINTS });
    expect([empty.trainY.length, empty.testY.length]).toEqual([0, 0]);
    await expect(loadRunData({ ...DEFAULT_SETTINGS, dataset: 'spirals', points: rawPoint(1, 1, 5) })).rejects.toThrow("Your points: point 1 is of class 5; this dataset's classes are 0–2.");
  });

  it('memory and time estimates count your points, not the dataset’s 6,000', () => {
    const settings = withPoints(points);
    const own = estimateMemory(settings);
    const generated = estimateMemory({ ...settings, points: '' });
    expect(own.dataBytes).toBeLessThan(generated.dataBytes / 50);
    expect(own.modelBytes.teacherLayers).toBeLessThan(generated.modelBytes.teacherLayers);
    expect(sizeProblem({ ...settings, studentLayers: '4096-4096-4096-4096', teacherLayers: '4096-4096-4096-4096' })?.message).toMatch(/ on your 61 points need about/);
  });

  it('a teacher trained on some points is not the teacher of others; without points the key is as before', () => {
    const a = withPoints(points);
    expect(teacherKey(a)).not.toBe(teacherKey(withPoints(points.slice(1))));
    expect(teacherKey(a)).not.toBe(teacherKey(DEFAULT_SETTINGS));
    expect(teacherKey(a)).toBe(teacherKey({ ...a, temperature: 9, studentFraction: 0.5 }));
    expect(JSON.parse(teacherKey(DEFAULT_SETTINGS))).not.toHaveProperty('points');
  });

  it('a start from the dataset takes a few points of each class, inside the canvas, the same for the same seed', async () => {
    const base = await loadDataset('spirals', 1);
    const sample = samplePoints(base.testX, base.testY, 3, 10, 1);
    expect(classCounts(sample.map((p) => p.label), 3)).toEqual([10, 10, 10]);
    expect(samplePoints(base.testX, base.testY, 3, 10, 1)).toEqual(sample);
    expect(samplePoints(base.testX, base.testY, 3, 10, 2)).not.toEqual(sample);
    expect(new Set(sample.map((p) => `${p.column},${p.row}`)).size).toBe(sample.length);
    expect(samplePoints(new Float32Array([99, 99, 0, 0]), new Int32Array([0, 1]), 2, 5, 1)).toEqual([{ ...cellAt(0, 0)!, label: 1 }]);
  });
});

describe('own points in the link', () => {
  const points = randomPoints(40, 6, 9);

  it('go in the link only when there are some, and come back from it', () => {
    const state = defaultUrlState();
    expect(serializeUrlState(state)).not.toContain('points');
    state.settings = { ...state.settings, points: encodePoints(points), teacherEpochs: 300 };
    const link = serializeUrlState(state);
    expect(link).toContain(`points=${encodePoints(points)}`);
    expect(parseUrlState(link)).toEqual({ state, ignored: [] });
    state.settings.points = EMPTY_POINTS;
    expect(serializeUrlState(state)).toContain('points=empty');
    expect(parseUrlState(serializeUrlState(state))).toEqual({ state, ignored: [] });
  });

  it.each([
    ['malformed', 'AAA*', /^points=AAA\* \(not a list of points/],
    ['outside the canvas', rawPoint(10, 10, 0) + rawPoint(250, 10, 0), /^points=\S+ \(point 2 lies outside the canvas\)$/],
    ['of a class the dataset lacks', rawPoint(10, 10, 6), /^points=\S+ \(point 1 is of class 6; this dataset's classes are 0–5\)$/],
    ['too many', encodePoints(randomPoints(MAX_OWN_POINTS, 6, 1)) + rawPoint(1, 1, 1), /^points=[A-Za-z0-9_-]{59}… \(too many points \(301\); a link carries at most 300\)$/],
    ['empty', '', /^points= \(not a list of points/],
  ])('fall back to the dataset’s points with a notice when %s, the rest of the link applying', (_, value, message) => {
    const { state, ignored } = parseUrlState(`?preset=low-data&seed=4&T=2&points=${value}`);
    expect(state.settings.points).toBe('');
    expect(state.settings.seed).toBe(4);
    expect(state.settings.temperature).toBe(2);
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatch(message);
    expect(ignored[0]!.length).toBeLessThan(160);
  });

  it('given twice, the first is used and the notice quotes it short', () => {
    const long = encodePoints(points);
    const { state, ignored } = parseUrlState(`?points=${long}&points=empty`);
    expect(state.settings.points).toBe(long);
    expect(ignored).toEqual([`points given twice; used the first, ${long.slice(0, 59)}…, not empty`]);
  });

  it('are refused on the digits, and judged against the link’s dataset', () => {
    const onDigits = parseUrlState(`?preset=paper-mnist&points=${encodePoints(points)}`);
    expect(onDigits.state.settings.points).toBe('');
    expect(onDigits.ignored[0]).toMatch(/\(your own points go on a 2-D dataset, not on Handwritten digits, 14×14\)$/);
    const three = encodePoints([{ column: 5, row: 5, label: 2 }]);
    expect(parseUrlState(`?preset=low-data&dataset=spirals&points=${three}`)).toMatchObject({ state: { settings: { dataset: 'spirals', points: three } }, ignored: [] });
    expect(parseUrlState(`?preset=spirals&points=${encodePoints([{ column: 5, row: 5, label: 4 }])}`).ignored[0]).toMatch(/point 1 is of class 4; this dataset's classes are 0–2/);
  });
});
