// A body the server cannot read (invalid JSON, a member of the wrong type) is a 400 problem in Development, titled
// `Failed to read parameter "<C# type> <name>" from the request body as JSON.`, with neither `errors` nor `errorCode`,
// and an empty 400 in Production. Every operation with a body declares both, with the problem as a named example.
import { describe, expect, it } from 'vitest';
import { listOperations, loadBundledSpec } from '../helpers/bundled-spec.js';
import { validateResponse } from '../helpers/spec-validator.js';

const spec = loadBundledSpec();
const withBody = listOperations(spec).filter(({ operation }) => operation.requestBody);
const pathOf = (template: string) => template.replace(/\{\w+\}/g, 'myapp');
const deref = (node: unknown): unknown => {
  const reference = (node as { $ref?: string }).$ref;
  if (!reference) return node;
  return reference
    .slice(2)
    .split('/')
    .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec);
};

describe('operations with a body declare the answers to a body the server cannot read', () => {
  it('are all the operations with a body', () => {
    expect(withBody.length).toBeGreaterThanOrEqual(23);
  });

  it.each(withBody)('$method $path', ({ method, path, operation }) => {
    const parameter = (operation['x-passwordless-csharp-parameters'] as { body?: string } | undefined)?.body;
    expect(parameter, 'x-passwordless-csharp-parameters.body').toMatch(/^\S+ \S+$/);
    const problem = {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: `Failed to read parameter "${parameter}" from the request body as JSON.`,
      status: 400,
      traceId: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
    };
    const development = validateResponse(method, pathOf(path), 400, problem, 'application/problem+json');
    expect(development.errors, development.schemaPointer).toEqual([]);
    expect(validateResponse(method, pathOf(path), 400, '', undefined).valid, 'the empty Production 400').toBe(true);
    const examples = Object.values(operation.responses['400']?.content?.['application/problem+json']?.examples ?? {});
    const titles = examples.map((example) => (deref(example) as { value?: { title?: string } }).value?.title);
    expect(titles, 'a named example of the Development problem').toContain(problem.title);
  });
});
