import { describe, expect, it } from 'vitest';
import { listOperations, loadBundledSpec } from '../helpers/bundled-spec.js';
import { declaredResponse } from '../helpers/spec-validator.js';
import { emptyBodyResponses, referenceOperations, textResponses } from './reference-operations.js';

const spec = loadBundledSpec();
const operations = listOperations(spec);
const find = (method: string, path: string) =>
  operations.find((o) => o.method === method && o.path === path)?.operation;

describe('the spec covers every operation of the server', () => {
  it('has exactly the 54 operations of the reference (34 for apps, 20 with the ManagementKey), no more and no fewer', () => {
    const inSpec = operations.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort();
    const inReference = referenceOperations.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort();
    expect(inSpec).toEqual(inReference);
    expect(referenceOperations.filter((o) => o.security === 'ManagementKey')).toHaveLength(20);
  });

  it('gives every operation a unique camelCase operationId', () => {
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z]+$/);
  });

  describe.each(referenceOperations)('$method $path', (reference) => {
    const operation = find(reference.method, reference.path);

    it('requires the key the server requires', () => {
      expect(operation).toBeDefined();
      const schemes = (operation!.security ?? []).flatMap((requirement) => Object.keys(requirement));
      expect(schemes).toEqual(reference.security === 'none' ? [] : [reference.security]);
    });

    it('declares every status the server can return', () => {
      const statuses = Object.keys(operation!.responses).map(Number);
      expect(statuses).toEqual(expect.arrayContaining(reference.statuses));
    });

    it('lists the errorCodes the server raises, each with a named example', () => {
      expect([...(operation!['x-passwordless-error-codes'] ?? [])].sort()).toEqual([...reference.errorCodes].sort());
      const exampleKeys = Object.values(operation!.responses).flatMap((response) =>
        Object.values(response.content ?? {}).flatMap((media) => Object.keys(media.examples ?? {})),
      );
      for (const code of reference.errorCodes) expect(exampleKeys).toContain(code);
      expect(new Set(exampleKeys).size, 'example keys are unique within the operation').toBe(exampleKeys.length);
    });

    it('has a success example', () => {
      const success = Object.entries(operation!.responses).find(([status]) => Number(status) < 300)?.[1];
      for (const media of Object.values(success?.content ?? {}))
        expect(Object.keys(media.examples ?? {})).toContain('default');
    });
  });

  it.each(emptyBodyResponses)('%s %s answers %i with an empty body', (method, path, status) => {
    // Shared responses are `$ref`s, so the declared response is read through them.
    expect(find(method, path)!.responses[status]).toBeDefined();
    expect(declaredResponse(method, path, status)!.content).toBeUndefined();
  });

  it('declares the 415 on every operation that takes a JSON body, as a response that may come without a body', () => {
    const withBody = operations.filter(({ operation }) => operation.requestBody !== undefined);
    expect(withBody.length).toBeGreaterThan(20);
    for (const { method, path, operation } of withBody) {
      expect(operation.responses['415'], `${method} ${path}`).toBeDefined();
      // Almost always empty; a problem only from a Development server that got no Content-Type at all.
      expect(
        (declaredResponse(method, path, 415) as Record<string, unknown>)['x-passwordless-may-be-empty'],
        `${method} ${path}`,
      ).toBe(true);
    }
  });

  it.each(textResponses)('%s %s answers %i with text/plain', (method, path, status) => {
    expect(Object.keys(find(method, path)!.responses[status]!.content ?? {})).toEqual(['text/plain']);
  });

  it('sends every 4xx and 5xx body that has one as application/problem+json', () => {
    for (const { method, path, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || !response.content || (path.startsWith('/health/') && status === '503')) continue;
        expect(Object.keys(response.content), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
    }
  });

  it('lists only errorCodes that the ErrorCode schema knows', () => {
    const known = spec.components.schemas.ErrorCode!.enum as string[];
    for (const { operation } of operations) {
      for (const code of operation['x-passwordless-error-codes'] ?? []) expect(known).toContain(code);
    }
  });

  it('describes every ErrorCode value in the error catalog', () => {
    const schema = spec.components.schemas.ErrorCode!;
    expect(Object.keys(schema['x-passwordless-error-catalog'] as object).sort()).toEqual(
      [...(schema.enum as string[])].sort(),
    );
  });
});
