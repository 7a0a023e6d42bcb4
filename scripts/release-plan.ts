// What the next release must be: the changes from the last release (release/baseline.yaml) to a spec, the smallest
// version they allow, and what release/next.yaml declares. The gate in `npm test` and `npm run release` both read it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { parse } from 'yaml';
import { repositoryRoot } from './bundle-spec.js';
import { type Bump, compareSpecs, neededBump, type SpecChange } from './spec-changes.js';
import { readBaseline, type Spec, versionOf } from './spec-source.js';

export const declarationFile = join(repositoryRoot, 'release/next.yaml');

/** release/next.yaml: a declared break and changelog lines the diff cannot show. */
export interface NextRelease {
  /** What breaks and why: declares a deliberate break. `null` when none is declared. */
  breaking: string | null;
  fixed: string[];
  changed: string[];
}

export function readDeclaration(): NextRelease {
  const declared = (parse(readFileSync(declarationFile, 'utf8')) ?? {}) as Partial<NextRelease>;
  const lines = (value: unknown, name: string) => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((line) => typeof line !== 'string' || !line.trim()))
      throw new Error(`release/next.yaml: \`${name}\` must be a list of sentences.`);
    return value as string[];
  };
  if (declared.breaking !== undefined && declared.breaking !== null && typeof declared.breaking !== 'string')
    throw new Error('release/next.yaml: `breaking` must be a sentence or null.');
  return {
    breaking: declared.breaking?.trim() || null,
    fixed: lines(declared.fixed, 'fixed'),
    changed: lines(declared.changed, 'changed'),
  };
}

/** Empties release/next.yaml after a release, keeping its comments. */
export function clearDeclaration(): void {
  const text = readFileSync(declarationFile, 'utf8');
  const comments = text.split('\n').filter((line) => line.startsWith('#'));
  writeFileSync(declarationFile, `${comments.join('\n')}\nbreaking: null\nfixed: []\nchanged: []\n`);
}

export interface ReleasePlan {
  lastVersion: string;
  lastSpec: Spec;
  changes: SpecChange[];
  needed: Bump;
  declaration: NextRelease;
}

/** The changes from the last release to `spec`, leaving out the version, which only a release moves. */
export function planRelease(spec: Spec): ReleasePlan {
  const lastSpec = readBaseline();
  const changes = compareSpecs(lastSpec, spec).filter((change) => change.pointer !== '/info/version');
  return {
    lastVersion: versionOf(lastSpec),
    lastSpec,
    changes,
    needed: neededBump(changes),
    declaration: readDeclaration(),
  };
}

/** Why `spec` cannot be released as it is, or [] when it can: a break that release/next.yaml does not declare. */
export function gateProblems(plan: ReleasePlan): string[] {
  const breaking = plan.changes.filter((change) => change.level === 'breaking');
  if (breaking.length === 0 || plan.declaration.breaking) return [];
  return [
    `The working spec breaks the last release (${plan.lastVersion}) in ${breaking.length} place(s), and no major ` +
      'release is declared. Undo the change, or declare the break in release/next.yaml (`breaking: <what breaks and ' +
      'why>`) so that the next release is a major one:',
    ...breaking.map((change) => `  ${change.operation}: ${change.what}`),
  ];
}

const bumps: Bump[] = ['patch', 'minor', 'major'];

/** The version a `major|minor|patch|x.y.z` argument names after `last`, and the bump it is. */
export function nextVersion(last: string, requested: string): { version: string; bump: Bump } {
  if ((bumps as string[]).includes(requested)) {
    return { version: semver.inc(last, requested as Bump)!, bump: requested as Bump };
  }
  const version = semver.valid(requested);
  if (!version) throw new Error(`"${requested}" is neither major, minor, patch nor a version such as 1.2.3.`);
  if (!semver.gt(version, last)) throw new Error(`${version} is not after the last release, ${last}.`);
  const difference = semver.diff(last, version);
  const bump: Bump =
    difference === 'major' || difference === 'premajor'
      ? 'major'
      : difference === 'minor' || difference === 'preminor'
        ? 'minor'
        : 'patch';
  return { version, bump };
}

/** Whether a release of `bump` may carry changes that need `needed`. */
export const allows = (bump: Bump, needed: Bump) => bumps.indexOf(bump) >= bumps.indexOf(needed);
