/**
 * The figures each preset is about, computed from a finished run: error
 * counts for the paper's MNIST table, the omitted class before and after the
 * bias shift, the sweep's accuracy against T, the dark-knowledge matrix.
 * Used by the command line (and its JSON) and checked by the engine tests.
 */
import { bestBiasShift, classAccuracy, meanSoftMatrix } from '../core/class-metrics';
import { softmax } from '../core/softmax';
import { SWEEP_TEMPERATURES } from '../core/settings';
import { HARD, SOFT, SOFT_ALL, sweepStudentId, type SweepSize } from '../core/roster';
import type { DistillationRun } from './distillation-run';

export interface PresetReport {
  testErrors?: { teacher: number; hard: number; soft: number; recoveredShare: number };
  omitted?: {
    omitted: number;
    hard: { omittedAcc: number };
    soft: { omittedAcc: number; omittedAccShifted: number; biasShift: number; testAccShifted: number };
    sawEveryClass: { testAcc: number };
  };
  sweep?: { normal: { T: number; testAcc: number }[]; tiny: { T: number; testAcc: number }[]; hard: { normal: number; tiny: number } };
  /** Rows: true class; columns: the teacher's mean probability at the run's T. */
  darkMatrix?: number[][];
}

export async function presetReport(run: DistillationRun, testLabels: Int32Array, trainLabels: Int32Array): Promise<PresetReport> {
  const { settings, classes } = run;
  const report: PresetReport = {};
  const students = run.lastMetrics.students;
  const errors = (testAcc: number) => Math.round((1 - testAcc) * testLabels.length);

  if (settings.mode === 'sweep') {
    const testAcc = (size: SweepSize, target: 'hard' | number) => students[sweepStudentId(size, target)]!.testAcc;
    const curve = (size: SweepSize) => SWEEP_TEMPERATURES.map((T) => ({ T, testAcc: testAcc(size, T) }));
    report.sweep = { normal: curve('normal'), tiny: curve('tiny'), hard: { normal: testAcc('normal', 'hard'), tiny: testAcc('tiny', 'hard') } };
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

  const teacherTest = await run.teacherLogits('test');
  report.darkMatrix = meanSoftMatrix((row) => softmax(teacherTest.subarray(row * classes, (row + 1) * classes), settings.temperature), testLabels, classes);
  return report;
}
