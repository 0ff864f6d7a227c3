/** Named starting points, each showing one effect; one name for the UI, the URL and the command line. */
import { DEFAULT_SETTINGS, type Settings } from './settings';
import type { PublishedKey } from './published';

/** The panels of the page a preset or a lecture step can point at (each has the DOM id `panel-<name>`). */
export type PanelName = 'distribution' | 'dark-matrix' | 'gap' | 'paper' | 'omitted';

export interface Preset {
  name: string;
  title: string;
  /** One line: what this preset demonstrates. */
  description: string;
  settings: Settings;
  /**
   * The display temperature it opens at: one that shows its point. The shipped digit teachers are so sure at T = 1
   * that every wrong class reads 0.00 (their mean wrong-class probabilities reach 0.02 at T = 1, 0.10 at T = 4, with
   * 72 of the 90 matrix cells at 0.01 or more); the toy presets open at their training temperature.
   */
  displayTemperature: number;
  /** The paper's figure for the experiment it repeats, if it repeats one (src/core/published.ts). */
  published?: PublishedKey;
  /** Where its result is: lecture view shows this panel first. */
  resultPanel: PanelName;
  /** It tests a later finding (after-paper.ts), not one of the paper's own experiments: listed in its own group. */
  afterPaper?: true;
}

/**
 * Shared by the lecture-scale digit presets: a large regularised teacher, as
 * in the paper, at 14×14 on the 60,000 training digits. It is shipped with the
 * app (`npm run teachers`: `digits-14-256-256-e30`, 139 test errors of 10,000),
 * so these presets train only their students live; retraining it live takes a
 * few minutes on wasm. The paper's experiments use its annealed form (below).
 */
const DIGITS: Settings = {
  ...DEFAULT_SETTINGS,
  dataset: 'digits-14',
  temperature: 8,
  alpha: 0.9,
  studentFraction: 1,
  learningRate: 0.002,
  teacherLayers: '256-256',
  teacherDropout: 0.2,
  teacherJitter: 1,
  teacherEpochs: 30,
  teacherBatchSize: 128,
  studentLayers: '128-128',
  tinyLayers: '30-30',
  studentEpochs: 20,
  batchSize: 128,
};

/**
 * The lecture teacher of the paper's experiments (paper, 7s and 8s, sweep, matrix; the omitted class's differs only in
 * its dropout, 0.5, chosen there): the same network, epochs and batches, its rate annealed by a cosine towards 0 as the full-scale teacher's is (`digits-14-256-256-e30-cos`).
 * Chosen on the validation split (the last 10,000 training digits held out, a teacher trained there per seed set),
 * never on the test set, 2026-11-27, sixth session: the teacher's own errors 155 → 130, 146 → 128, 160 → 126 (seeds 1,
 * 4, 7); "Paper: MNIST" recovered share, seeds 1–3 / 4–6 / 7–9, 64.4% / 63.6% / 55.2% → 70.4% / 69.7% / 67.1% (the
 * soft students' errors 249 / 255 / 257 → 217 / 225 / 208, the hard ones unchanged); the omitted 3s after the shift
 * 91.8% / 94.2% / 92.8% → 93.1% / 94.6% / 94.5%. Longer annealed teachers were better teachers but not better for
 * the students (seeds 1–3): 60 epochs, 111 errors, 69.5% and 94.5% (seeds 4–6: 65.6%, 94.1%); 100 epochs, 86 errors,
 * 64.5% and 93.1% — its targets sharper, its 3s fewer before the shift (62.8% against 80.7%).
 * The 3%, born-again and after-paper presets keep the teachers they were measured with.
 */
const DIGITS_ANNEALED: Settings = { ...DIGITS, teacherAnneal: 1 };

/** The "Paper: MNIST" run (its choices are explained there). */
const PAPER_MNIST: Settings = { ...DIGITS_ANNEALED, studentLayers: '128-128', studentFraction: 0.2, studentEpochs: 14, batchSize: 32, temperature: 8, alpha: 0.9, studentLearningRate: 0.004 };

/**
 * The "Paper: MNIST" run as it was before issue 8 changed its batches (16 epochs in batches of 128): the
 * label-smoothed teacher repeats it with ε = 0.1, and its README figures were measured on it.
 */
const PAPER_MNIST_BEFORE_ISSUE_8: Settings = { ...DIGITS, studentLayers: '128-128', studentFraction: 0.2, studentEpochs: 16, temperature: 8, alpha: 0.9 };

/** The paper's own set-up at full scale (its choices are explained at the "paper-full" preset). */
const PAPER_FULL: Settings = {
  ...DIGITS,
  dataset: 'digits-28',
  teacherLayers: '1200-1200',
  teacherDropout: 0.3,
  teacherJitter: 2,
  teacherEpochs: 80,
  teacherAnneal: 1,
  learningRate: 0.001,
  studentLayers: '800-800',
  studentEpochs: 20,
  temperature: 20,
  alpha: 0.9,
};

/** The temperature sweep (its choices are explained there). */
const SWEEP: Settings = { ...DIGITS_ANNEALED, mode: 'sweep', studentLayers: '64-64', studentFraction: 0.03, studentEpochs: 20, batchSize: 32, studentAnneal: 1, studentLearningRate: 0.01 };

/**
 * The temperature sweep as it was before issue 8 moved it to fewer digits (10% for 5 epochs in batches of 128): the
 * fidelity preset reads that run, and its README figures were measured on it.
 */
const SWEEP_BEFORE_ISSUE_8: Settings = { ...DIGITS, mode: 'sweep', studentLayers: '64-64', studentFraction: 0.1, studentEpochs: 5 };

/**
 * Born-again (Furlanello et al. 2018): teacher and students the same 196-64-64-10 MLP, trained the same way —
 * every one of the 60,000 digits, 20 epochs, batches of 128, Adam 0.002, no dropout or jitter — so the hard-label
 * student is the teacher's own recipe from another start, and the soft student differs from it only in its targets:
 * the teacher's soft targets alone (α = 1: born-again networks learn from their teacher's outputs).
 * Chosen on the validation split (the last 10,000 training digits held out, seed 1; each a sweep of students as large
 * as their teacher at T = 1 … 20, trained together), never on the test set: 128-128 for 10 epochs — teacher 237
 * errors of 10,000, hard student 239, soft students 244 (T = 8) to 288 (T = 1), none below the teacher; 64-64 for 20
 * epochs — teacher 253, hard 259, soft 246 (T = 1), 258 (T = 2), 248 (T = 4), 261 (T = 8), 268 and 278 (T = 16, 20).
 * So 64-64, 20 epochs, T = 1 (the best there, and the temperature of the born-again networks' own outputs).
 * The teacher is shipped (npm run teachers).
 */
const BORN_AGAIN: Settings = {
  ...DIGITS,
  teacherLayers: '64-64',
  teacherDropout: 0,
  teacherJitter: 0,
  teacherEpochs: 20,
  studentLayers: '64-64',
  studentFraction: 1,
  studentEpochs: 20,
  batchSize: 128,
  alpha: 1,
  temperature: 1,
};

export const PRESETS = [
  {
    name: 'low-data',
    resultPanel: 'gap',
    displayTemperature: 4,
    title: 'Low data',
    description: 'Students see 2% of the points: hard labels overfit, soft targets generalise.',
    settings: DEFAULT_SETTINGS,
  },
  {
    name: 'full-data',
    resultPanel: 'gap',
    displayTemperature: 4,
    title: 'Full data',
    description: 'Students see every point: with enough data, hard and soft students end up close.',
    settings: { ...DEFAULT_SETTINGS, studentFraction: 1, studentEpochs: 40 },
  },
  {
    name: 'tiny-student',
    resultPanel: 'gap',
    displayTemperature: 4,
    title: 'Tiny student',
    description: 'A 4-unit student on 5% of the data: too small to overfit, so soft targets help little.',
    settings: { ...DEFAULT_SETTINGS, studentLayers: '4', studentFraction: 0.05, studentEpochs: 200 },
  },
  {
    name: 'spirals',
    resultPanel: 'gap',
    displayTemperature: 4,
    title: 'Spirals, small student',
    description: 'Three spiral arms and an 8-unit student: too small to copy the teacher, whatever the targets.',
    settings: { ...DEFAULT_SETTINGS, dataset: 'spirals', studentLayers: '8', studentFraction: 0.1, studentEpochs: 300, teacherEpochs: 40 },
  },
  {
    name: 'rare-class',
    resultPanel: 'gap',
    displayTemperature: 4,
    title: 'Rare class',
    description: 'Quinces are 3% of the fruit: on 2% of the data the students see one or two; the teacher knows where they lie.',
    settings: { ...DEFAULT_SETTINGS, dataset: 'rare-class' },
  },
  {
    name: 'paper-mnist',
    resultPanel: 'paper',
    displayTemperature: 4,
    published: 'mnist',
    title: 'Paper: MNIST',
    description: 'A large regularised teacher, a smaller unregularised student pair (hard vs soft): test errors beside the paper’s 67 / 146 / 74.',
    // Chosen on a validation split (npm run experiment -- --validation: the last 10,000 training digits held out),
    // never the test set: 128-128 students on 20% of the digits for 20 epochs recovered 38% of the gap at T = 8
    // (mean of seeds 1–3: 38%, 45%, 32%; T = 3 with α = 0.5 also 38% on seed 1); 256-256 students — as large as the
    // teacher — on 10% recovered 43%; 64-64 on all 60,000 for 40 epochs 57%, but that takes minutes, not seconds.
    // 16 epochs rather than 20 keep it within 20 s from Train in the browser (20 epochs took 20.5 s, npm run bench -- --ui).
    // Batches of 32 for 14 epochs (issue 8; validation split, the teacher trained there on the other 50,000 digits,
    // 155 errors; recovered share, mean of seeds 1–3; 16 epochs in batches of 128, as before: 33%): batches of 32 for
    // 16 epochs 59% (seeds 4–6: 55%), 14 epochs 54% (seeds 1–6), 12 epochs 50% (seeds 4–6: 45%), 8 epochs 33%;
    // batches of 64 (16 epochs) 41%, of 16 58%. The same work spread over more digits recovered less: all 60,000 for 3
    // or 4 epochs 2% and −5% (the hard student no longer overfits), 50% for 6 epochs 6%; fewer digits, 10% for 16–32
    // epochs, 39–53%, 5% for 32 epochs 45%. In batches of 128: α = 1 28%, T = 4 36%; 64-64 students (batches of 32)
    // 35%. 14 rather than 16 epochs for the time: in Node 13–15 s with 16 against 8–10 s for the former settings.
    // The students' own learning rate, 0.004 (the teacher keeps 0.002; validation split, recovered share, seeds 1–3 /
    // seeds 4–6, each set with its own teacher): 0.002 54.3% / 49.6%, 0.003 61.6% / 55.9%, 0.004 64.4% / 63.6%, 0.005
    // 65.3% / 61.6%; with the students' cosine anneal 20–40% at any rate. Most of the rise is the hard student's: it
    // overfits more at the higher rate (hard / soft errors at 0.004 430 / 249 and 451 / 255, against 380 / 258 and
    // 390 / 268 at 0.002) — what an unregularised student does; the soft one gains 9–13 errors.
    // Tried after the test split missed 60% (51%), on validation only (recovered share, seeds 1–3 / 4–6; settings
    // kept): α 0.5 66.6% / 67.1%, α 0.8 67.8% / 65.3%, T 4 66.7% / 58.4%, lr 0.005 with α 0.8 68.9% / 59.0%;
    // 256-256 students for 8 epochs 72.5% / 64.4% (1.2–1.3× the time; 14 epochs 72.0% on seeds 1–3, twice the
    // time); T 2, 12, 16, 20, α 0.7, 0.95, 1, other shares of the digits and batches of 16: 48–65% on seeds 1–3.
    // None gains on both sets by more than the seeds' spread (the hard student's errors alone run 381–545).
    // A third set of seeds (7–9, 2026-11-27): these settings 55.2%; 256-256 students for 8 epochs 67.1%, so over nine
    // seeds 61.1% against 68.0%, ahead on each set of three (by 8.1, 0.8 and 11.9 points); 192-192 for 8 epochs 62.0%
    // on seeds 1–3 and 63.8% on 7–9 (behind, then ahead). Kept at 128-128: students as wide as their teacher would no
    // longer be the smaller model the paper distils into (and would repeat the born-again preset), at 1.4× the time.
    settings: PAPER_MNIST,
  },
  {
    name: 'omitted-class',
    resultPanel: 'omitted',
    displayTemperature: 4,
    published: 'omittedThrees',
    title: 'Omitted class',
    description: 'Every 3 removed from the students’ data: the hard student never predicts 3; the soft one recovers most 3s after a bias shift.',
    // Three students of 128-128 on 20% of the digits for 15 epochs (validation split, seed 1: soft student 60.7% of
    // the held-out 3s, 89.9% after the shift chosen on the training split).
    // 10 epochs rather than 15 keep it within 20 s from Train in the browser (15 took 29.7 s, npm run bench -- --ui).
    // 30% of the digits for 6 epochs in batches of 32 (issue 8; validation split, the teacher trained there, soft
    // student's held-out 3s after the shift, mean of seeds 1–3): 89.5% (seeds 4–6: 89.2%), against 82.1% for 20% × 10
    // epochs in batches of 128; 20% × 10 in batches of 64 84.7%, of 32 88.8%, of 16 (8 epochs) 91.1% but 16–17 s in
    // Node against 12–13 s for these settings (9–11 s for the former); 50% × 4 epochs in batches of 32 89.5%; α = 1
    // with batches of 32 89.4%; all 60,000 for 2 epochs 82.6% (seed 1); T = 4 81.2%, T = 16 (batches of 64) 83.9%.
    // The students' rate 0.01, annealed by a cosine over their epochs (validation split, seeds 1–3 / 4–6): 91.8% /
    // 94.2% against 89.5% / 91.5% at the shared constant 0.002; 0.008 annealed 90.7% / 93.7%, 0.012 91.9% / 94.3%,
    // 0.015 90.4% / 93.3%; unannealed 0.003–0.006 90.0–91.0% (seeds 1–3), 0.008 88.8% with one seed at 82.6%.
    // Tried after the test split missed 95% (92.2%), validation seeds 1–3, against 91.8% (settings kept): T 6, 12,
    // 16, 20 91.5%, 90.6%, 90.6%, 89.8%; α 0.8, 0.95, 1 91.5%, 90.9%, 91.6%; 256-256 students for 4 epochs 89.9%;
    // 20% × 9 epochs 89.2%, 45% × 4 91.3%, 60% × 3 91.7%; batches of 16 × 4 epochs 86.1%, of 64 × 10 at 0.015 90.6%.
    // With the annealed lecture teacher (DIGITS_ANNEALED; seeds 1–3 / 4–6 / 7–9: 93.1% / 94.6% / 94.5%): T 12 94.3% on
    // seeds 1–3; T 16 94.3% / 94.7% / 94.5% — level with T 8 on two sets of three, so T 8 kept. Also on seeds 1–3: 7
    // epochs 93.9%, α 1 93.7%, the students' rate 0.015 93.2%; 40% of the digits × 5 epochs 94.4% / 94.6% / 94.7% —
    // again level on two sets: settings kept. Every variant sits at 93–95% on validation, short of the paper's 98.6%.
    // The teacher's dropout 0.5, the paper's own for its large net (eighth session, 2026-11-27; validation split, a
    // teacher trained there per seed set; the soft student's held-out 3s after the shift, seeds 1–3 / 4–6 / 7–9):
    // 95.0% / 95.0% / 94.8% against 93.1% / 94.6% / 94.5% at 0.2 — ahead on every set; before the shift 85–87% of
    // them against 78–83%, from a teacher that is itself worse (98.1% of the held-out digits against 98.7%). Dropout
    // 0.4: 94.6% / 94.5% (seeds 1–3 / 4–6). Its own shipped teacher, `digits-14-256-256-e30-cos-d50`.
    // Fourteenth session (2026-11-28, validation, seeds 1–3 / 4–6 / 7–9): a 512-512 teacher with dropout 0.5 93.9% /
    // 94.2%; 8 student epochs 95.2% / 95.3% / 95.6% against 95.0% / 95.0% / 94.8% (+0.39 per seed, s.e. 0.23), 10
    // epochs 95.5% / 95.8% — but 8 took 28.1 s in the page against 23–24 s for 6: kept at 6 for the time (README).
    // Fifteenth session, after the SIMD product (wasm-matmul.ts; bit for bit TF.js's, so the same students) sped the
    // steps up: the same validation runs give the same 95.0% / 95.0% / 94.8% for 6 epochs and 95.2% / 95.3% / 95.6%
    // for 8; in the page 6 epochs took 15.2 and 18.5 s, 8 took 20.7, 23.7 and 22.0 s on the same machine
    // (`npm run bench -- --ui --presets omitted-class,…`): still over 20 s, so still 6. Then Adam's kernel stopped
    // making subnormal moments (wasm-simd.ts; the same weights), which had made the later epochs slower and slower:
    // 8 epochs 15.4 and 15.3 s against 14.2 and 12.7 s for 6, alternately — so 8 epochs, as validation chose (7
    // epochs, 94.9% / 95.7% / 94.4%, gained nothing).
    settings: { ...DIGITS_ANNEALED, teacherDropout: 0.5, omittedClass: 3, studentFraction: 0.3, studentEpochs: 8, batchSize: 32, studentAnneal: 1, studentLearningRate: 0.01 },
  },
  {
    name: 'sevens-eights',
    resultPanel: 'omitted',
    displayTemperature: 4,
    published: 'sevensEights',
    title: 'Only 7s and 8s',
    description: 'The students see only 7s and 8s: the hard one answers nothing else; the soft one knows the other digits once the 7 and 8 biases are lowered (paper: 47.3% → 13.2% test error).',
    // The transfer set is the 7s and 8s alone (12,116 digits): 8 epochs in batches of 32 take about 10 s on wasm.
    // Chosen on the validation split (--validation, seed 1; soft student's error before → after its shift): batches
    // of 32 learn more per second than 128 here (8 epochs of 32: 30.6% → 13.5%, as 16 epochs of 128: 31.3% → 13.7%,
    // in two thirds of the time; 5 of 32: 40.5% → 16.3%; 10 of 32: 26.7% → 12.0%, about 12 s).
    settings: { ...DIGITS_ANNEALED, keptClasses: '7,8', batchSize: 32, studentEpochs: 8 },
  },
  {
    name: 'three-percent',
    resultPanel: 'paper',
    displayTemperature: 4,
    published: 'speechThreePercent',
    title: '3% of the data',
    description: 'Students see 3% of the digits: compare their train–test gaps with the paper’s 22.8 vs 8.4 points.',
    // 3% of 60,000 = 1,800 digits, as in the paper. A teacher trained for 20 epochs rather than 30: its softer targets
    // regularised these students more (measured on the earlier 10,000-digit set, seed 1). 25 epochs of 1,800 digits
    // (40 took 27.6 s from Train in the browser; the earlier 150 epochs were of 240).
    settings: { ...DIGITS, teacherEpochs: 20, studentFraction: 0.03, studentLayers: '256-256', studentEpochs: 25, batchSize: 32, temperature: 20, alpha: 1 },
  },
  {
    name: 'sweep',
    resultPanel: 'gap',
    displayTemperature: 3,
    title: 'Temperature sweep',
    description: 'Soft students at T = 1 … 20 trained together, normal and tiny (30 units): which T suits which size.',
    // 10 epochs on 10% of the digits: fourteen students train together, and the preset must finish in 20 s
    // (20% took 24–50 s here on a loaded machine).
    // 5 epochs: 10 took 30.1 s and 6 took 21.0 s from Train in the browser (npm run bench -- --ui), where the sweep's students run slower than in Node.
    // Issue 8: 3% of the digits for 20 epochs in batches of 32. On the validation split (teacher trained there, mean
    // of seeds 1–3) the tiny student's accuracy fell with T on 10% × 5 epochs (best T = 1, as on the test split), and
    // still with batches of 32, 10% × 10 epochs, 20% × 3, α = 0.5 or 5% × 10 epochs; on fewer digits for more epochs
    // it peaks inside the range: 3% × 20 epochs in batches of 32 T = 4 on every seed (91.6% against 91.1% at T = 1;
    // seeds 4–6: T = 2, by 0.1 point, per seed T = 4, 2, 1), 3% × 15 T = 2 (in batches of 16: T = 4, and T = 4 on
    // seeds 4–6, by 0.3 points, measured after this choice), 2% × 20 in batches of 64 T = 2 on every seed (by 0.3
    // points; seeds 4–6: T = 1), 2% × 25 T = 2; but 3% × 20 in batches of 64 T = 1. In Node 9–11 s against 4–6 s for
    // the former settings (2% × 20 in batches of 64: 6–7 s; 3% × 15 in batches of 16: 9–10 s).
    // The students' rate 0.01 annealed by a cosine (validation split; the tiny student's best T by its mean accuracy,
    // and its lead over the better end of the range, seeds 1–3 / 4–6): T = 4 by 0.74 points (per seed 4, 4, 4) / T = 4
    // by 0.66 (4, 4, 2), against T = 4 by 0.48 / T = 2 by 0.26 (T = 1 best on seed 6) at the shared constant 0.002;
    // 0.012 annealed T = 4 by 0.78 / 0.56; unannealed 0.006 T = 8 / T = 4 (by 0.23), 0.008 T = 4 / T = 8 (by 0.28).
    settings: SWEEP,
  },
  {
    name: 'paper-full',
    resultPanel: 'paper',
    displayTemperature: 4,
    published: 'mnist',
    title: 'Paper: MNIST, full scale',
    description: 'The paper’s own set-up: 784-1200-1200-10 teacher (dropout, 2 px jitter), 784-800-800-10 students, T = 20, all 60,000 digits; test errors of 10,000 beside 67 / 146 / 74.',
    // Minutes, not seconds: the teacher is shipped (npm run teachers); the students train live. Shared learning
    // rate 0.001 (Adam); the paper's dropout was 50% with weight constraints and long SGD training, ours 30% for 80
    // epochs with the teacher's rate annealed by a cosine towards 0. 80 epochs and the cosine were fixed before the
    // teacher was trained, never compared on the test set (60 epochs at a constant rate made 102 test errors).
    settings: PAPER_FULL,
  },
  {
    name: 'omitted-full',
    resultPanel: 'omitted',
    displayTemperature: 4,
    published: 'omittedThrees',
    title: 'Omitted class, full scale',
    description: 'The paper’s own omitted-3 experiment: its full-scale teacher and 784-800-800-10 students on all 60,000 digits with every 3 removed; the soft student recovers the 3s after a bias shift (paper: 98.6%).',
    // The full-scale run's settings unchanged, with the 3s left out of the students' data (as the paper did with its
    // distilled net); nothing was tuned for it. Minutes, not seconds, as for "Paper: MNIST, full scale".
    settings: { ...PAPER_FULL, omittedClass: 3 },
  },
  {
    name: 'dark-matrix',
    resultPanel: 'dark-matrix',
    displayTemperature: 5,
    title: 'Dark-knowledge matrix',
    description: 'The teacher’s mean soft probabilities per true class: which digits it finds alike (4–9, 3–5–8, 7–1).',
    settings: { ...DIGITS_ANNEALED, studentFraction: 0.2, studentEpochs: 5 },
  },
  // ——— After the paper: each states a later claim (src/core/after-paper.ts) and sets our measurement beside it. ———
  {
    name: 'born-again',
    resultPanel: 'paper',
    displayTemperature: 4,
    published: 'bornAgain',
    afterPaper: true,
    title: 'Born-again student',
    description: 'A student as large as its teacher learns only from the teacher’s soft targets: does it beat its teacher (Furlanello et al. 2018)?',
    settings: BORN_AGAIN,
  },
  {
    name: 'label-smoothing',
    resultPanel: 'dark-matrix',
    displayTemperature: 8,
    published: 'labelSmoothing',
    afterPaper: true,
    title: 'Label-smoothed teacher',
    description: 'The paper-MNIST teacher trained on smoothed labels (ε = 0.1) beside the same teacher without: their dark knowledge, and a soft student of each (Müller, Kornblith & Hinton 2019).',
    // On principle, nothing tuned: the "Paper: MNIST" preset's settings (chosen on the validation split for the
    // unsmoothed teacher) and ε = 0.1, the value most used since Szegedy et al. (2016). The smoothed teacher is shipped
    // (npm run teachers); its twin is the unsmoothed shipped teacher, trained from the same start on the same batches.
    // Issue 8 changed the "Paper: MNIST" students' batches; this preset keeps the settings it was measured on.
    settings: { ...PAPER_MNIST_BEFORE_ISSUE_8, teacherLabelSmoothing: 0.1 },
  },
  {
    name: 'fidelity',
    resultPanel: 'paper',
    displayTemperature: 3,
    published: 'fidelity',
    afterPaper: true,
    title: 'Fidelity is not accuracy',
    description: 'Soft students at T = 1 … 20: how often each agrees with its teacher, beside its accuracy (Stanton et al. 2021).',
    // The temperature sweep's settings, unchanged (nothing chosen for this claim): the same students, now read for
    // their agreement with the teacher on the test digits and on the digits they were trained on. Issue 8 has since
    // moved the sweep to fewer digits; this preset keeps the run it was measured on.
    settings: SWEEP_BEFORE_ISSUE_8,
  },
] as const satisfies readonly Preset[];

export type PresetName = (typeof PRESETS)[number]['name'];

export const DEFAULT_PRESET: PresetName = 'low-data';

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((preset) => preset.name === name);
}
