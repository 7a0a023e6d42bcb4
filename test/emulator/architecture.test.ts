// The emulator's layout, as rules a change cannot break unnoticed: its doors (src/mock/, src/msw/) reach it only
// through its entry point, src/emulator/index.ts; its handler groups (src/emulator/operations/) never import one
// another, so a decision shared by two groups lives in the state or beside the handlers, not in a group.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The TypeScript files of a folder of the repository, recursively, as paths relative to the root. */
const sourceFiles = (folder: string): string[] =>
  readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name));

/** The repository files a source file imports (static, dynamic and re-exports), relative to the root, as `.ts`. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*'(\.[^']+)'/g)].map(([, specifier]) =>
    relative(root, resolve(root, dirname(file), specifier!)).replace(/\.js$/, '.ts'),
  );
}

describe('the doors', () => {
  it.each([...sourceFiles('src/mock'), ...sourceFiles('src/msw')])(
    '%s uses the emulator through its entry point only',
    (file) => {
      const inside = importsOf(file).filter((target) => target.startsWith('src/emulator/'));
      expect(inside.filter((target) => target !== 'src/emulator/index.ts')).toEqual([]);
    },
  );
});

describe('the handler groups', () => {
  const registry = 'src/emulator/operations/operation-handlers.ts';
  const groups = importsOf(registry).filter((target) => target.startsWith('src/emulator/operations/'));

  it('are the files the registry gathers, and every file of src/emulator/operations/ is one of them', () => {
    expect(groups.length).toBeGreaterThanOrEqual(8);
    expect(sourceFiles('src/emulator/operations').sort()).toEqual([...groups, registry].sort());
  });

  it.each(groups)('%s imports no other group', (file) => {
    expect(importsOf(file).filter((target) => groups.includes(target))).toEqual([]);
  });
});
