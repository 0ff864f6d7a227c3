/**
 * The figures each preset is about, computed from a finished run: error
 * counts for the paper's MNIST table, the omitted class before and after the
 * bias shift, the kept classes' students before and after lowering those
 * classes' biases, the sweep's accuracy against T, the dark-knowledge matrix.
 * Used by the command line (and its JSON) and checked by the engine tests.
 */
import { LOWER_GRID, bestBiasShift, classAccuracy, meanSoftMatrix, wrongClassEntropy } from '../core/class-metrics';
import { SWEEP_TEMPERATURES, keptClassList } from '../core/settings';
import { HARD, SOFT, SOFT_ALL, SOFT_UNSMOOTHED, sweepStudentId, type SweepSize } from '../core/roster';
import type { DistillationRun } from './distillation-run';
import { studentFidelity, type StudentFidelity } from './fidelity';

export interface PresetReport {
  /** Examples in the test split the errors are counted on. */
  testCount: number;
  testErrors?: { teacher: number; hard: number; soft: number; recoveredShare: number };
  omitted?: {
    omitted: number;
    hard: { omittedAcc: number };
    soft: { omittedAcc: number; omittedAccShifted: number; biasShift: number; testAccShifted: number };
    sawEveryClass: { testAcc: number };
  };
  /** Only some classes kept (the paper's 7s and 8s): each student before and after its bias control. */
  kept?: {
    kept: number[];
    hard: KeptClassesResult;
    soft: KeptClassesResult;
  };
  sweep?: { normal: { T: number; testAcc: number }[]; tiny: { T: number; testAcc: number }[]; hard: { normal: number; tiny: number } };
  /** Rows: true class; columns: the teacher's mean probability at the run's T. */
  darkMatrix?: number[][];
  /**
   * A label-smoothed teacher: its unsmoothed twin's test accuracy, the soft student the twin taught, and how
   * evenly each teacher spreads its doubt over the wrong test classes at the run's T (mean entropy, bits).
   */
  smoothing?: { epsilon: number; twinTestAcc: number; softUnsmoothedTestAcc: number; wrongClassEntropy: { teacher: number; twin: number; max: number; temperature: number } };
  /** A sweep: every student's agreement with the teacher beside its accuracy, on the test and transfer sets. */
  fidelity?: Record<string, StudentFidelity>;
}

/**
 * One student of a kept-classes run: its test error, the one shift added to every kept class's logit that
 * is best on the training split (negative: the biases are lowered; chosen on the student's own
 * training-split logits, never on the test split), its test error after that shift, and its per-class test
 * accuracy before and after.
 */
export interface KeptClassesResult {
  testError: number;
  biasShift: number;
  testErrorShifted: number;
  perClass: number[];
  perClassShifted: number[];
}

async function keptClassesResult(run: DistillationRun, id: string, kept: number[], testLabels: Int32Array, trainLabels: Int32Array): Promise<KeptClassesResult> {
  const { classes } = run;
  const [test, train] = [await run.studentLogits(id, 'test'), await run.studentLogits(id, 'train')];
  const { shift } = bestBiasShift(train, trainLabels, classes, kept, LOWER_GRID);
  const [before, after] = [classAccuracy(test, testLabels, classes), classAccuracy(test, testLabels, classes, kept, shift)];
  return { testError: 1 - before.overall, biasShift: shift, testErrorShifted: 1 - after.overall, perClass: before.perClass, perClassShifted: after.perClass };
}

export async function presetReport(run: DistillationRun, testLabels: Int32Array, trainLabels: Int32Array): Promise<PresetReport> {
  const { settings, classes } = run;
  const report: PresetReport = { testCount: testLabels.length };
  const students = run.lastMetrics.students;
  const errors = (testAcc: number) => Math.round((1 - testAcc) * testLabels.length);

  if (settings.mode === 'sweep') {
    const testAcc = (size: SweepSize, target: 'hard' | number) => students[sweepStudentId(size, target)]!.testAcc;
    const curve = (size: SweepSize) => SWEEP_TEMPERATURES.map((T) => ({ T, testAcc: testAcc(size, T) }));
    report.sweep = { normal: curve('normal'), tiny: curve('tiny'), hard: { normal: testAcc('normal', 'hard'), tiny: testAcc('tiny', 'hard') } };
    report.fidelity = await studentFidelity(run);
    return report;
  }

  const teacherErrors = errors(run.lastMetrics.teacher!.testAcc);
  const hardErrors = errors(students[HARD]!.testAcc);
  const softErrors = errors(students[SOFT]!.testAcc);
  report.testErrors = { teacher: teacherErrors, hard: hardErrors, soft: softErrors, recoveredShare: (hardErrors - softErrors) / (hardErrors - teacherErrors) };

  const omitted = settings.omittedClass;
  if (omitted >= 0) {
    const [hardTest, softTest, softTrain] = [await run.studentLogits(HARD, 'test'), await run.studentLogits(SOFT, 'test'), await run.studentLogits(SOFT, 'train')];
    // The shift is chosen on the training split (the students never saw its omitted digits), never on the test split.
    const { shift } = bestBiasShift(softTrain, trainLabels, classes, omitted);
    const shifted = classAccuracy(softTest, testLabels, classes, omitted, shift);
    report.omitted = {
      omitted,
      hard: { omittedAcc: classAccuracy(hardTest, testLabels, classes).perClass[omitted]! },
      soft: { omittedAcc: classAccuracy(softTest, testLabels, classes).perClass[omitted]!, omittedAccShifted: shifted.perClass[omitted]!, biasShift: shift, testAccShifted: shifted.overall },
      sawEveryClass: { testAcc: students[SOFT_ALL]!.testAcc },
    };
  }

  const kept = keptClassList(settings.keptClasses);
  if (kept.length > 0) {
    report.kept = {
      kept,
      hard: await keptClassesResult(run, HARD, kept, testLabels, trainLabels),
      soft: await keptClassesResult(run, SOFT, kept, testLabels, trainLabels),
    };
  }

  const teacherTest = await run.teacherLogits('test');
  report.darkMatrix = meanSoftMatrix(teacherTest, testLabels, classes, settings.temperature);
  if (run.hasTwin) {
    const T = settings.temperature;
    const twinTest = await run.teacherLogits('test', 'twin');
    report.smoothing = {
      epsilon: settings.teacherLabelSmoothing,
      twinTestAcc: run.lastMetrics.twin!.testAcc,
      softUnsmoothedTestAcc: students[SOFT_UNSMOOTHED]!.testAcc,
      wrongClassEntropy: { teacher: wrongClassEntropy(teacherTest, testLabels, classes, T), twin: wrongClassEntropy(twinTest, testLabels, classes, T), max: Math.log2(classes - 1), temperature: T },
    };
  }
  return report;
}
