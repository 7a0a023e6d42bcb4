// The two files of generated/ the emulator is built on, besides the spec's types (generated/openapi.ts):
// - generated/emulator-operations.ts: the spec's error codes, and per operationId the codes the operation may answer
//   and the key it needs, so that a handler can only answer what its operation declares;
// - generated/recorded-scenarios.ts: one import per scenario folder of recordings/scenarios/, which the msw handlers
//   replay (`useScenario`), so that adding a scenario is adding its folder.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listScenarioNames, scenariosFolder } from '../src/recording/scenario-folders.js';
import { managementSchemes } from './management-schemes.js';

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface SpecOperation {
  operationId?: string;
  security?: Record<string, string[]>[];
  'x-passwordless-error-codes'?: string[];
}

/** The values a schema admits as `enum` or `const`, through `$ref`, `anyOf`, `oneOf` and `allOf`. */
function listedValues(spec: Record<string, unknown>, schema: unknown, depth = 0): string[] {
  if (!schema || typeof schema !== 'object' || depth > 16) return [];
  const node = schema as Record<string, unknown>;
  if (typeof node.$ref === 'string') {
    const target = node.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (parent, segment) =>
          (parent as Record<string, unknown> | undefined)?.[segment.replaceAll('~1', '/').replaceAll('~0', '~')],
        spec,
      );
    return listedValues(spec, target, depth + 1);
  }
  const own = [...(Array.isArray(node.enum) ? node.enum : []), ...('const' in node ? [node.const] : [])];
  const nested = (['anyOf', 'oneOf', 'allOf'] as const).flatMap((keyword) =>
    Array.isArray(node[keyword])
      ? (node[keyword] as unknown[]).flatMap((branch) => listedValues(spec, branch, depth + 1))
      : [],
  );
  return [...own.filter((value): value is string => typeof value === 'string'), ...nested];
}

const union = (values: readonly string[]): string =>
  values.length === 0 ? 'never' : values.map((value) => JSON.stringify(value)).join(' | ');

/** generated/emulator-operations.ts, from the bundled spec. */
export function emulatorOperationTypes(spec: Record<string, unknown>, notice: string): string {
  const schemas = (spec.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  const errorCodes = [...new Set(listedValues(spec, schemas.ErrorCode))];
  if (errorCodes.length === 0) throw new Error('components.schemas.ErrorCode lists no error code (enum or const).');
  const rootSecurity = (spec.security ?? []) as Record<string, string[]>[];
  const codeLines: string[] = [];
  const keyLines: string[] = [];
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Record<string, Record<string, SpecOperation>>)) {
    for (const method of httpMethods.filter((candidate) => item[candidate])) {
      const operation = item[method] as SpecOperation;
      const where = `${method.toUpperCase()} ${path}`;
      const id = operation.operationId;
      // The emulator finds an operation's handler by its operationId.
      if (!id || !/^[A-Za-z_]\w*$/.test(id))
        throw new Error(`${where}: the emulator needs an operationId that is a name`);
      const codes = operation['x-passwordless-error-codes'] ?? [];
      const unknown = codes.filter((code) => !errorCodes.includes(code));
      if (unknown.length > 0) throw new Error(`${where}: ${unknown.join(', ')} not in components.schemas.ErrorCode`);
      codeLines.push(`  ${id}: ${union(codes)};`);
      const requirements = operation.security ?? rootSecurity;
      const schemes = requirements.flatMap((requirement) => Object.keys(requirement));
      const anonymous = requirements.length === 0 || requirements.some((r) => Object.keys(r).length === 0);
      const key = anonymous ? 'anonymous' : schemes.every((s) => managementSchemes.has(s)) ? 'management' : 'app';
      if (!anonymous && key === 'app' && schemes.some((s) => managementSchemes.has(s)))
        throw new Error(`${where}: mixes management and app security schemes`);
      keyLines.push(`  ${id}: ${JSON.stringify(key)};`);
    }
  }
  return [
    `// ${notice}`,
    "// What the emulator's handlers are typed with besides generated/openapi.ts (src/emulator/answers/).",
    '',
    '/** Every `errorCode` of the spec (`components.schemas.ErrorCode`). */',
    `export type ErrorCode = ${union(errorCodes)};`,
    '',
    '/** The `errorCode`s each operation may answer (its `x-passwordless-error-codes`), by operationId. */',
    'export interface ErrorCodesByOperationId {',
    ...codeLines,
    '}',
    '',
    '/** The key each operation needs, by operationId: an app key (ApiSecret or ApiKey), the ManagementKey, or none. */',
    'export interface KeyByOperationId {',
    ...keyLines,
    '}',
    '',
  ].join('\n');
}

const identifier = (name: string): string => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

/** generated/recorded-scenarios.ts, from the folders of recordings/scenarios/ that hold a scenario and its recording. */
export function recordedScenariosModule(): string {
  const names = listScenarioNames().filter((name) => existsSync(join(scenariosFolder, name, 'recording.json')));
  for (const name of names) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error(`recordings/scenarios/${name}: use kebab-case`);
  }
  return [
    '// GENERATED by `npm run generate` from the folders of recordings/scenarios/. Do not edit: add a scenario folder',
    '// (scenario.ts and its recording.json) and regenerate. The msw handlers replay these (`useScenario`); imported, not',
    '// read from disk, so that they ship inside the bundle.',
    ...names.map(
      (name) =>
        `import ${identifier(name)} from '../recordings/scenarios/${name}/recording.json' with { type: 'json' };`,
    ),
    '',
    '/** The name of a recorded scenario: its folder under recordings/scenarios/. */',
    `export type ScenarioName = ${union(names)};`,
    '',
    "/** Each scenario's recording (the real server in Development), as its file holds it. */",
    'export const scenarioRecordings: Record<ScenarioName, unknown> = {',
    ...names.map((name) => `  ${JSON.stringify(name)}: ${identifier(name)},`),
    '};',
    '',
  ].join('\n');
}
