/**
 * The quiz-progress module (a .svelte.ts file) loaded in Node for unit tests: the
 * unit project runs without the Svelte plugin, so it is compiled here with Svelte's
 * own compiler, as the app's build does. Shared by quiz.test.ts and quiz-store-fuzz.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { compileModule } from 'svelte/compiler';

export type ProgressModule = typeof import('../../src/state/quiz-progress.svelte');
export type FakeStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { data: Map<string, string> };

/**
 * The unit project runs without the Svelte plugin, so runes would not compile
 * on import: strip the types, compile the runes, point the imports at absolute
 * paths, and import the result.
 */
export async function loadProgressModule(): Promise<ProgressModule> {
  const sourceUrl = new URL('../../src/state/quiz-progress.svelte.ts', import.meta.url);
  const source = readFileSync(sourceUrl, 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
  }).outputText;
  const compiled = compileModule(js, { filename: 'quiz-progress.svelte.js', generate: 'client' }).js.code;
  const require = createRequire(import.meta.url);
  const code = compiled.replace(/(from\s+)(['"])([^'"]+)\2/g, (_match, from: string, quote: string, specifier: string) => {
    const path = specifier.startsWith('.') ? fileURLToPath(new URL(`${specifier}.ts`, sourceUrl)) : require.resolve(specifier);
    return `${from}${quote}${path}${quote}`;
  });
  const file = join(mkdtempSync(join(tmpdir(), 'dkl-quiz-progress-')), 'quiz-progress.svelte.js');
  writeFileSync(file, code);
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as ProgressModule;
}

export function fakeStorage(initial?: Record<string, string>): FakeStorage {
  const data = new Map(Object.entries(initial ?? {}));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}
