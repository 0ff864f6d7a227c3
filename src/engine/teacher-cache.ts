/**
 * Trained teachers kept by everything that shapes them (data, seed, teacher
 * settings), so changing T, α or the students' data never retrains the teacher.
 */
import type { Settings } from '../core/settings';
import type { MlpWeights } from './mlp';

export interface TeacherSnapshot {
  weights: MlpWeights;
  metrics: { loss: number; trainAcc: number; testAcc: number };
}

export type TeacherCache = Map<string, TeacherSnapshot>;

export function teacherCacheKey(settings: Settings): string {
  const { dataset, seed, teacherLayers, teacherEpochs, learningRate, teacherBatchSize, teacherDropout, teacherJitter } = settings;
  return JSON.stringify({ dataset, seed, teacherLayers, teacherEpochs, learningRate, teacherBatchSize, teacherDropout, teacherJitter });
}
