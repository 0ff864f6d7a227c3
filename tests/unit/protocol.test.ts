import { describe, expectTypeOf, it, expect } from 'vitest';
import type { FromWorker, FromWorkerType, MemoryReport, TeacherOrigin, ToWorker } from '../../src/protocol/messages';
import { BACKEND_NAMES } from '../../src/protocol/messages';

describe('worker protocol', () => {
  it('names every command the UI can send', () => {
    expectTypeOf<ToWorker['type']>().toEqualTypeOf<'init' | 'set-backend' | 'recalibrate' | 'start' | 'pause' | 'resume' | 'step' | 'reset' | 'set-params' | 'forget-teachers' | 'bench' | 'memory' | 'shown' | 'classify'>();
  });

  it('names every report the worker can send', () => {
    expectTypeOf<FromWorkerType>().toEqualTypeOf<
      'state' | 'ready' | 'calibrating' | 'calibration' | 'backend-fallback' | 'loading' | 'dataset' | 'preview' | 'preview-deferred' | 'confirm-long' | 'progress' | 'epoch' | 'teacher-ready' | 'teacher-stored' | 'teacher-unavailable' | 'teacher-storage' | 'teachers-forgotten' | 'students-logits' | 'decision-maps' | 'paused' | 'done' | 'reset-done' | 'error' | 'bench-result' | 'memory' | 'classified'
    >();
    expectTypeOf<Extract<FromWorker, { type: 'error' }>>().toHaveProperty('recoverable').toEqualTypeOf<boolean>();
  });

  it('says where the teacher came from, and carries the choice to train it live', () => {
    expectTypeOf<Extract<FromWorker, { type: 'teacher-ready' }>>().toHaveProperty('origin').toEqualTypeOf<TeacherOrigin>();
    expectTypeOf<Extract<FromWorker, { type: 'teacher-ready' }>>().toHaveProperty('shippedTest').toEqualTypeOf<{ errors: number; count: number } | undefined>();
    expectTypeOf<Extract<FromWorker, { type: 'teacher-ready' }>>().not.toHaveProperty('fromCache');
    expectTypeOf<Extract<ToWorker, { type: 'start' }>>().toHaveProperty('trainTeacherLive').toEqualTypeOf<boolean>();
    expectTypeOf<Extract<ToWorker, { type: 'step' }>>().toHaveProperty('trainTeacherLive').toEqualTypeOf<boolean>();
    expectTypeOf<Extract<FromWorker, { type: 'teachers-forgotten' }>>().toHaveProperty('count').toEqualTypeOf<number>();
  });

  it("answers the read-only 'memory' command with what the worker's TF.js holds (npm run soak)", () => {
    expectTypeOf<Extract<ToWorker, { type: 'memory' }>>().toEqualTypeOf<{ type: 'memory' }>();
    expectTypeOf<Omit<Extract<FromWorker, { type: 'memory' }>, 'type'>>().toEqualTypeOf<MemoryReport>();
    expectTypeOf<MemoryReport>().toHaveProperty('numTensors').toEqualTypeOf<number>();
    expectTypeOf<MemoryReport>().toHaveProperty('backendBytes').toEqualTypeOf<number | null>();
  });

  it('classifies a drawn input with the run’s models, answered under the request’s number', () => {
    expectTypeOf<Extract<ToWorker, { type: 'classify' }>>().toHaveProperty('pixels').toEqualTypeOf<Float32Array>();
    expectTypeOf<Extract<ToWorker, { type: 'classify' }>>().toHaveProperty('requestId').toEqualTypeOf<number>();
    expectTypeOf<Extract<FromWorker, { type: 'classified' }>>().toHaveProperty('requestId').toEqualTypeOf<number>();
    expectTypeOf<Extract<FromWorker, { type: 'classified' }>>().toHaveProperty('logits').toEqualTypeOf<Record<string, Float32Array> | null>();
  });

  it('lists the four TF.js backends in fallback order', () => {
    expect(BACKEND_NAMES).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});
