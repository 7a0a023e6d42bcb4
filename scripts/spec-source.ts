// Where `npm run spec:diff` and `npm run release` read a spec from: a file (JSON or YAML), a git ref (its bundled
// spec, generated/openapi.json), the last release (release/baseline.yaml) or the working spec (openapi/, bundled).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bundleSpec, repositoryRoot } from './bundle-spec.js';

export type Spec = Record<string, unknown>;

/** The bundled spec of the last release: `npm run release` moves it; the gate and `spec:diff` compare against it. */
export const baselineFile = join(repositoryRoot, 'release/baseline.yaml');
export const baselineNotice =
  '# The bundled spec of the last release, which npm run spec:diff and the gate in npm test compare with. npm run release replaces it.';

/** A spec that could not be read, with a message that says why. */
export class SpecSourceError extends Error {}

/** Parses a spec's text as JSON or YAML, and checks that it is an OpenAPI 3 document. */
export function parseSpec(text: string, where: string): Spec {
  let spec: unknown;
  try {
    spec = text.trimStart().startsWith('{') ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new SpecSourceError(`${where} is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!spec || typeof spec !== 'object' || !String((spec as Spec).openapi ?? '').startsWith('3.')) {
    throw new SpecSourceError(`${where} is not an OpenAPI 3 document (it has no \`openapi: 3.x\`).`);
  }
  return spec as Spec;
}

function gitShow(spec: string): string | undefined {
  try {
    return execFileSync('git', ['show', spec], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
}

/**
 * Reads `source`: a file path; else a git ref (`v1.0.0`, `HEAD~3`, a commit), whose generated/openapi.json is read,
 * or `<ref>:<path>` for another file of that commit.
 */
export function readSpec(source: string): Spec {
  if (existsSync(source)) return parseSpec(readFileSync(source, 'utf8'), source);
  const [ref, path] = source.includes(':')
    ? [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)]
    : [source, 'generated/openapi.json'];
  const text = ref ? gitShow(`${ref}:${path}`) : undefined;
  if (text === undefined) {
    throw new SpecSourceError(`${source} is neither a file nor a git ref whose commit has ${path}.`);
  }
  return parseSpec(text, `${ref}:${path}`);
}

/** The last release's bundled spec. */
export function readBaseline(): Spec {
  if (!existsSync(baselineFile))
    throw new SpecSourceError(`${baselineFile} is missing: the last release's spec is kept there.`);
  return parseSpec(readFileSync(baselineFile, 'utf8'), baselineFile);
}

/** The working spec (openapi/), bundled as `npm run generate` bundles it. */
export function readWorkingSpec(): Spec {
  try {
    return bundleSpec();
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new SpecSourceError(`openapi/ could not be bundled${stderr ? `:\n${stderr}` : '.'}`);
  }
}

/** A spec's `info.version`, or `?` when it has none. */
export const versionOf = (spec: Spec) => String((spec.info as { version?: unknown } | undefined)?.version ?? '?');
