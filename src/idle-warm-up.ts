/**
 * Once the page is idle after loading, the work whose first run is slow — the test-set scans (V8 compiles them on
 * first use: `core/warm-up.ts`) and the striped legend swatches (a canvas each) — is done once, so that the moment a
 * teacher's results arrive, the busiest of a run, does not pay for it. One idle callback per part.
 */
import { DATASET_CLASS_COUNTS } from './core/settings';
import { warmUpScans } from './core/warm-up';
import { classStripes } from './components/charts/palette';

/** A browser without requestIdleCallback (Safari before 2025) gets a timer instead. */
function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 3000 });
  else setTimeout(work, 1000);
}

export function warmUpWhenIdle(): void {
  whenIdle(() => {
    warmUpScans();
    whenIdle(() => {
      for (const count of new Set(Object.values(DATASET_CLASS_COUNTS))) {
        // The distribution chart's two striped swatches: the teacher's bars, and at T = 1 the faint ones.
        classStripes(count);
        classStripes(count, 0.25);
      }
    });
  });
}
