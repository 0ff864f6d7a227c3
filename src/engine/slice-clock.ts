/**
 * The clock of one slice of a run's work (DistillationRun.advanceFor): units of work — a batch, a piece of one,
 * a piece of an evaluation, a chunk of the heap reserve — run until the budget is spent, and no unit begins that
 * would end past it, judging by the one before. The worker reads its messages only between slices, so a slice
 * of a large model's units (~0.1 s each) stops after one instead of running the budget and one unit more.
 */
export class SliceClock {
  private readonly start = performance.now();
  private unitStart = this.start;
  private lastUnitMs = 0;
  private worked = false;

  constructor(private readonly budgetMs: number) {}

  /** Whether to stop before the next unit (never before the first). */
  get outOfTime(): boolean {
    return this.worked && performance.now() - this.start + this.lastUnitMs >= this.budgetMs;
  }

  /** A unit has just ended. */
  unitDone(): void {
    const now = performance.now();
    this.lastUnitMs = now - this.unitStart;
    this.unitStart = now;
    this.worked = true;
  }
}
