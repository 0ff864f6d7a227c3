import { describe, expect, it } from 'vitest';
import { warmUpScans, WARM_UP_ROWS } from '../../src/core/warm-up';

describe('warmUpScans', () => {
  it('runs the test-set scans on a made-up set and gives the same finite sum every time', () => {
    const sum = warmUpScans();
    expect(Number.isFinite(sum)).toBe(true);
    expect(warmUpScans()).toBe(sum);
  });

  it('uses a set with rows right and wrong, so each scan takes both of its paths', () => {
    // Each made-up row's true class leads by 3 ± 2, so some rows are misread: the sum differs with more rows.
    expect(warmUpScans(10, WARM_UP_ROWS)).not.toBe(warmUpScans(10, WARM_UP_ROWS / 2));
    expect(warmUpScans(2)).not.toBe(warmUpScans(10));
  });
});
