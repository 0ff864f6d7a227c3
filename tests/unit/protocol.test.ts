import { describe, expectTypeOf, it, expect } from 'vitest';
import type { FromWorker, FromWorkerType, ToWorker } from '../../src/protocol/messages';
import { BACKEND_NAMES } from '../../src/protocol/messages';

describe('worker protocol', () => {
  it('names every command the UI can send', () => {
    expectTypeOf<ToWorker['type']>().toEqualTypeOf<'init' | 'set-backend' | 'recalibrate' | 'start' | 'pause' | 'resume' | 'step' | 'reset' | 'set-params' | 'bench'>();
  });

  it('names every report the worker can send', () => {
    expectTypeOf<FromWorkerType>().toEqualTypeOf<
      'ready' | 'calibrating' | 'calibration' | 'backend-fallback' | 'loading' | 'dataset' | 'preview' | 'progress' | 'epoch' | 'teacher-ready' | 'students-logits' | 'decision-maps' | 'paused' | 'done' | 'reset-done' | 'error' | 'bench-result'
    >();
    expectTypeOf<Extract<FromWorker, { type: 'error' }>>().toHaveProperty('recoverable').toEqualTypeOf<boolean>();
  });

  it('lists the four TF.js backends in fallback order', () => {
    expect(BACKEND_NAMES).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});
