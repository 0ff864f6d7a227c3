/**
 * What the page is told as a run goes, once the controller (run-controller.ts) has decided what happens: its
 * teacher once ready (the loop then waits for the page to show it, page-catch-up.ts), each epoch's report with the
 * decision maps, and the end with the students' final logits. The messages themselves are built in run-messages.ts.
 */
import type { Dataset } from '../datasets/types';
import type { TeacherCache } from '../src/engine/teacher-cache';
import type { DistillationRun, EpochReport } from '../src/engine/distillation-run';
import type { ControllerPorts } from './controller-ports';
import { keepTeachers } from './kept-teachers';
import { PageCatchUp } from './page-catch-up';
import { announceStudents, announceTeacher, DecisionMapSender } from './run-messages';

/** The run being told about: its number and data as the page has them. */
export interface AnnouncedRun {
  run: DistillationRun;
  id: number;
  dataset: Dataset;
}

export class RunAnnouncer {
  private readonly maps: DecisionMapSender;
  /** After the teacher is announced, the loop waits for the page to show it. */
  readonly catchUp: PageCatchUp;
  /** When the epoch under way began to be timed: the last epoch's report, or when training began or resumed. */
  private epochTimedFrom = 0;

  constructor(
    private readonly ports: Pick<ControllerPorts, 'post' | 'store' | 'pageCatchUpMs'>,
    private readonly cache: () => TeacherCache,
  ) {
    this.maps = new DecisionMapSender(ports.post);
    this.catchUp = new PageCatchUp(ports.pageCatchUpMs ?? 0);
  }

  /** The teacher is ready: announced with its maps, and the students wait for the page to show it. */
  async teacher({ run, id, dataset }: AnnouncedRun, cancelled: () => boolean): Promise<void> {
    await announceTeacher(this.ports.post, run, id);
    this.catchUp.expect(id);
    await this.maps.send(run, dataset, id, true, cancelled);
  }

  /** Training begins or resumes now (Train, Resume, Step): the time paused before it is no epoch's. */
  timeEpochFromNow(): void {
    this.epochTimedFrom = performance.now();
  }

  /**
   * An epoch ended: its report, with the worker's time on it since the report before it (or since training began or
   * resumed); the teacher if it became ready (and kept in this browser), else the students' maps.
   */
  async epoch(announced: AnnouncedRun, report: EpochReport, cancelled: () => boolean): Promise<void> {
    const { run, id, dataset } = announced;
    const now = performance.now();
    const workerSeconds = (now - this.epochTimedFrom) / 1000;
    this.epochTimedFrom = now;
    const { phase, epoch, totalEpochs, metrics } = report;
    this.ports.post(metrics ? { type: 'epoch', runId: id, phase, epoch, totalEpochs, workerSeconds, ...metrics } : { type: 'progress', runId: id, phase, epoch, totalEpochs, workerSeconds });
    if (report.teacherReady) {
      await this.teacher(announced, cancelled);
      // Kept in this browser without holding up the students (the page is told when the teacher is saved).
      keepTeachers(this.cache(), this.ports.store, run.settings, (savedAt) => this.ports.post({ type: 'teacher-stored', runId: id, savedAt }));
    } else if (metrics?.students) await this.maps.send(run, dataset, id, run.phase === 'done', cancelled);
  }

  /** The run is finished: the students' final logits, then its end with the final metrics. */
  async done({ run, id }: AnnouncedRun, seconds: number): Promise<void> {
    await announceStudents(this.ports.post, run, id);
    const { teacher, students } = run.lastMetrics;
    this.ports.post({ type: 'done', runId: id, seconds, teacher: teacher!, students });
  }
}
