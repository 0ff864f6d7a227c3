/**
 * How much of its time the browser's training loop trains: after REST_EVERY_MS of work it rests REST_MS on a
 * timer, so that the page's frames get a share of the worker's core (workers/loop-rest.ts says why and what it
 * measured). The time a run will take there is its measured speed times this share; Node never rests.
 */

/** Work between two rests, and each rest, in the browser's worker. */
export const REST_EVERY_MS = 16;
export const REST_MS = 4;

/** The share of time a loop that rests `restMs` after `everyMs` of work spends training (1: it never rests). */
export function loopDuty(everyMs: number, restMs: number): number {
  return restMs > 0 && everyMs > 0 ? everyMs / (everyMs + restMs) : 1;
}

/** The browser worker's share: 0.8. A slice that runs past REST_EVERY_MS trains a little more between two rests. */
export const BROWSER_LOOP_DUTY = loopDuty(REST_EVERY_MS, REST_MS);
