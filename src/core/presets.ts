/** Named starting points, each showing one effect. */
import { DEFAULT_SETTINGS, type Settings } from './settings';

export interface Preset {
  name: string;
  title: string;
  /** One line: what this preset demonstrates. */
  description: string;
  settings: Settings;
}

export const PRESETS = [
  {
    name: 'low-data',
    title: 'Low data',
    description: 'Students see 2% of the points: hard labels overfit, soft targets generalise.',
    settings: DEFAULT_SETTINGS,
  },
  {
    name: 'full-data',
    title: 'Full data',
    description: 'Students see every point: with enough data, hard and soft students end up close.',
    settings: { ...DEFAULT_SETTINGS, studentFraction: 1, studentEpochs: 40 },
  },
  {
    name: 'tiny-student',
    title: 'Tiny student',
    description: 'A 4-unit student on 5% of the data: too small to overfit, so soft targets help little.',
    settings: { ...DEFAULT_SETTINGS, studentSize: '4', studentFraction: 0.05, studentEpochs: 200 },
  },
] as const satisfies readonly Preset[];

export type PresetName = (typeof PRESETS)[number]['name'];

export const DEFAULT_PRESET: PresetName = 'low-data';

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((preset) => preset.name === name);
}
