// Every request sample the docs publish (x-codeSamples in generated/openapi.json) works: each curl command runs against
// a real mock, and each typed-client sample type-checks against src/index.ts (or src/management.ts) with the project's
// tsc and runs. A sample
// gets its operation's documented success, unless sample-outcomes.ts lists why it cannot and what it gets instead.
// The mock is this file's own, so the state the samples build (users, aliases, configurations) is theirs alone.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CodeSample, keyVariable, sampleBaseUrl, sampleKeys } from '../../scripts/code-samples.js';
import { type RunningMock, startMock } from '../../src/mock/index.js';
import { listOperations, loadBundledSpec, type OpenApiOperation } from '../helpers/bundled-spec.js';
import { validateResponse } from '../helpers/spec-validator.js';
import { type Answer, expectedAnswers, listedOperationIds } from './sample-outcomes.js';
import { preparedOperationIds, type Substitutions, samplePreparer } from './sample-preparations.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const spec = loadBundledSpec();
const operations = listOperations(spec).map((entry) => {
  const samples = (entry.operation['x-codeSamples'] as CodeSample[] | undefined) ?? [];
  const name = `${entry.method.toUpperCase()} ${entry.path}`;
  return {
    ...entry,
    name,
    curl: samples.find((s) => s.label === 'curl'),
    client: samples.find((s) => s.label === 'TypeScript'),
  };
});
const schemes = Object.keys((spec.components as { securitySchemes?: Record<string, unknown> }).securitySchemes ?? {});

let mock: RunningMock;
let folder: string;
let prepare: ReturnType<typeof samplePreparer>;
let typecheck: { code: number; output: string };
const savedEnvironment = new Map(schemes.map((scheme) => [keyVariable(scheme), process.env[keyVariable(scheme)]]));

/** The sample as it runs here: the mock's real URL, and the prepared values in place of the example ones. */
function adapt(source: string, substitutions: Substitutions): string {
  let adapted = source.replaceAll(sampleBaseUrl, mock.url);
  for (const [example, prepared] of substitutions) {
    expect(adapted, `the sample should contain the example value ${example}`).toContain(example);
    adapted = adapted.replaceAll(example, prepared);
  }
  return adapted;
}

/** The client sample as a module of the project: the package's entries point at src/index.ts and src/management.ts. */
const asProjectModule = (source: string) =>
  source
    .replaceAll("'passwordless-contract'", `'${root}src/index.js'`)
    .replaceAll("'passwordless-contract/management'", `'${root}src/management.js'`);

function expectOneOf(operation: OpenApiOperation, got: Answer, answers: Answer[], why: string | undefined) {
  const matches = answers.some(
    (answer) =>
      answer.status === got.status && (answer.errorCode === undefined || answer.errorCode === (got.errorCode ?? null)),
  );
  expect(
    matches,
    `${operation.operationId} answered ${JSON.stringify(got)}; expected one of ${JSON.stringify(answers)}${why ? ` (${why})` : ''}`,
  ).toBe(true);
}

beforeAll(async () => {
  // The samples read their keys from the environment, as the docs tell readers to: the seed app's, and a management key
  // made up for this run, which the mock is started with (as `PASSWORDLESS_MANAGEMENT_KEY=… npm start` does).
  for (const scheme of schemes)
    process.env[keyVariable(scheme)] = sampleKeys[scheme] ?? `sample-test-${scheme}-${randomUUID()}`;
  const managementKey = process.env.PASSWORDLESS_MANAGEMENT_KEY!;
  mock = await startMock({ port: 0, managementKey });
  prepare = samplePreparer(spec, mock.url, managementKey);
  folder = mkdtempSync(join(tmpdir(), 'passwordless-samples-'));
  // curl reads $CURL_HOME/.curlrc before the command line: the status goes to stderr, the body stays on stdout, and the
  // published command runs unchanged.
  writeFileSync(join(folder, '.curlrc'), 'silent\nshow-error\nwrite-out = "%{stderr}%{http_code} %{content_type}"\n');
  // All client samples are type-checked in one tsc run, with the project's compiler options.
  const checked = join(folder, 'typecheck');
  mkdirSync(checked);
  writeFileSync(join(checked, 'package.json'), JSON.stringify({ type: 'module' }));
  const files = operations.filter((o) => o.client).map((o) => `${o.operation.operationId}.ts`);
  for (const { operation, client } of operations)
    if (client) writeFileSync(join(checked, `${operation.operationId}.ts`), asProjectModule(client.source));
  writeFileSync(
    join(checked, 'tsconfig.json'),
    JSON.stringify({
      extends: `${root}tsconfig.json`,
      compilerOptions: { typeRoots: [`${root}node_modules/@types`] },
      include: [],
      files,
    }),
  );
  try {
    const { stdout, stderr } = await exec(`${root}node_modules/.bin/tsc`, ['-p', checked], { cwd: checked });
    typecheck = { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    typecheck = { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}, 120_000);

afterAll(async () => {
  for (const [variable, value] of savedEnvironment) {
    if (value === undefined) delete process.env[variable];
    else process.env[variable] = value;
  }
  await mock?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

it('publishes a curl and a TypeScript sample for every operation', () => {
  // Exactly the operations of the bundled spec, each with both samples: counted from the spec, not from a literal.
  const inSpec = listOperations(loadBundledSpec()).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
  expect(operations.filter(({ curl, client }) => curl && client).map(({ name }) => name)).toEqual(inSpec);
  for (const { name, curl, client } of operations) {
    expect(curl?.lang, `${name}: curl sample`).toBe('Shell');
    expect(client?.lang, `${name}: TypeScript sample`).toBe('TypeScript');
  }
  const operationIds = operations.map(({ operation }) => operation.operationId);
  for (const listed of [...listedOperationIds, ...preparedOperationIds])
    expect(operationIds, `${listed} is no operation of the spec`).toContain(listed);
});

it('type-checks every TypeScript sample against src/index.ts and src/management.ts', () => {
  expect(typecheck.output).toBe('');
  expect(typecheck.code).toBe(0);
});

describe.each(operations)('$name', ({ name, method, path, operation, curl, client }) => {
  const { answers, why } = expectedAnswers(operation);

  it('curl sample', async () => {
    const command = adapt(curl!.source, await prepare(operation.operationId));
    const { stdout, stderr } = await exec('bash', ['-c', command], {
      env: { ...process.env, CURL_HOME: folder },
      timeout: 20_000,
    });
    const [status, contentType] = stderr.trim().split(' ');
    const body = stdout === '' ? undefined : /json/.test(contentType ?? '') ? JSON.parse(stdout) : stdout;
    expectOneOf(
      operation,
      { status: Number(status), errorCode: (body as { errorCode?: string } | undefined)?.errorCode },
      answers,
      why,
    );
    const validation = validateResponse(method, path, Number(status), body, contentType || undefined);
    expect(validation.errors, validation.schemaPointer).toEqual([]);
  });

  it('TypeScript sample', async () => {
    const source = adapt(asProjectModule(client!.source), await prepare(operation.operationId));
    const file = join(folder, `${operation.operationId}-${Date.now()}.ts`);
    writeFileSync(file, source);
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    let got: Answer;
    try {
      await import(pathToFileURL(file).href);
      const success = Object.keys(operation.responses).find((status) => status.startsWith('2'));
      if (!success) throw new Error(`${name}: the sample succeeded, but the operation documents no success`);
      got = { status: Number(success) };
      // What the sample printed is the success body, as the spec describes it.
      if (logged.mock.calls.length > 0) {
        const media = Object.keys((operation.responses[success] as { content?: object }).content ?? {})[0];
        const validation = validateResponse(method, path, Number(success), logged.mock.calls[0]![0], media);
        expect(validation.errors, validation.schemaPointer).toEqual([]);
      }
    } catch (thrown) {
      // The sample throws an Error whose cause is the client's `error`: the problem, or the body that was not one.
      const cause = (thrown as Error).cause as { status?: number; errorCode?: string | null } | undefined;
      if (typeof cause?.status !== 'number') throw thrown;
      got = { status: cause.status, errorCode: cause.errorCode };
    }
    expectOneOf(operation, got, answers, why);
  });
});
