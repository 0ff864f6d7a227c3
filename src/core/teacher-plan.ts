/** Which teachers `npm run teachers` ships: one per distinct teacher definition among the digit presets. Pure. */
import { PRESETS } from './presets';
import { isImageDataset, type Settings } from './settings';
import { teacherKeyWithoutSeed } from './teacher-origin';

export const TEACHERS_COMMAND = 'npm run teachers';

/** One teacher per distinct teacher definition among the digit presets. */
export function shippedTeacherPlan(): { name: string; settings: Settings; presets: string[] }[] {
  const plan = new Map<string, { name: string; settings: Settings; presets: string[] }>();
  for (const preset of PRESETS) {
    const settings = preset.settings as Settings;
    if (!isImageDataset(settings.dataset)) continue;
    const key = teacherKeyWithoutSeed(settings);
    const existing = plan.get(key);
    if (existing) {
      existing.presets.push(preset.name);
      continue;
    }
    // A label-smoothed teacher's name says its ε in hundredths ("-ls10" for ε = 0.1); an annealed one ends in "-cos".
    const smoothing = settings.teacherLabelSmoothing > 0 ? `-ls${Math.round(100 * settings.teacherLabelSmoothing)}` : '';
    const anneal = settings.teacherAnneal > 0 ? '-cos' : '';
    const taken = (name: string) => [...plan.values()].some((p) => p.name === name);
    const base = `${settings.dataset}-${settings.teacherLayers}-e${settings.teacherEpochs}${smoothing}${anneal}`;
    // A teacher that differs from an earlier one only in its dropout is named by it ("-d50"); earlier names stay as they were.
    const name = taken(base) ? `${base}-d${Math.round(100 * settings.teacherDropout)}` : base;
    if (taken(name)) throw new Error(`Two teacher definitions would both be named ${name}; extend the naming.`);
    plan.set(key, { name, settings, presets: [preset.name] });
  }
  return [...plan.values()];
}

