/** Flags of `npm run soak`, parsed without side effects (bad input: one line of text, exit code 2). */
import { findPreset, PRESETS } from '../core/presets';
import { isImageDataset } from '../core/settings';

export interface SoakOptions {
  minutes: number;
  /** The presets picked in turn, round and round. */
  presets: string[];
  json: boolean;
  help: boolean;
}

export type SoakParseResult = { ok: true; options: SoakOptions } | { ok: false; error: string };

export const DEFAULT_SOAK_MINUTES = 30;
/** A day: a longer soak is a typo. */
export const MAX_SOAK_MINUTES = 24 * 60;

/**
 * Toy and digit presets in turn (toy, digits, toy, digits, …), so every minute sees both kinds. The digit presets
 * are those on 14×14 digits, whose teachers ship with the app (seconds per run); "Paper: MNIST, full scale" is left
 * out (minutes per run, and it asks before it runs) but can be named with --presets.
 */
export function defaultSoakPresets(): string[] {
  const toy = PRESETS.filter((p) => !isImageDataset(p.settings.dataset)).map((p) => p.name);
  const digits = PRESETS.filter((p) => p.settings.dataset === 'digits-14').map((p) => p.name);
  const cycle: string[] = [];
  for (let i = 0; i < Math.max(toy.length, digits.length); i++) {
    if (i < toy.length) cycle.push(toy[i]!);
    if (i < digits.length) cycle.push(digits[i]!);
  }
  return cycle;
}

export const SOAK_USAGE = `Usage: npm run soak -- [--minutes N] [--presets a,b] [--json]
  The built app (npm run build) in headless Chromium, driven as a lecturer would for N minutes (default ${DEFAULT_SOAK_MINUTES}):
  pick a preset, press Train, wait for the run to finish, pick the next (default: ${defaultSoakPresets().join(', ')}).
  Once a minute, after the run in progress, it presses Reset and prints the page's and the worker's JS heap (after a
  forced garbage collection), the worker's TF.js tensors and bytes and its backend's own memory; at the end a verdict
  per series. --json: the same as one JSON object on stdout (the minute lines go to stderr).`;

export function parseSoakArgs(argv: readonly string[]): SoakParseResult {
  const options: SoakOptions = { minutes: DEFAULT_SOAK_MINUTES, presets: defaultSoakPresets(), json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--json') { options.json = true; continue; }
    if (flag === '--help' || flag === '-h') { options.help = true; continue; }
    if (flag !== '--minutes' && flag !== '--presets') return { ok: false, error: `Unknown flag “${flag}”. Run with --help for the flags.` };
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) return { ok: false, error: `${flag} needs a value.` };
    if (flag === '--minutes') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > MAX_SOAK_MINUTES) return { ok: false, error: `--minutes must be a whole number from 1 to ${MAX_SOAK_MINUTES}, not “${value}”.` };
      options.minutes = n;
      continue;
    }
    const list = value.split(',').map((part) => part.trim()).filter((part) => part !== '');
    const unknown = list.filter((name) => !findPreset(name));
    if (list.length === 0) return { ok: false, error: '--presets needs at least one preset name.' };
    if (unknown.length > 0) return { ok: false, error: `Unknown preset${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `“${n}”`).join(', ')}.` };
    options.presets = list;
  }
  return { ok: true, options };
}
