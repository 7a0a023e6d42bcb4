// The contract over time: the published spec may break the last release only when a major release is declared
// (release/next.yaml), and the packages and the spec carry one version, that of the last release until the next one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gateProblems, planRelease, readDeclaration } from '../../scripts/release-plan.js';
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
