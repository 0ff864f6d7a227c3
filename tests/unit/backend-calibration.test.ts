import { describe, expect, it } from 'vitest';
import {
  BACKEND_NAMES,
  datasetInputSize,
  deviceKey,
  describeModels,
  estimatedCost,
  fasterOf,
  findCalibration,
  modelKey,
  modelsLabel,
  parseStoredCalibrations,
  rankBackends,
  rankingSentence,
  runModels,
  runWorkload,
  serializeCalibrations,
  softwareAdapterNote,
  softwareRenderer,
  withCalibration,
  withTrial,
  type Calibration,
} from '../../src/core/backend-calibration';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { findPreset } from '../../src/core/presets';

const preset = (name: string): Settings => ({ ...findPreset(name)!.settings });

const calibration = (over: Partial<Calibration> = {}): Calibration => ({
  device: 'UA | 2 cores | no WebGPU adapter',
  modelKey: modelKey(runModels(DEFAULT_SETTINGS)),
  label: '2-D models',
  measuredAt: '2026-11-26T10:00:00.000Z',
  trials: [
    { backend: 'webgpu', skipped: 'software adapter (SwiftShader)' },
    { backend: 'webgl', teacher: 7000, students: [10000] },
    { backend: 'wasm', teacher: 54000, students: [60000] },
    { backend: 'cpu', teacher: 19000, students: [42000] },
  ],
  ...over,
});

describe('the models a run trains', () => {
  it('takes input size and classes from the dataset, hidden layers and batches from the settings', () => {
    const models = runModels(DEFAULT_SETTINGS);
    expect(models).toEqual({
      family: '2-D',
      teacher: { sizes: [2, 64, 64, 6], batch: 64, count: 1 },
      students: [{ sizes: [2, 32, 32, 6], batch: 32, count: 2 }],
    });
    expect(modelKey(models)).toBe('teacher 2-64-64-6/64; students 2×2-32-32-6/32');
    expect(modelsLabel(models)).toBe('2-D models');
    expect(describeModels(models)).toBe('teacher 2-64-64-6 (batch 64), 2 students 2-32-32-6 (batch 32)');
  });

  it('sizes the digits models from the image side', () => {
    expect(datasetInputSize('digits-14')).toBe(196);
    expect(datasetInputSize('digits-28')).toBe(784);
    expect(datasetInputSize('spirals')).toBe(2);
    const paper = runModels(preset('paper-mnist'));
    expect(paper.family).toBe('digits');
    expect(paper.teacher.sizes).toEqual([196, 256, 256, 10]);
    expect(modelsLabel(paper)).toBe('digits models');
    const big = runModels({ ...preset('paper-mnist'), dataset: 'digits-28', teacherLayers: '1200-1200' });
    expect(big.teacher.sizes).toEqual([784, 1200, 1200, 10]);
  });

  it('counts a sweep’s two student sizes and an omitted-class reference student', () => {
    expect(runModels(preset('sweep')).students.map((s) => [s.sizes.join('-'), s.count])).toEqual([
      ['196-64-64-10', 7],
      ['196-30-30-10', 7],
    ]);
    expect(runModels({ ...DEFAULT_SETTINGS, omittedClass: 2 }).students[0]!.count).toBe(3);
  });

  it('gives different keys to different sizes or batches and the same key whatever T, α, seed or epochs', () => {
    const key = modelKey(runModels(DEFAULT_SETTINGS));
    expect(modelKey(runModels({ ...DEFAULT_SETTINGS, temperature: 9, alpha: 0.1, seed: 7, studentEpochs: 5 }))).toBe(key);
    expect(modelKey(runModels({ ...DEFAULT_SETTINGS, batchSize: 64 }))).not.toBe(key);
    expect(modelKey(runModels({ ...DEFAULT_SETTINGS, teacherLayers: '128-128' }))).not.toBe(key);
    expect(modelKey(runModels({ ...DEFAULT_SETTINGS, dataset: 'spirals' }))).not.toBe(key);
  });
});

describe('ranking by the run’s estimated time', () => {
  it('weights the teacher and students by their passes over the data', () => {
    expect(runWorkload(DEFAULT_SETTINGS)).toEqual({ teacherPasses: 30, studentPasses: 300 * 0.02 });
    const trial = { backend: 'wasm' as const, teacher: 100, students: [50, 25] };
    expect(estimatedCost(trial, { teacherPasses: 10, studentPasses: 5 })).toBeCloseTo(10 / 100 + 5 / 50 + 5 / 25);
    expect(estimatedCost({ backend: 'cpu', skipped: 'no' }, { teacherPasses: 1, studentPasses: 1 })).toBeNull();
    expect(estimatedCost({ backend: 'cpu', teacher: 0, students: [1] }, { teacherPasses: 1, studentPasses: 1 })).toBeNull();
  });

  it('ranks measured backends fastest first, leaving out skipped and excluded ones', () => {
    const workload = runWorkload(DEFAULT_SETTINGS);
    expect(rankBackends(calibration(), workload).map((r) => r.backend)).toEqual(['wasm', 'cpu', 'webgl']);
    expect(rankBackends(calibration(), workload, ['wasm']).map((r) => r.backend)).toEqual(['cpu', 'webgl']);
  });

  it('lets the run’s work decide: a backend fast on the teacher wins a teacher-heavy run, not a student-heavy one', () => {
    const cal = calibration({
      trials: [
        { backend: 'webgpu', teacher: 30000, students: [5000] },
        { backend: 'wasm', teacher: 3000, students: [20000] },
      ],
    });
    expect(rankBackends(cal, { teacherPasses: 40, studentPasses: 40 })[0]!.backend).toBe('webgpu');
    expect(rankBackends(cal, { teacherPasses: 1, studentPasses: 300 })[0]!.backend).toBe('wasm');
  });

  it('says which backend wins and by how much', () => {
    const ranking = [
      { backend: 'webgl' as const, cost: 1 },
      { backend: 'wasm' as const, cost: 3.1 },
    ];
    expect(rankingSentence('digits models', ranking)).toBe('digits models: webgl, 3.1× wasm on this device');
    expect(rankingSentence('2-D models', ranking.slice(0, 1))).toBe('2-D models: webgl, the only backend measured on this device');
    expect(rankingSentence('2-D models', [])).toMatch(/no backend could be measured/);
  });
});

describe('a software WebGPU adapter', () => {
  const workload = runWorkload(DEFAULT_SETTINGS);
  const wasm = { backend: 'wasm' as const, teacher: 54000, students: [60000] };

  it('says how much slower (or faster) than wasm it measured on the run’s work', () => {
    expect(softwareAdapterNote('SwiftShader', { backend: 'webgpu', teacher: 1350, students: [1500] }, wasm, workload)).toBe('on a software adapter (SwiftShader): measured 40× slower than wasm here');
    expect(softwareAdapterNote('SwiftShader', { backend: 'webgpu', teacher: 27000, students: [30000] }, wasm, workload)).toBe('on a software adapter (SwiftShader): measured 2.0× slower than wasm here');
    expect(softwareAdapterNote('llvmpipe', { backend: 'webgpu', teacher: 108000, students: [120000] }, wasm, workload)).toBe('on a software adapter (llvmpipe): measured 2.0× faster than wasm here');
    expect(softwareAdapterNote('SwiftShader', { backend: 'webgpu', teacher: 1350, students: [1500] }, null, workload)).toBe('on a software adapter (SwiftShader): wasm could not be measured here to compare');
    expect(softwareAdapterNote('SwiftShader', { backend: 'webgpu', skipped: 'measurement failed: lost' }, wasm, workload)).toBe('on a software adapter (SwiftShader): its speed could not be measured here (measurement failed: lost)');
  });

  it('names a WebGL software renderer as a renderer', () => {
    expect(softwareAdapterNote('SwiftShader', { backend: 'webgl', teacher: 2700, students: [3000] }, wasm, workload)).toBe('on a software renderer (SwiftShader): measured 20× slower than wasm here');
  });

  it('once measured, ranks by that measurement: after wasm unless faster', () => {
    const slow = withTrial(calibration(), { backend: 'webgpu', teacher: 1350, students: [1500] });
    expect(slow.trials.map((t) => t.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(rankBackends(slow, workload).map((r) => r.backend)).toEqual(['wasm', 'cpu', 'webgl', 'webgpu']);
    const fast = withTrial(calibration(), { backend: 'webgpu', teacher: 108000, students: [120000] });
    expect(rankBackends(fast, workload)[0]!.backend).toBe('webgpu');
    // Not measured (skipped, as the automatic choice leaves it): never ranked.
    expect(rankBackends(calibration(), workload).map((r) => r.backend)).not.toContain('webgpu');
  });
});

describe('stored calibrations', () => {
  it('keys a device by browser, cores and WebGPU adapter', () => {
    expect(deviceKey('UA', 8, 'nvidia ampere')).toBe('UA | 8 cores | WebGPU nvidia ampere');
    expect(deviceKey('UA', undefined, null)).toBe('UA | ? cores | no WebGPU adapter');
  });

  it('round-trips through JSON and finds one by device and model key', () => {
    const list = [calibration()];
    const { calibrations, problem } = parseStoredCalibrations(serializeCalibrations(list));
    expect(problem).toBeNull();
    expect(calibrations).toEqual(list);
    expect(findCalibration(calibrations, list[0]!.device, list[0]!.modelKey)).toEqual(list[0]);
    expect(findCalibration(calibrations, 'another device', list[0]!.modelKey)).toBeUndefined();
  });

  it('keeps whether a measurement was settled, and only a settled flag that is true', () => {
    const settled = calibration({ settled: true });
    expect(parseStoredCalibrations(serializeCalibrations([settled])).calibrations).toEqual([settled]);
    const odd = JSON.stringify({ version: 1, calibrations: [{ ...calibration(), settled: 'yes' }] });
    expect(parseStoredCalibrations(odd).calibrations[0]).not.toHaveProperty('settled');
  });

  it('replaces the measurement for the same device and models, newest first, and stays small', () => {
    const first = calibration();
    const again = calibration({ measuredAt: '2026-11-27T10:00:00.000Z' });
    const other = calibration({ modelKey: 'other', measuredAt: '2026-11-25T10:00:00.000Z' });
    expect(withCalibration([first, other], again)).toEqual([again, other]);
    let many: Calibration[] = [];
    for (let i = 0; i < 60; i++) many = withCalibration(many, calibration({ modelKey: `k${i}`, measuredAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
    expect(many).toHaveLength(40);
    expect(many[0]!.modelKey).toBe('k59');
  });

  it('treats nothing stored as empty, without a problem', () => {
    expect(parseStoredCalibrations(null)).toEqual({ calibrations: [], problem: null });
    expect(parseStoredCalibrations('')).toEqual({ calibrations: [], problem: null });
  });

  it.each([
    ['{not json', /not valid JSON/],
    ['[1,2,3]', /unknown format/],
    ['{"version":2,"calibrations":[]}', /unknown format/],
    ['null', /unknown format/],
  ])('ignores a corrupt record %s with a message, never throwing', (text, message) => {
    const { calibrations, problem } = parseStoredCalibrations(text);
    expect(calibrations).toEqual([]);
    expect(problem).toMatch(message);
  });

  it('keeps the readable entries and names how many were dropped', () => {
    const good = calibration();
    const bad = [
      { ...good, measuredAt: 'yesterday' },
      { ...good, trials: [{ backend: 'metal', teacher: 1, students: [1] }] },
      { ...good, trials: [{ backend: 'wasm', teacher: -5, students: [1] }] },
      { ...good, trials: [{ backend: 'wasm', teacher: 5, students: [] }] },
      { ...good, device: 42 },
      'text',
    ];
    const { calibrations, problem } = parseStoredCalibrations(JSON.stringify({ version: 1, calibrations: [good, ...bad] }));
    expect(calibrations).toEqual([good]);
    expect(problem).toBe('6 stored backend measurements were unreadable and ignored');
  });

  it('lists the four backends in fallback order', () => {
    expect(BACKEND_NAMES).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});

describe('run time estimates', () => {
  const trial = { backend: 'wasm' as const, teacher: 2000, students: [1000] };
  it('counts the teacher only when it must be trained, and the students on their share of the data', async () => {
    const { estimatedRunSeconds, durationText } = await import('../../src/core/backend-calibration');
    const { findPreset } = await import('../../src/core/presets');
    const full = findPreset('paper-full')!.settings;
    // teacher: 80 epochs × 60,000 / 2,000 = 2,400 s; students: 20 × 1 × 60,000 / 1,000 = 1,200 s
    expect(estimatedRunSeconds(trial, full, 60_000, false)).toBeCloseTo(3600, 6);
    expect(estimatedRunSeconds(trial, full, 60_000, true)).toBeCloseTo(1200, 6);
    expect(estimatedRunSeconds({ backend: 'webgl', skipped: 'no GPU' }, full, 60_000, true)).toBeNull();
    expect(durationText(1200)).toBe('about 20 min');
    expect(durationText(42.4)).toBe('about 42 s');
    expect(durationText(6000)).toBe('about 1 h 40 min');
    expect(durationText(Number.NaN)).toBe('an unknown time');
  });
});

describe('which WebGL renderers draw in software', () => {
  it('names SwiftShader, llvmpipe, lavapipe, softpipe and the Basic Render Driver; a GPU is none of them', () => {
    expect(softwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe('SwiftShader');
    expect(softwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareRenderer('ANGLE (Mesa, llvmpipe (LLVM 17.0.6 256 bits), OpenGL 4.5)')).toBe('llvmpipe');
    expect(softwareRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe('Microsoft Basic Render Driver');
    expect(softwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeNull();
    expect(softwareRenderer('Apple M2')).toBeNull();
    expect(softwareRenderer('')).toBeNull();
  });
});

describe('a measurement taken again once the page is quiet', () => {
  // At load the page measured the lecture teacher at 4,138 examples/s on wasm; a few seconds later at 25,230.
  const atLoad = calibration({
    trials: [
      { backend: 'webgpu', skipped: 'software adapter (SwiftShader)' },
      { backend: 'wasm', teacher: 4138, students: [6107, 900] },
      { backend: 'cpu', teacher: 611, students: [735, 80] },
    ],
  });
  const later = (trials: Calibration['trials']) => calibration({ measuredAt: '2026-11-26T10:00:07.000Z', trials });

  it('keeps each backend’s faster figure, model by model, and is settled once every backend was timed again', () => {
    const quiet = later([
      { backend: 'webgpu', skipped: 'software adapter (SwiftShader)' },
      { backend: 'wasm', teacher: 25230, students: [5000, 1500] },
      { backend: 'cpu', teacher: 1071, students: [962, 70] },
    ]);
    const merged = fasterOf(atLoad, quiet, true);
    expect(merged.trials).toEqual([
      { backend: 'webgpu', skipped: 'software adapter (SwiftShader)' },
      { backend: 'wasm', teacher: 25230, students: [6107, 1500] },
      { backend: 'cpu', teacher: 1071, students: [962, 80] },
    ]);
    expect(merged.settled).toBe(true);
    expect(merged.measuredAt).toBe('2026-11-26T10:00:07.000Z');
    // The faster figures can change the ranking's margin, never leave out a backend that was measured.
    expect(rankBackends(merged, { teacherPasses: 1, studentPasses: 1 }).map((r) => r.backend)).toEqual(['wasm', 'cpu']);
  });

  it('cut short by a command: keeps the figures of the backends not timed again, and is not settled', () => {
    const merged = fasterOf(atLoad, later([{ backend: 'webgpu', skipped: 'software adapter (SwiftShader)' }, { backend: 'wasm', teacher: 20000, students: [7000, 1000] }]), false);
    expect(merged.trials.find((t) => t.backend === 'cpu')).toEqual({ backend: 'cpu', teacher: 611, students: [735, 80] });
    expect(merged.trials.find((t) => t.backend === 'wasm')).toEqual({ backend: 'wasm', teacher: 20000, students: [7000, 1000] });
    expect(merged).not.toHaveProperty('settled');
  });

  it('takes the newer word on a backend that failed or became measurable, and ignores another model’s or device’s figures', () => {
    const failed = later([{ backend: 'wasm', skipped: 'measurement failed: out of memory' }, { backend: 'webgpu', teacher: 90000, students: [80000, 9000] }]);
    const merged = fasterOf(atLoad, failed, false);
    expect(merged.trials.find((t) => t.backend === 'wasm')).toEqual({ backend: 'wasm', skipped: 'measurement failed: out of memory' });
    expect(merged.trials.find((t) => t.backend === 'webgpu')).toEqual({ backend: 'webgpu', teacher: 90000, students: [80000, 9000] });
    expect(merged.trials.map((t) => t.backend)).toEqual(['webgpu', 'wasm', 'cpu']); // in BACKEND_NAMES order
    const other = calibration({ modelKey: 'other models', trials: [{ backend: 'wasm', teacher: 1, students: [1] }] });
    expect(fasterOf(atLoad, other, true)).toBe(other);
  });
});
