/**
 * Trained teachers kept by everything that shapes them (data, seed, teacher
 * settings: `teacherKey`), so changing T, α or the students' data never
 * retrains the teacher. The worker and the command line fill it from the
 * shipped and stored teachers before a run starts.
 */
import type { TeacherOrigin } from '../core/teacher-origin';
import type { MlpWeights } from './mlp';

export interface TeacherSnapshot {
  weights: MlpWeights;
  metrics: { loss: number; trainAcc: number; testAcc: number };
  origin: TeacherOrigin;
  /** Its metrics were computed in this page (trained here, or a shipped or stored teacher a run evaluated: teacher-check.ts). */
  evaluatedHere?: true;
}

export type TeacherCache = Map<string, TeacherSnapshot>;
