// `npm run spec:diff` on mutations of the real spec: each mutation below is one kind of change, with the operation it
// must be reported on and whether a client generated from the unmutated spec may break. The mutations of one group
// touch the spec together (one diff per group keeps this file fast); each names its own operation and what it changed,
// so each is checked on its own line. Then the command itself: its lines, --json, its exit codes, a git ref.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compareSpecs, neededBump, type SpecChange } from '../../scripts/spec-changes.js';
import { readSpec } from '../../scripts/spec-source.js';
import { loadBundledSpec } from '../helpers/bundled-spec.js';
import { bin, root, run } from '../helpers/package-install.js';

type Spec = Record<string, any>;

interface Mutation {
  name: string;
  mutate: (spec: Spec) => void;
  /** The operation the change must be reported on, its level, and a pattern its description matches. */
  expected: { operation: string; level: SpecChange['level']; what: RegExp };
}

const schemas = (spec: Spec) => spec.components.schemas;

const breakingMutations: Mutation[] = [
  {
    name: 'an operation removed',
    mutate: (spec) => delete spec.paths['/alias/list'].get,
    expected: { operation: 'GET /alias/list', level: 'breaking', what: /Removed.*operation/ },
  },
  {
    name: 'a path removed',
    mutate: (spec) => delete spec.paths['/users/count'],
    expected: { operation: 'GET /users/count', level: 'breaking', what: /Removed.*operation/ },
  },
  {
    name: 'a response member removed',
    mutate: (spec) => {
      const user = schemas(spec).VerifiedUser;
      delete user.properties.nickname;
      user.required = user.required.filter((name: string) => name !== 'nickname');
    },
    expected: { operation: 'POST /signin/verify', level: 'breaking', what: /Removed.*`nickname`.*Response 200/ },
  },
  {
    name: "a response member's type changed (integer to string)",
    mutate: (spec) => {
      schemas(spec).UserSummary.properties.aliasCount.type = 'string';
    },
    expected: { operation: 'GET /users/list', level: 'breaking', what: /aliasCount.*Response 200/ },
  },
  {
    name: 'a request member newly required',
    mutate: (spec) => schemas(spec).RegisterTokenRequest.required.push('displayName'),
    expected: { operation: 'POST /register/token', level: 'breaking', what: /required.*`displayName`.*Request Body/ },
  },
  {
    name: "a request member's type changed (boolean to string)",
    mutate: (spec) => {
      schemas(spec).SetAliasesRequest.properties.hashing.type = 'string';
    },
    expected: { operation: 'POST /alias', level: 'breaking', what: /`hashing`.*Request Body/ },
  },
  {
    name: 'a parameter newly required',
    mutate: (spec) => {
      spec.components.parameters.NumberOfResults.required = true;
    },
    expected: { operation: 'GET /events', level: 'breaking', what: /required.*`numberOfResults`/ },
  },
  {
    name: "a parameter's type changed (string to integer)",
    mutate: (spec) => {
      schemas(spec).DateOnly.type = 'integer';
    },
    expected: { operation: 'GET /reporting/active-users/periodic', level: 'breaking', what: /query parameter `from`/ },
  },
  {
    name: 'a request enum narrowed',
    mutate: (spec) => {
      schemas(spec).PublicKeyCredentialHint.enum = ['security-key', 'client-device'];
    },
    expected: { operation: 'POST /register/token', level: 'breaking', what: /values of `hints\[\]`.*Request Body/ },
  },
  {
    name: 'a new required header on an operation without parameters',
    mutate: (spec) => {
      spec.paths['/users/delete'].post.parameters = [
        { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } },
      ];
    },
    expected: { operation: 'POST /users/delete', level: 'breaking', what: /parameters/ },
  },
  {
    name: 'a new required query parameter',
    mutate: (spec) =>
      spec.paths['/credentials/list'].get.parameters.push({
        name: 'kind',
        in: 'query',
        required: true,
        schema: { type: 'string' },
      }),
    expected: { operation: 'GET /credentials/list', level: 'breaking', what: /required query parameter `kind`/ },
  },
  {
    name: 'a response status removed',
    mutate: (spec) => delete spec.paths['/signin/generate-token'].post.responses['403'],
    expected: { operation: 'POST /signin/generate-token', level: 'breaking', what: /Removed.*Response 403/ },
  },
];

const compatibleMutations: Mutation[] = [
  {
    name: 'a new operation',
    mutate: (spec) => {
      spec.paths['/users/export'] = {
        get: {
          operationId: 'exportUsers',
          summary: 'Export users',
          responses: { '200': { description: 'The users.' } },
        },
      };
    },
    expected: { operation: 'GET /users/export', level: 'compatible', what: /Added.*operation/ },
  },
  {
    name: 'a new optional request member',
    mutate: (spec) => {
      schemas(spec).SigninBeginRequest.properties.locale = { type: 'string' };
    },
    expected: { operation: 'POST /signin/begin', level: 'compatible', what: /Added.*`locale`.*Request Body/ },
  },
  {
    name: 'a new optional query parameter',
    mutate: (spec) =>
      spec.paths['/credentials/list'].get.parameters.push({ name: 'kind', in: 'query', schema: { type: 'string' } }),
    expected: { operation: 'GET /credentials/list', level: 'compatible', what: /query parameter `kind`/ },
  },
  {
    name: 'a new optional header on an operation without parameters',
    mutate: (spec) => {
      spec.paths['/users/delete'].post.parameters = [{ name: 'X-Trace', in: 'header', schema: { type: 'string' } }];
    },
    expected: { operation: 'POST /users/delete', level: 'compatible', what: /parameters/ },
  },
  {
    name: 'a new response member',
    mutate: (spec) => {
      schemas(spec).UserCount.properties.active = { type: 'integer' };
    },
    expected: { operation: 'GET /users/count', level: 'compatible', what: /Added.*`active`.*Response 200/ },
  },
  {
    name: 'a request enum widened',
    mutate: (spec) => schemas(spec).SecretKeyScope.enum.push(2),
    expected: {
      operation: 'POST /admin/apps/{appId}/secret-keys',
      level: 'compatible',
      what: /values of `scopes\[\]`/,
    },
  },
  {
    name: 'a request member no longer required',
    mutate: (spec) => {
      const request = schemas(spec).SendMagicLinkRequest;
      request.required = request.required.filter((name: string) => name !== 'userId');
    },
    expected: { operation: 'POST /magic-links/send', level: 'compatible', what: /required.*`userId`/ },
  },
  {
    name: 'a nullable response member no longer null',
    mutate: (spec) => {
      schemas(spec).VerifiedUser.properties.rpId.type = 'string';
    },
    expected: { operation: 'POST /signin/verify', level: 'compatible', what: /`rpId`.*Response 200/ },
  },
  {
    name: 'wording',
    mutate: (spec) => {
      spec.paths['/register/token'].post.description += ' Tokens are cheap.';
    },
    expected: { operation: 'POST /register/token', level: 'docs', what: /description/ },
  },
];

const mutated = (mutations: Mutation[]) => {
  const spec = loadBundledSpec() as Spec;
  for (const mutation of mutations) mutation.mutate(spec);
  return spec;
};

const breakingHead = mutated(breakingMutations);
const compatibleHead = mutated(compatibleMutations);
const breakingChanges = compareSpecs(loadBundledSpec(), breakingHead);
const compatibleChanges = compareSpecs(loadBundledSpec(), compatibleHead);

describe('spec:diff classifies each mutation of the real spec', () => {
  it('has at least 15 mutations, breaking and compatible', () => {
    expect(breakingMutations.length + compatibleMutations.length).toBeGreaterThanOrEqual(15);
  });

  it.each([
    ...breakingMutations.map((mutation) => ({ ...mutation, changes: breakingChanges })),
    ...compatibleMutations.map((mutation) => ({ ...mutation, changes: compatibleChanges })),
  ])('$name: $expected.level on $expected.operation', ({ expected, changes }) => {
    const onOperation = changes.filter((change) => change.operation === expected.operation);
    const matching = onOperation.filter((change) => expected.what.test(change.what));
    expect(matching.length, JSON.stringify(onOperation, null, 2)).toBeGreaterThan(0);
    expect(matching.map((change) => change.level)).toEqual(matching.map(() => expected.level));
  });

  it('finds nothing breaking in the compatible group, and asks for the release each group needs', () => {
    expect(compatibleChanges.filter((change) => change.level === 'breaking')).toEqual([]);
    expect(neededBump(compatibleChanges)).toBe('minor');
    expect(neededBump(breakingChanges)).toBe('major');
    const wordingOnly = mutated(compatibleMutations.filter((mutation) => mutation.expected.level === 'docs'));
    expect(neededBump(compareSpecs(loadBundledSpec(), wordingOnly))).toBe('patch');
    expect(compareSpecs(loadBundledSpec(), loadBundledSpec())).toEqual([]);
  });
});

describe('npm run spec:diff', () => {
  const folder = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const specDiff = (...args: string[]) => run(bin('tsx'), ['scripts/spec-diff.ts', ...args], root);

  it('prints one line per change and exits 1 on a breaking one (YAML head); 2 on a spec it cannot read', async () => {
    const head = join(folder, 'head.yaml');
    writeFileSync(head, stringify(breakingHead));
    const notSpec = join(folder, 'not-a-spec.json');
    writeFileSync(notSpec, '{"hello": "world"}');
    const [breaking, unreadable, missing] = await Promise.all([
      specDiff('generated/openapi.json', head),
      specDiff('generated/openapi.json', notSpec),
      specDiff('no-such-ref-or-file', 'generated/openapi.json'),
    ]);
    expect(breaking.code, breaking.output).toBe(1);
    expect(breaking.stdout).toMatch(/^breaking\s+GET \/alias\/list\s+\[Removed\] operation GET \/alias\/list$/m);
    expect(breaking.stdout).toMatch(/breaking, \d+ compatible, \d+ docs\. A client generated from the base may break/);
    expect(unreadable.code).toBe(2);
    expect(unreadable.output).toContain('is not an OpenAPI 3 document');
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('no-such-ref-or-file is neither a file nor a git ref');
  });

  it('with no arguments compares the working spec with the last release, and --json reports the same', async () => {
    const ran = await specDiff('--json');
    const report = JSON.parse(ran.stdout) as { base: { source: string }; head: { source: string }; breaking: number };
    expect(report.base.source).toBe('the last release');
    expect(report.head.source).toBe('the working spec');
    expect(ran.code).toBe(report.breaking ? 1 : 0);
  });

  it('reads a git ref as the bundled spec of that commit', () => {
    expect(readSpec('HEAD')).toEqual(readSpec('HEAD:generated/openapi.json'));
    expect((readSpec('HEAD').info as { title: string }).title).toBe('Passwordless.dev API');
  });
});
