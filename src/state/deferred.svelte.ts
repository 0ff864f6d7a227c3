/**
 * A value that follows another one after the next frame. A panel whose redraw is heavy (the
 * dark-knowledge matrix over 10,000 test digits, the digit thumbnails) reads its input through one
 * of these, so its work runs in a task of its own instead of in the same task as every other
 * panel's, and after the frame that shows what the input changed first (a slider move repaints
 * the distribution in the next frame; the matrix follows): the page answers input between them and no
 * single task grows long. The deferred panels take turns, one per frame (after-frame.ts: inTurn), so their layout
 * and painting are spread over frames too. Create it in a component's script (it owns an effect).
 */
import { untrack } from 'svelte';
import { inTurn } from './after-frame';

export class Deferred<T> {
  value = $state.raw<T>() as T;

  constructor(read: () => T) {
    this.value = untrack(read);
    $effect(() => {
      const next = read();
      return inTurn(() => (this.value = next));
    });
  }
}
