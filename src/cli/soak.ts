/**
 * `npm run soak -- --minutes N`: a long lecture. The built app (`npm run build`
 * → dist/) in headless Chromium (the bench's server and launch, bench-browser.ts),
 * driven through its own controls as a lecturer would: pick a preset, press
 * Train, wait for the run to finish, pick the next, round and round (toy
 * presets and digit presets with shipped teachers in turn). Once a minute,
 * when the run in progress has finished, it presses Reset and samples, idle and
 * after a forced garbage collection, the page's and the worker's JS heap, the
 * worker's TF.js tensors and bytes and its backend's own memory (soak-probe.ts);
 * at the end, a verdict per series (core/soak-trend.ts). Exit code 1 when a
 * series grows or a run failed.
 */
import os from 'node:os';
import type { Page } from 'playwright-core';
import { withBuiltApp } from './bench-browser';
import { parseSoakArgs, SOAK_USAGE } from './soak-args';
import { SoakProbe, type Reading } from './soak-probe';
import { sampleLine, soakJson, soakReport, soakVerdicts, type SoakMeta, type SoakSample } from './soak-format';

/** A run that has not finished after this long is counted as failed (the presets take seconds; paper-full minutes). */
const RUN_TIMEOUT_MS = 15 * 60_000;
/** How often the peaks while training are polled (no forced collection). */
const PEAK_POLL_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the controls show, read in one go (a page script as a string: tsx would wrap a function's inner names in a helper the page lacks). */
const SNAPSHOT = `(() => {
  const controls = document.querySelector('section[aria-label="Training controls"]');
  const enabled = controls ? [...controls.querySelectorAll('button')].filter((b) => !b.disabled).map((b) => (b.textContent ?? '').trim()) : [];
  return {
    dialog: document.querySelector('[data-testid="long-run-dialog"][open]') !== null,
    label: (document.querySelector('[data-testid="progress-label"]')?.textContent ?? '').trim(),
    enabled,
    errors: [...document.querySelectorAll('.notice-error .notice-text')].map((n) => n.textContent ?? ''),
  };
})()`;

interface Snapshot {
  dialog: boolean;
  label: string;
  enabled: string[];
  errors: string[];
}

/** Presses the page's buttons, as a lecturer would, and counts the runs. */
class Lecturer {
  runs = 0;
  failedRuns = 0;
  constructor(
    private readonly page: Page,
    private readonly problem: (line: string) => void,
  ) {}

  private snapshot(): Promise<Snapshot> {
    return this.page.evaluate(SNAPSHOT) as Promise<Snapshot>;
  }

  private controls() {
    return this.page.getByRole('region', { name: 'Training controls' });
  }

  /** Until the backend is chosen and Train can be pressed. */
  async ready(): Promise<void> {
    await this.controls().getByRole('button', { name: /^(Train|Resume|Train again)$/ }).and(this.page.locator(':enabled')).waitFor({ timeout: 180_000 });
  }

  /** Pick the preset, press Train, and wait for the run's end (answering "Run anyway" if it asks first). */
  async run(preset: string): Promise<void> {
    await this.page.locator(`button[data-preset="${preset}"]`).click();
    await this.controls().getByRole('button', { name: /^(Train|Resume|Train again)$/ }).click();
    const started = Date.now();
    let training = false;
    while (Date.now() - started < RUN_TIMEOUT_MS) {
      const s = await this.snapshot();
      if (s.dialog) {
        await this.page.getByTestId('long-run-dialog').getByRole('button', { name: 'Run anyway' }).click();
        continue;
      }
      if (s.enabled.includes('Pause')) training = true;
      else if (training && s.label.includes('done in') && s.enabled.includes('Train again')) {
        this.runs++;
        return;
      } else if (training && s.errors.length > 0) {
        return this.failed(preset, s.errors.join(' / '));
      }
      await sleep(250);
    }
    await this.failed(preset, `no end within ${RUN_TIMEOUT_MS / 60_000} minutes`);
  }

  private async failed(preset: string, why: string): Promise<void> {
    this.failedRuns++;
    this.problem(`run of ${preset} failed: ${why}`);
    await this.reset();
  }

  /** Press Reset and wait until nothing runs ("Not started", Train enabled), then a moment for the worker's preview. */
  async reset(): Promise<void> {
    await this.controls().getByRole('button', { name: 'Reset' }).click();
    for (let i = 0; i < 600; i++) {
      const s = await this.snapshot();
      if (s.label === 'Not started' && s.enabled.includes('Train')) break;
      await sleep(100);
    }
    await sleep(1000);
  }
}

const parsed = parseSoakArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(`soak: ${parsed.error}`);
  process.exit(2);
}
const { options } = parsed;
if (options.help) {
  console.log(SOAK_USAGE);
  process.exit(0);
}

/** Minute lines: stdout, or stderr beside --json's one object. */
const line = (text: string) => (options.json ? console.error(text) : console.log(text));
const problems: string[] = [];
const problem = (text: string) => {
  problems.push(text);
  console.error(`soak: ${text}`);
};

try {
  const { meta, samples } = await withBuiltApp(async (browser, origin) => {
    // bypassCSP: the driver reads the page with scripts (page.evaluate), which the app's policy forbids.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await page.addInitScript("localStorage.setItem('dkl.tour.done', '1')");
    page.on('pageerror', (error) => problem(`page error: ${error.message}`));
    page.on('worker', (worker) => worker.on('console', (message) => message.type() === 'error' && problem(`worker: ${message.text()}`)));
    page.on('crash', () => problem('the page crashed'));
    await page.goto(`${origin}/?soak`);
    const lecturer = new Lecturer(page, problem);
    await lecturer.ready();
    const probe = await SoakProbe.attach(page);
    const meta: SoakMeta = {
      command: ['npm run soak', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      date: new Date().toISOString().slice(0, 10),
      minutes: options.minutes,
      presets: options.presets,
      browser: `headless Chromium ${browser.version()}`,
      cores: os.cpus().length,
      tfSource: probe.tfSource,
    };
    line(`soak: ${options.minutes} minutes · ${meta.browser} · ${meta.cores} cores · TF.js figures from ${meta.tfSource}`);

    // The peaks while training, between samples.
    const emptyPeak = (): SoakSample['peak'] => ({ numTensors: 0, numBytes: 0, workerHeapBytes: 0, pageHeapBytes: 0 });
    let peak = emptyPeak();
    const raise = (r: Reading) => {
      peak = {
        numTensors: Math.max(peak.numTensors, r.tf.numTensors),
        numBytes: Math.max(peak.numBytes, r.tf.numBytes),
        workerHeapBytes: Math.max(peak.workerHeapBytes, r.workerHeapBytes),
        pageHeapBytes: Math.max(peak.pageHeapBytes, r.pageHeapBytes),
      };
    };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        await probe.read(false).then(raise, (error: Error) => problem(`poll: ${error.message}`));
        await sleep(PEAK_POLL_MS);
      }
    })();

    const t0 = Date.now();
    const samples: SoakSample[] = [];
    const sample = async (minute: number) => {
      if (minute > 0) await lecturer.reset();
      const r = await probe.read(true);
      raise(r);
      const s: SoakSample = {
        minute,
        atMinutes: (Date.now() - t0) / 60_000,
        runs: lecturer.runs,
        failedRuns: lecturer.failedRuns,
        pageHeapBytes: r.pageHeapBytes,
        workerHeapBytes: r.workerHeapBytes,
        ...r.tf,
        peak,
      };
      peak = emptyPeak();
      samples.push(s);
      line(sampleLine(s));
    };

    await sample(0);
    let next = 1;
    for (let i = 0; next <= options.minutes; i++) {
      await lecturer.run(options.presets[i % options.presets.length]!);
      // The sample of a minute is taken once the run in progress at its start has finished.
      if (Date.now() - t0 >= next * 60_000) await sample(next++);
    }
    polling = false;
    await poller;
    return { meta, samples };
  });

  if (options.json) console.log(JSON.stringify({ ...soakJson(meta, samples), problems }));
  else {
    console.log(`\n${soakReport(meta, samples)}`);
    if (problems.length > 0) console.log(`\n${problems.length} problem${problems.length > 1 ? 's' : ''} seen (above, on stderr); the first: ${problems[0]}`);
  }
  const grows = soakVerdicts(samples).some((v) => v.verdict === 'grows without bound');
  process.exit(grows || (samples.at(-1)?.failedRuns ?? 0) > 0 ? 1 : 0);
} catch (error) {
  console.error(`soak: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
