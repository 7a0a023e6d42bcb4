// The contract over time: the published spec may break the last release only when a major release is declared
// (release/next.yaml), and the packages and the spec carry one version, that of the last release until the next one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changelogSection, withSection } from '../../scripts/changelog.js';
import { allows, gateProblems, nextVersion, planRelease, readDeclaration } from '../../scripts/release-plan.js';
import { compareSpecs, neededBump } from '../../scripts/spec-changes.js';
import { readBaseline, versionOf } from '../../scripts/spec-source.js';
import { loadBundledSpec } from '../helpers/bundled-spec.js';

const manifest = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../packages/${name}/package.json`, import.meta.url), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };

describe('the breaking-change gate', () => {
  const plan = planRelease(loadBundledSpec());

  it('passes: the working spec breaks nothing of the last release, or release/next.yaml declares the break', () => {
    expect(gateProblems(plan).join('\n')).toBe('');
  });

  it('fails on a breaking change that is not declared, and passes once it is', () => {
    const broken = loadBundledSpec();
    delete broken.paths['/alias/list']!.get;
    const brokenPlan = planRelease(broken);
    const undeclared = gateProblems({ ...brokenPlan, declaration: { breaking: null, fixed: [], changed: [] } });
    expect(undeclared[0]).toMatch(/breaks the last release .* no major release is declared/);
    expect(undeclared).toContain('  GET /alias/list: [Removed] operation GET /alias/list');
    const declared = { breaking: '`GET /alias/list` is gone.', fixed: [], changed: [] };
    expect(gateProblems({ ...brokenPlan, declaration: declared })).toEqual([]);
  });

  it('reads release/next.yaml', () => {
    expect(() => readDeclaration()).not.toThrow();
  });
});

describe('one version for the packages and the spec', () => {
  it("is the spec's info.version, both packages' version and the mock's dependency on the client", () => {
    const version = versionOf(loadBundledSpec());
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest('client').version).toBe(version);
    expect(manifest('mock').version).toBe(version);
    expect(manifest('mock').dependencies['passwordless-contract']).toBe(version);
  });

  it('is the last release until the next one is cut', () => {
    expect(versionOf(readBaseline())).toBe(versionOf(loadBundledSpec()));
  });

  it('the spec says which server it describes (x-passwordless-server)', () => {
    const info = loadBundledSpec().info as { 'x-passwordless-server'?: Record<string, string> };
    expect(info['x-passwordless-server']).toEqual({
      repository: 'https://github.com/bitwarden/passwordless-server',
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      apiVersion: 'v4',
    });
  });
});

describe('npm run release: its choices', () => {
  it('names the next version, refusing one that is not after the last release', () => {
    expect(nextVersion('1.2.3', 'major')).toEqual({ version: '2.0.0', bump: 'major' });
    expect(nextVersion('1.2.3', 'minor')).toEqual({ version: '1.3.0', bump: 'minor' });
    expect(nextVersion('1.2.3', 'patch')).toEqual({ version: '1.2.4', bump: 'patch' });
    expect(nextVersion('0.1.0', '1.0.0')).toEqual({ version: '1.0.0', bump: 'major' });
    expect(() => nextVersion('1.2.3', '1.2.3')).toThrow('is not after the last release');
    expect(() => nextVersion('1.2.3', 'huge')).toThrow('is neither major, minor, patch nor a version');
  });

  it('refuses a bump smaller than the changes need', () => {
    expect(allows('minor', 'major')).toBe(false);
    expect(allows('patch', 'minor')).toBe(false);
    expect(allows('major', 'minor')).toBe(true);
    expect(allows('patch', 'patch')).toBe(true);
    const grown = loadBundledSpec();
    (grown.components.schemas.UserCount as { properties: Record<string, unknown> }).properties.active = {
      type: 'integer',
    };
    expect(neededBump(compareSpecs(loadBundledSpec(), grown))).toBe('minor');
  });

  it('writes a changelog section per category and operation, linked to the docs page, above the last release', () => {
    const head = loadBundledSpec();
    delete head.paths['/alias/list']!.get;
    head.paths['/register/token']!.post!.description = 'Changed words.';
    const changes = compareSpecs(loadBundledSpec(), head);
    const declaration = { breaking: 'GET /alias/list is gone.', fixed: ['An answer fixed.'], changed: [] };
    const section = changelogSection({
      version: '2.0.0',
      previousVersion: '1.0.0',
      date: '2027-01-02',
      changes,
      declaration,
      specs: [head, loadBundledSpec()],
    });
    expect(section).toMatch(/^## 2\.0\.0 \(2027-01-02\)\n/);
    expect(section).toContain('**Breaking:** GET /alias/list is gone.');
    expect(section).toContain(
      '### Breaking\n\n- [`GET /alias/list`](http://127.0.0.1:4010/docs#/aliases/listaliases): operation',
    );
    expect(section).toContain('### Fixed\n\n- An answer fixed.\n- [`POST /register/token`](');
    const changelog = withSection('# Changelog\n\nIntro.\n\n## 1.0.0 (2026-12-07)\n\nOld.\n', section);
    expect(changelog.indexOf('## 2.0.0')).toBeLessThan(changelog.indexOf('## 1.0.0'));
    expect(changelog.startsWith('# Changelog\n\nIntro.\n\n## 2.0.0')).toBe(true);
  });
});
