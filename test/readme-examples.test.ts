import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

// The README's backend code is examples/*.ts (which tsc type-checks and test/client/examples.test.ts runs), shown with
// the package name in place of the relative import. This keeps the two from drifting apart.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const codeBlocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
const examplesFolder = new URL('../examples/', import.meta.url);
const examples = readdirSync(examplesFolder).filter((name) => name.endsWith('.ts'));

it.each(examples)('README shows examples/%s as it is', (name) => {
  const asPublished = readFileSync(new URL(name, examplesFolder), 'utf8').replaceAll("'../src/index.js'", "'passwordless-contract'");
  expect(codeBlocks).toContain(asPublished);
});
