// The ManagementKey operations live in their own generated table, which only the management client imports: an app that
// only creates register tokens must not carry them in its bundle, nor the management client the app operations.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { managementOperationTable, managementSecuritySchemeHeaders } from '../../generated/management-operations.js';
import { operationTable, securitySchemeHeaders } from '../../generated/operations.js';
import { listOperations, loadBundledSpec } from '../helpers/bundled-spec.js';

const operations = listOperations(loadBundledSpec());
const isManagement = (operation: (typeof operations)[number]['operation']) =>
  (operation.security ?? []).some((requirement) => 'ManagementKey' in requirement);
const linesOf = (table: string) =>
  table
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ').slice(0, 2).join(' '));

test('the client table holds every other operation, the management table every ManagementKey one', () => {
  const expected = (management: boolean) =>
    operations
      .filter(({ operation }) => isManagement(operation) === management)
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
  expect(linesOf(operationTable)).toEqual(expected(false));
  expect(linesOf(managementOperationTable)).toEqual(expected(true));
  expect(linesOf(managementOperationTable)).toHaveLength(20);
  expect(Object.keys(securitySchemeHeaders)).toEqual(['ApiSecret', 'ApiKey']);
  expect(managementSecuritySchemeHeaders).toEqual({ ManagementKey: 'ManagementKey' });
});

test("only the management client's files import the management table", () => {
  const sources = readdirSync(new URL('../../src/', import.meta.url), { recursive: true, encoding: 'utf8' }).filter(
    (name) => name.endsWith('.ts'),
  );
  const importers = sources.filter((name) =>
    readFileSync(new URL(`../../src/${name}`, import.meta.url), 'utf8').includes('generated/management-operations'),
  );
  expect(importers.sort()).toEqual(['management/create-management-client.ts', 'management/management-paths.ts']);
});

const root = fileURLToPath(new URL('../../', import.meta.url));

/** An app's minified bundle, as a user's build makes it through the entry `entry` (a file of src/). */
async function bundle(entry: string, source: string, platform: 'node' | 'browser'): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform,
    alias: { entry: `./src/${entry}` },
    external: ['openapi-fetch'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const registerTokenApp = `
  import { createPasswordlessClient } from 'entry';
  const client = createPasswordlessClient({ apiSecret: globalThis.SECRET });
  console.log(await client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } }));
`;
const createAppApp = `
  import { createPasswordlessManagementClient } from 'entry';
  const admin = createPasswordlessManagementClient({ managementKey: globalThis.KEY, baseUrl: 'https://passwordless.example.com/api' });
  console.log(await admin.POST('/admin/apps/{appId}/create', { params: { path: { appId: 'myapp' } }, body: { adminEmail: 'a@example.com' } }));
`;

describe.each([
  ['browser', 'index.ts', 'management.ts'],
  ['node', 'node/index.ts', 'node/management.ts'],
] as const)('bundles for %s', (platform, appEntry, managementEntry) => {
  test('an app that creates register tokens carries no management operation and no management key check', async () => {
    const code = await bundle(appEntry, registerTokenApp, platform);
    expect(code).toContain('createRegisterToken');
    for (const text of [
      '/admin/apps',
      'list-pending-deletion',
      'listMetadataEntries',
      'managementKey',
      'ManagementKey:',
    ])
      expect(code).not.toContain(text);
  });

  test('an app that creates apps carries the management table and not the app operations', async () => {
    const code = await bundle(managementEntry, createAppApp, platform);
    expect(code).toContain('createApp');
    for (const text of ['/register/token', 'createRegisterToken', 'beginRegistration'])
      expect(code).not.toContain(text);
  });
});
