import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadBundledSpec } from '../helpers/bundled-spec.js';

function collectExtensionKeys(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectExtensionKeys(item, found);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) found.add(key);
      collectExtensionKeys(value, found);
    }
  }
  return found;
}

it('documents every x- extension the spec uses in openapi/extensions.md', () => {
  const documented = readFileSync(new URL('../../openapi/extensions.md', import.meta.url), 'utf8');
  const headings = [...documented.matchAll(/^## `(x-[\w-]+)`$/gm)].map((match) => match[1]);
  const used = [...collectExtensionKeys(loadBundledSpec())];
  expect(used.length).toBeGreaterThan(0);
  for (const key of used) expect(headings, `${key} is used but not documented`).toContain(key);
});
