/**
 * The answer to the page's "read this input" (a digit drawn on the pad): the
 * run's teacher's and students' logits, or why there are none. It never
 * fails: a failure is the answer's reason, so the page never waits.
 */
import { errorText } from '../src/core/error-text';
import type { DistillationRun } from '../src/engine/distillation-run';
import type { FromWorker } from '../src/protocol/messages';

export type Classified = Extract<FromWorker, { type: 'classified' }>;

/** What `run` (if any) reads in `pixels`; the run trains nothing and changes nothing. */
export async function classifyAnswer(run: DistillationRun | null, requestId: number, pixels: Float32Array): Promise<Classified> {
  if (!run) return { type: 'classified', requestId, logits: null, reason: 'There is no run: press Train first.' };
  if (run.phase === 'teacher') return { type: 'classified', requestId, logits: null, reason: 'The teacher is still training.' };
  try {
    return { type: 'classified', requestId, logits: await run.classify(pixels), reason: null };
  } catch (error) {
    // Input of the wrong size, or a failing backend: this request's answer, not the run's error (the next slice says if the backend is gone).
    return { type: 'classified', requestId, logits: null, reason: errorText(error) };
  }
}
