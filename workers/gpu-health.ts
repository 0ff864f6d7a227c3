/**
 * The GPU backends' ways of failing, for the backend chooser (select-backend.ts): WebGPU's adapter and device in
 * words, why it could not start, WebGL that can only render to 16-bit floats (refused), a lost WebGL context or
 * WebGPU device reported to the engine's readbacks (src/engine/backend-loss.ts), and a dead backend registered
 * afresh so that a later pick starts it on a new context or device.
 */
import * as tf from '@tensorflow/tfjs';
import { clearBackendLoss, reportBackendLost } from '../src/engine/backend-loss';
import type { BackendName } from '../src/core/backend-calibration';
import { errorText } from '../src/core/error-text';

export interface GpuAdapterInfoLike {
  architecture?: string;
  vendor?: string;
  description?: string;
  device?: string;
  isFallbackAdapter?: boolean;
}
interface GpuDeviceLike {
  destroy(): void;
  lost?: Promise<{ message?: string }>;
}
export interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
  requestDevice(): Promise<GpuDeviceLike>;
}
export const navigatorGpu = () => (navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;


/**
 * Why WebGL is refused where it renders only to 16-bit float textures (TF.js's WEBGL_RENDER_FLOAT32_ENABLED
 * false: a GPU without EXT_color_buffer_float). Measured in headless Chromium with WEBGL_FORCE_F16_TEXTURES (and in
 * the worker with EXT_color_buffer_float hidden): the default preset's teacher reached NaN in its first epoch, and
 * the students did too with a teacher trained on cpu. In half floats a squared gradient under 6e-8 is 0 and Adam's
 * ε (1e-7) sits at the smallest subnormal, so the step m/(√v + ε) of a 1e-5 gradient came out 84 times the
 * learning rate instead of about 1.
 */
export const F16_REASON = 'WebGL here renders only to 16-bit floats, in which training turns to NaN (Adam’s steps blow up when squared gradients round to 0)';

/** Why the active WebGL backend must not train here (16-bit float textures); null when it may. */
export const webGlRefusal = (): string | null => (tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? null : F16_REASON);

let renderer: string | null | undefined;

/**
 * The WebGL renderer in words (WEBGL_debug_renderer_info where offered), asked once of a context of its own; null
 * where none can be made in this worker.
 */
export function webGlRenderer(): string | null {
  if (renderer !== undefined) return renderer;
  renderer = null;
  try {
    if (typeof OffscreenCanvas === 'undefined') return null;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    renderer = null;
  }
  return renderer;
}

/** Why TF.js's WebGPU backend could not start (it logs the reason but returns only false): an adapter and a device are requested again, and released, to find out. */
export async function whyWebGpuFailed(): Promise<string> {
  try {
    const adapter = await navigatorGpu()?.requestAdapter();
    if (!adapter) return 'no WebGPU adapter was offered';
    (await adapter.requestDevice()).destroy();
    return 'webgpu did not initialise';
  } catch (error) {
    return `requesting a WebGPU device failed: ${errorText(error)}`;
  }
}

const watched = new WeakSet<object>();

/**
 * Report the active GPU backend's loss to the engine's readbacks: a lost WebGL context (which would otherwise
 * leave every readback waiting for ever) or a lost WebGPU device. Call once it is active; watches each context or device once.
 */
export function watchGpuBackend(name: BackendName): void {
  const instance = tf.backend();
  const backend = instance as unknown as { gpgpu?: { gl: { canvas: unknown }; itemsToPoll?: { resolveFn(): void }[] }; device?: GpuDeviceLike };
  // Only while this instance is the registered one: a backend dropped on purpose (forgetBackendInstance) may lose its device as it goes.
  const lost = (reason: string) => {
    if (tf.engine().registry[name] === instance) reportBackendLost(name, reason);
  };
  if (name === 'webgl' && backend.gpgpu) {
    const { gpgpu } = backend;
    const canvas = gpgpu.gl.canvas as EventTarget | null;
    if (!canvas || watched.has(canvas) || typeof canvas.addEventListener !== 'function') return;
    watched.add(canvas);
    canvas.addEventListener('webglcontextlost', () => {
      lost('the WebGL context was lost');
      // TF.js polls the lost context's fences for ever: let its pending reads finish (their values are dropped) so that loop ends.
      for (const item of gpgpu.itemsToPoll?.splice(0) ?? []) item.resolveFn();
    });
  }
  if (name === 'webgpu' && backend.device?.lost && !watched.has(backend.device)) {
    watched.add(backend.device);
    void backend.device.lost.then((info) => lost(`the WebGPU device was lost${info?.message ? ` (${info.message})` : ''}`));
  }
}

/**
 * Drop a backend that died (a lost GPU device or WebGL context) and register its factory again, so that a later
 * pick by hand starts it afresh (a new device) instead of reusing the dead one.
 */
export function forgetBackendInstance(name: BackendName): void {
  const engine = tf.engine();
  const entry = engine.registryFactory[name];
  clearBackendLoss(name);
  if (!entry || !(name in engine.registry)) return;
  try {
    tf.removeBackend(name);
  } catch {
    // Disposing a dead backend may throw; it is dropped all the same.
    delete engine.registry[name];
    delete engine.registryFactory[name];
  }
  tf.registerBackend(name, entry.factory, entry.priority);
}
