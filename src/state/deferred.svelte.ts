/**
 * A value that follows another one task later. A panel whose redraw is heavy (the dark-knowledge
 * matrix over 10,000 test digits, the digit thumbnails) reads its input through one of these, so
 * its work runs in a task of its own instead of in the same task as every other panel's: the page
 * answers input between them and no single task grows long. Create it in a component's script
 * (it owns an effect).
 */
import { untrack } from 'svelte';

export class Deferred<T> {
  value = $state.raw<T>() as T;

  constructor(read: () => T) {
    this.value = untrack(read);
    $effect(() => {
      const next = read();
      const timer = setTimeout(() => (this.value = next), 0);
      return () => clearTimeout(timer);
    });
  }
}
