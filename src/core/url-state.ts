/**
 * Everything a link must carry to reproduce what is on screen — the preset,
 * every setting (seed included), the display temperature and the selected
 * example — read and written through one typed schema. A bad value never
 * breaks the page: it falls back to its default and is listed as ignored.
 */
import { DEFAULT_PRESET, findPreset } from './presets';
import { LECTURE_STEPS, stepAt } from './lecture-steps';
import { sizeProblem } from './size-limits';
import { DISPLAY_T_RANGE, checkNumericField, isDatasetName, parseKeptClasses, parseLayers, parsePoints, validateSettings, type NumericField, type Settings } from './settings';

export interface UrlState {
  preset: string;
  settings: Settings;
  displayTemperature: number;
  selectedIndex: number;
  lecture: boolean;
  /** The guided lecture's step, 1-based; null outside the guided lecture. */
  step: number | null;
}

/** URL parameter → numeric setting. Short names keep links readable. */
const NUMERIC_PARAMS: Record<string, NumericField> = {
  seed: 'seed',
  T: 'temperature',
  alpha: 'alpha',
  fraction: 'studentFraction',
  lr: 'learningRate',
  studentLr: 'studentLearningRate',
  epochs: 'studentEpochs',
  teacherEpochs: 'teacherEpochs',
  omit: 'omittedClass',
  smooth: 'teacherLabelSmoothing',
  anneal: 'teacherAnneal',
  studentAnneal: 'studentAnneal',
};

/** Every key a link may carry. */
const KNOWN_KEYS = ['preset', 'dataset', 'student', 'keep', 'points', 'displayT', 'point', 'view', 'step', ...Object.keys(NUMERIC_PARAMS)];

export function defaultUrlState(): UrlState {
  const preset = findPreset(DEFAULT_PRESET)!;
  return { preset: DEFAULT_PRESET, settings: { ...preset.settings }, displayTemperature: preset.displayTemperature, selectedIndex: 0, lecture: false, step: null };
}

/** The most characters of a bad value a notice quotes; no valid key or value is longer. */
export const QUOTE_LIMIT = 60;

/** `text` cut to QUOTE_LIMIT characters, with an ellipsis when cut. */
export function clip(text: string): string {
  const chars = [...text];
  return chars.length > QUOTE_LIMIT ? `${chars.slice(0, QUOTE_LIMIT - 1).join('')}…` : text;
}

/**
 * The link's parameters from its query and hash (`location.search + location.hash`). Settings
 * written after # instead of ? are honoured when the query is empty; otherwise the hash is
 * named as ignored. Keys and values too long to be valid are named (quoted short) and left out, but for
 * `points` (your own points, up to 1,200 characters), whose length parsePoints judges.
 */
function linkParams(link: string, ignored: string[]): URLSearchParams {
  const hashAt = link.indexOf('#');
  let query = hashAt >= 0 ? link.slice(0, hashAt) : link;
  const hash = hashAt >= 0 ? link.slice(hashAt + 1) : '';
  if (query.replace(/^\?/, '') === '') query = hash;
  else if (hash !== '') ignored.push(`#${clip(hash)} (settings go after ?, not #)`);
  const params = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(query.replace(/^\?/, ''))) {
    if (key.length > QUOTE_LIMIT) ignored.push(`${clip(key)} (not a setting)`);
    else if (value.length > QUOTE_LIMIT && key !== 'points') ignored.push(`${key}=${clip(value)} (too long to be a value)`);
    else params.append(key, value);
  }
  // A key given more than once: the first value is used and the others named (an unknown key is named once, below).
  const shown = (value: string) => (value === '' ? 'empty' : clip(value));
  for (const key of new Set(params.keys())) {
    const [first, ...others] = params.getAll(key);
    if (others.length > 0 && KNOWN_KEYS.includes(key)) {
      ignored.push(`${key} given ${others.length === 1 ? 'twice' : `${others.length + 1} times`}; used the first, ${shown(first!)}, not ${others.map(shown).join(', ')}`);
    }
  }
  return params;
}

/** The settings a link's values (those `applied`) make too big to train fall back to the preset's, the link's student layers first. */
function fitSizeLimit(state: UrlState, params: URLSearchParams, applied: Set<string>, ignored: string[]): void {
  const preset = findPreset(state.preset)!.settings;
  const reverts: [string, () => void][] = [
    ['student', () => (state.settings.studentLayers = preset.studentLayers)],
    ['fraction', () => (state.settings.studentFraction = preset.studentFraction)],
    ['omit', () => (state.settings.omittedClass = preset.omittedClass)],
    ['dataset', () => (state.settings.dataset = preset.dataset)],
  ];
  for (const [param, revert] of reverts) {
    const problem = sizeProblem(state.settings);
    if (!problem) return;
    if (!applied.has(param)) continue;
    ignored.push(`${param}=${params.get(param)} (${problem.message})`);
    revert();
    applied.delete(param);
  }
}

export function parseUrlState(link: string): { state: UrlState; ignored: string[] } {
  const ignored: string[] = [];
  const params = linkParams(link, ignored);
  const state = defaultUrlState();
  /** The settings keys whose link value was taken. */
  const applied = new Set<string>();
  // A step opens its preset at its display temperature; an explicit preset or displayT in the link still wins.
  const stepParam = params.get('step');
  if (stepParam !== null) {
    const step = stepAt(Number(stepParam));
    if (step && stepParam.trim() !== '') {
      state.step = Number(stepParam);
      state.preset = step.preset;
      state.settings = { ...findPreset(step.preset)!.settings };
      state.displayTemperature = step.displayTemperature;
    } else ignored.push(`step=${stepParam} (the guided lecture has steps 1 to ${LECTURE_STEPS.length})`);
  }
  const presetName = params.get('preset');
  if (presetName !== null) {
    const preset = findPreset(presetName);
    if (preset) {
      state.preset = preset.name;
      state.settings = { ...preset.settings };
      if (state.step === null || stepAt(state.step)!.preset !== preset.name) state.displayTemperature = preset.displayTemperature;
    } else ignored.push(`preset “${presetName}” (unknown; using ${DEFAULT_PRESET})`);
  }
  for (const [param, field] of Object.entries(NUMERIC_PARAMS)) {
    const raw = params.get(param);
    if (raw === null) continue;
    const result = raw.trim() === '' ? null : checkNumericField(field, Number(raw));
    if (result?.ok) {
      (state.settings as unknown as Record<NumericField, number>)[field] = result.value;
      applied.add(param);
    } else ignored.push(`${param}=${raw} (${result ? result.message : 'empty'})`);
  }
  const dataset = params.get('dataset');
  if (dataset !== null) {
    if (isDatasetName(dataset)) {
      state.settings.dataset = dataset;
      applied.add('dataset');
    } else ignored.push(`dataset=${dataset} (unknown)`);
  }
  const student = params.get('student');
  if (student !== null) {
    const widths = parseLayers(student);
    // Written plainly (" 032-32" → "32-32"), as the layer menu and the rewritten link show it.
    if (widths) {
      state.settings.studentLayers = widths.join('-');
      applied.add('student');
    } else ignored.push(`student=${student} (not a list of layer widths like 32-32)`);
  }
  const keep = params.get('keep');
  if (keep !== null) {
    const result = parseKeptClasses(keep, state.settings.dataset);
    if (result.ok) {
      state.settings.keptClasses = result.value;
      applied.add('keep');
    } else ignored.push(`keep=${keep} (${result.message})`);
  }
  const points = params.get('points');
  if (points !== null) {
    const result = parsePoints(points, state.settings.dataset);
    if (result.ok) {
      state.settings.points = points;
      applied.add('points');
    } else ignored.push(`points=${clip(points)} (${result.message})`);
  }
  fitSizeLimit(state, params, applied, ignored);
  // An omitted class valid alone can clash with the dataset (omit=9 on six classes): drop the link's (back to the
  // preset's); if the preset's clashes with the link's dataset (omitted-class on the spirals), omit none.
  const preset = findPreset(state.preset)!.settings;
  const omitClash = () => validateSettings(state.settings).omittedClass;
  if (applied.has('omit') && omitClash()) {
    ignored.push(`omit=${params.get('omit')} (${omitClash()})`);
    state.settings.omittedClass = preset.omittedClass;
    applied.delete('omit');
  }
  if (omitClash()) {
    ignored.push(`the preset's omitted class ${state.settings.omittedClass} (${omitClash()})`);
    state.settings.omittedClass = -1;
  }
  // Kept classes can clash with the dataset (keep=7,8 on six classes) or with an omitted class: drop the link's keep
  // (back to the preset's); if the clash remains, the link's omit; if it still remains, keep every class.
  const clash = () => validateSettings(state.settings).keptClasses;
  if (applied.has('keep') && clash()) {
    ignored.push(`keep=${keep} (${clash()})`);
    state.settings.keptClasses = preset.keptClasses;
  }
  if (applied.has('omit') && clash()) {
    ignored.push(`omit=${params.get('omit')} (${clash()})`);
    state.settings.omittedClass = preset.omittedClass;
  }
  if (clash()) {
    ignored.push(`the preset's kept classes ${state.settings.keptClasses} (${clash()})`);
    state.settings.keptClasses = '';
  }
  // Points valid alone can clash with a dataset put back for its size: the dataset's own points then.
  const pointsProblem = validateSettings(state.settings).points;
  if (pointsProblem && state.settings.points !== '') {
    ignored.push(`points=${clip(state.settings.points)} (${pointsProblem})`);
    state.settings.points = '';
  }
  const displayT = params.get('displayT');
  if (displayT !== null) {
    const value = Number(displayT);
    // On the slider's 0.1 steps, as it shows it and as the link is written back (displayT=0.59 read as 0.6).
    if (displayT.trim() !== '' && Number.isFinite(value) && value >= DISPLAY_T_RANGE.min && value <= DISPLAY_T_RANGE.max) state.displayTemperature = Math.round(value * 10) / 10;
    else ignored.push(`displayT=${displayT} (must be between ${DISPLAY_T_RANGE.min} and ${DISPLAY_T_RANGE.max})`);
  }
  const point = params.get('point');
  if (point !== null) {
    const value = Number(point);
    if (Number.isInteger(value) && value >= 1 && value <= 100_000) state.selectedIndex = value - 1;
    else ignored.push(`point=${point} (must be a whole number from 1)`);
  }
  const view = params.get('view');
  if (view === 'lecture') state.lecture = true;
  else if (view !== null) ignored.push(`view=${view} (only “lecture” is known)`);
  for (const key of new Set(params.keys())) {
    if (!KNOWN_KEYS.includes(key)) ignored.push(`${key === '' ? 'an empty key' : key} (not a setting)`);
  }
  return { state, ignored };
}

/** The query string for a state: the preset, the seed, and every setting that differs from the preset's. */
export function serializeUrlState(state: UrlState): string {
  const preset = findPreset(state.preset) ?? findPreset(DEFAULT_PRESET)!;
  const params = new URLSearchParams({ preset: preset.name });
  for (const [param, field] of Object.entries(NUMERIC_PARAMS)) {
    if (field === 'seed' || state.settings[field] !== preset.settings[field]) params.set(param, String(state.settings[field]));
  }
  if (state.settings.dataset !== preset.settings.dataset) params.set('dataset', state.settings.dataset);
  if (state.settings.studentLayers !== preset.settings.studentLayers) params.set('student', state.settings.studentLayers);
  if (state.settings.keptClasses !== preset.settings.keptClasses) params.set('keep', state.settings.keptClasses);
  if (state.settings.points !== preset.settings.points) params.set('points', state.settings.points);
  // The display T the link opens at without displayT: its step's, when the step shows this preset (as parseUrlState reads it).
  const step = state.step === null ? null : stepAt(state.step);
  const opensAt = step && step.preset === preset.name ? step.displayTemperature : preset.displayTemperature;
  if (state.displayTemperature !== opensAt) params.set('displayT', String(Math.round(state.displayTemperature * 10) / 10));
  if (state.selectedIndex !== 0) params.set('point', String(state.selectedIndex + 1));
  if (state.lecture) params.set('view', 'lecture');
  if (state.step !== null) params.set('step', String(state.step));
  return `?${params.toString()}`;
}
