/**
 * `npm run bench -- --ui`: the app as a user drives it, in headless Chromium
 * (the built app, 1280×800): for each preset, a first visit (a fresh profile:
 * nothing cached or measured) timed from the address to Train being enabled,
 * then Train pressed and timed to its final numbers on screen, while the main thread's frame intervals (p95, from
 * requestAnimationFrame), its long tasks (PerformanceObserver) and the time the
 * Temperature slider takes to repaint the distribution are recorded.
 */
import type { Page } from 'playwright-core';
import { median, percentile } from '../engine/bench-models';
import { withBuiltApp } from './bench-browser';

export interface UiBenchRow {
  preset: string;
  backend: string;
  /** A first visit: the page asked for (fresh profile) to Train enabled, the backends measured on the preset's models. */
  secondsToTrainable: number;
  /** Press of Train to the final metrics shown (teacher trained in the page). */
  secondsToFinal: number;
  frameP95Ms: number;
  longTasks: number;
  longestTaskMs: number;
  /** Median over several moves of the slider: input event to the frame that shows the new entropy. */
  sliderRepaintMs: number;
  /** The most animation frames any move waited for its new entropy (1: every move shown in the first frame after it). */
  sliderFramesMax: number;
}

interface Probe {
  frames: number[];
  longTasks: number[];
  blocking: { at: number; ms: number; render: number; scripts: string[] }[];
  /** When the slider was moved and when each long task began, ms after Train. */
  moves: number[];
  longTaskStarts: number[];
  /** Each long task's attribution (the longtask entry's name: 'self' when it was this page's own, else whose). */
  longTaskSources: string[];
}

export async function runUiBench(presets: readonly string[], log: (line: string) => void): Promise<UiBenchRow[]> {
  return withBuiltApp(async (browser, origin) => {
    const rows: UiBenchRow[] = [];
    for (const preset of presets) {
      // bypassCSP: the measuring scripts below run in the page (waitForFunction evaluates them), which the app's policy forbids.
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
      await page.addInitScript("localStorage.setItem('dkl.tour.done', '1')");
      const asked = Date.now();
      await page.goto(`${origin}/?preset=${preset}`);
      await page.getByRole('button', { name: /^(Train|Resume|Train again)$/ }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
      const secondsToTrainable = (Date.now() - asked) / 1000;
      const backend = (await page.getByTestId('backend').innerText()).match(/Running on (\w+)/)?.[1] ?? '?';
      // Playwright installs its own script in the page on the first waitForFunction (a 35–46 ms task in traces):
      // done here, before the probe records, so that task is not counted as the app's.
      await page.waitForFunction('true');
      await page.evaluate(INSTALL_PROBE);
      const started = Date.now();
      await page.locator('button:text-is("Train")').click();
      // A run estimated at over a minute asks first: run it (the question is answered as soon as it shows). While the
      // probe records, the page is watched only by cheap queries: Playwright's role queries compute the accessibility
      // of every element, 60–170 ms tasks in the page that the probe counted as the app's own (seen in CPU profiles).
      void page.locator('[data-testid="long-run-dialog"][open] button', { hasText: 'Run anyway' }).click({ timeout: 600_000 }).catch(() => undefined);
      // Once the teacher's distribution is on screen, move the slider a few times while the students train.
      await page.waitForFunction(`/\\d/.test(document.querySelector('[data-testid="entropy"]')?.textContent ?? '')`, null, { timeout: 600_000 });
      const repaints: { ms: number; frames: number }[] = [];
      for (const T of [2, 5, 9, 14, 3]) repaints.push(await sliderRepaint(page, T));
      await page.waitForFunction(FINISHED, null, { timeout: 600_000, polling: 100 });
      const secondsToFinal = (Date.now() - started) / 1000;
      const probe = (await page.evaluate('window.__probe')) as Probe;
      const frames = probe.frames.slice(2);
      rows.push({
        preset,
        backend,
        secondsToTrainable,
        secondsToFinal,
        frameP95Ms: percentile(frames, 0.95),
        longTasks: probe.longTasks.filter((d) => d > 50).length,
        longestTaskMs: Math.max(0, ...probe.longTasks),
        sliderRepaintMs: median(repaints.map((r) => r.ms)),
        sliderFramesMax: Math.max(...repaints.map((r) => r.frames)),
      });
      log(`ui: ${preset} done in ${secondsToFinal.toFixed(1)} s`);
      // Where each long task came from (frames blocked by one, ms after Train; rendering = layout, paint, observers).
      if (probe.longTasks.some((d) => d > 50)) {
        log(`ui:   slider moved at ${probe.moves.join(', ')} ms; long tasks at ${probe.longTasks.map((d, i) => `${probe.longTaskStarts[i]} (${Math.round(d)} ms, ${probe.longTaskSources[i]})`).join(', ')}`);
        for (const f of probe.blocking) log(`ui:   frame at ${f.at} ms, ${f.ms} ms (rendering ${f.render} ms): ${f.scripts.join('; ') || 'no script over 5 ms'}`);
      }
      await page.close();
    }
    return rows;
  });
}

/*
 * Page scripts as plain strings: a function handed to page.evaluate would be
 * compiled by tsx, which wraps named inner functions in a helper the page lacks.
 */
const INSTALL_PROBE = `(() => {
  const probe = { frames: [], longTasks: [], t0: performance.now() };
  window.__probe = probe;
  probe.longTaskStarts = [];
  probe.longTaskSources = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => { probe.longTasks.push(e.duration); probe.longTaskStarts.push(Math.round(e.startTime - probe.t0)); probe.longTaskSources.push(e.name + (e.attribution?.[0] ? ' ' + e.attribution[0].containerType + (e.attribution[0].containerSrc ? ' ' + e.attribution[0].containerSrc : '') : '')); })).observe({ type: 'longtask', buffered: false });
  // What blocked: the animation frames with a task over 50 ms, with the scripts that ran in them (5 ms or more).
  probe.blocking = [];
  probe.moves = [];
  const t0 = probe.t0;
  new PerformanceObserver((list) => list.getEntries().forEach((e) => {
    if (e.blockingDuration > 0) probe.blocking.push({ at: Math.round(e.startTime - t0), ms: Math.round(e.duration), render: Math.round(e.renderStart ? e.startTime + e.duration - e.renderStart : 0), scripts: e.scripts.map((s) => Math.round(s.duration) + ' ms ' + s.invoker + (s.sourceFunctionName ? ' ' + s.sourceFunctionName : '') + (s.sourceURL ? ' @' + s.sourceURL.split('/').pop() + ':' + s.sourceCharPosition : '')) });
  })).observe({ type: 'long-animation-frame', buffered: false });
  let last = performance.now();
  const tick = (now) => { probe.frames.push(now - last); last = now; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;

/** The run is over once the main button reads Train again: a scan of the page's buttons, not a role query. */
const FINISHED = `[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Train again')`;

/**
 * Set the Temperature slider and time until a frame shows a different entropy (NaN if none within 2 s), counting the
 * animation frames it took: 1 when the first frame after the move already shows it.
 */
async function sliderRepaint(page: Page, temperature: number): Promise<{ ms: number; frames: number }> {
  return page.evaluate(`new Promise((resolve) => {
    const slider = document.getElementById('display-temperature');
    const entropy = () => document.querySelector('[data-testid="entropy"]')?.textContent ?? '';
    const before = entropy();
    const start = performance.now();
    window.__probe.moves.push(Math.round(start - window.__probe.t0));
    let frames = 0;
    slider.value = String(${Number(temperature)});
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    const check = () => {
      frames++;
      if (entropy() !== before) resolve({ ms: performance.now() - start, frames });
      else if (performance.now() - start > 2000) resolve({ ms: Number.NaN, frames });
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`) as Promise<{ ms: number; frames: number }>;
}

export function uiMarkdown(rows: readonly UiBenchRow[]): string {
  const lines = ['| preset | backend | first visit → Train enabled | Train → final numbers | frame p95 | tasks > 50 ms | longest task | slider repaint | frames to repaint (most) |', '|---|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    lines.push(`| ${r.preset} | ${r.backend} | ${r.secondsToTrainable.toFixed(1)} s | ${r.secondsToFinal.toFixed(1)} s | ${r.frameP95Ms.toFixed(1)} ms | ${r.longTasks} | ${r.longestTaskMs.toFixed(0)} ms | ${r.sliderRepaintMs.toFixed(1)} ms | ${r.sliderFramesMax} |`);
  }
  return lines.join('\n');
}
