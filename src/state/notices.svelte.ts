/**
 * The messages shown above the simulator (info, warnings, errors), as Svelte 5
 * runes: the session and the components add them, the user dismisses them,
 * and a run's reset or a teacher becoming ready clears the ones that went with it.
 */

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
  /** A button in the notice that does something about it (the notice goes when it is pressed). */
  action?: { label: string; run: () => void };
  /** A notice that asks for a teacher goes by itself once one is ready. */
  untilTeacher?: boolean;
}

export class Notices {
  list = $state<Notice[]>([]);
  private lastId = 0;

  /** Show a notice; one with the same text goes first (the new one is shown last). */
  notify(level: Notice['level'], text: string, action?: Notice['action'], options: { untilTeacher?: boolean } = {}): void {
    this.list = [...this.list.filter((n) => n.text !== text), { id: ++this.lastId, level, text, ...(action ? { action } : {}), ...options }];
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }

  /** A new worker: the old one's errors go. */
  dropErrors(): void {
    this.list = this.list.filter((n) => n.level !== 'error');
  }

  /** The run was reset: its errors and advice go with it. */
  dropRunNotices(): void {
    this.list = this.list.filter((n) => n.level !== 'error' && !n.untilTeacher);
  }

  /** A teacher is ready: the notices that asked for one go (the list is left alone when there are none). */
  teacherReady(): void {
    if (this.list.some((n) => n.untilTeacher)) this.list = this.list.filter((n) => !n.untilTeacher);
  }
}
