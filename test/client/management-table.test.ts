// The ManagementKey operations live in their own generated table, which the client never imports: an app that only
// creates register tokens must not carry them in its bundle.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { managementOperationTable, managementSecuritySchemeHeaders } from '../../generated/management-operations.js';
import { operationTable, securitySchemeHeaders } from '../../generated/operations.js';
import { listOperations, loadBundledSpec } from '../helpers/bundled-spec.js';

const operations = listOperations(loadBundledSpec());
const isManagement = (operation: (typeof operations)[number]['operation']) =>
  (operation.security ?? []).some((requirement) => 'ManagementKey' in requirement);
const linesOf = (table: string) => table.split('\n').filter(Boolean).map((line) => line.split(' ').slice(0, 2).join(' '));

test('the client table holds every other operation, the management table every ManagementKey one', () => {
  const expected = (management: boolean) =>
    operations.filter(({ operation }) => isManagement(operation) === management).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
  expect(linesOf(operationTable)).toEqual(expected(false));
  expect(linesOf(managementOperationTable)).toEqual(expected(true));
  expect(linesOf(managementOperationTable)).toHaveLength(20);
  expect(Object.keys(securitySchemeHeaders)).toEqual(['ApiSecret', 'ApiKey']);
  expect(managementSecuritySchemeHeaders).toEqual({ ManagementKey: 'ManagementKey' });
});

test('no source file of the package imports the management table', () => {
  const sources = readdirSync(new URL('../../src/', import.meta.url), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
  expect(sources.length).toBeGreaterThan(0);
  for (const name of sources) {
    expect(readFileSync(new URL(`../../src/${name}`, import.meta.url), 'utf8'), name).not.toContain('management-operations');
  }
});
