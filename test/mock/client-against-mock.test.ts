// The typed client against the real mock process, for every operation of the spec: a valid request gets the success
// example, and `Prefer: example=<name>` gets every other named example, each answer checked against the spec.
import { describe, expect, inject, it } from 'vitest';
import { createPasswordlessClient } from '../../src/index.js';
import { validateResponse } from '../helpers/spec-validator.js';
import { keys, operationCases, type OperationCase } from './spec-examples.js';

const baseUrl = inject('mockUrl');
const cases = operationCases();

interface Exchange {
  status: number;
  contentType: string | null;
  wwwAuthenticate: string | null;
  /** The body as sent by the mock, parsed when it is JSON. */
  body: unknown;
  /** What the typed client handed back. */
  result: { data?: unknown; error?: unknown };
}

/** Calls an operation through the typed client, keeping a copy of the raw answer for validation against the spec. */
async function call(operationCase: OperationCase, expectedStatus: number, prefer?: string): Promise<Exchange> {
  let raw: Response | undefined;
  const { managementKey, ...appKeys } = keys;
  const client = createPasswordlessClient({
    ...appKeys,
    baseUrl,
    retry: { retries: 0 },
    fetch: async (request) => {
      const response = await fetch(request);
      raw = response.clone();
      return response;
    },
  });
  // openapi-fetch parses JSON unless told otherwise; `text/plain` answers (health checks) are read as text.
  const mediaType = operationCase.mediaTypes.get(expectedStatus) ?? '';
  const request = client.request as unknown as (
    method: string,
    path: string,
    init: Record<string, unknown>,
  ) => Promise<{ data?: unknown; error?: unknown }>;
  // This client has no option for the ManagementKey (a management client will): its operations get the header here.
  const managementHeader = operationCase.scheme === 'ManagementKey' ? { ManagementKey: managementKey } : {};
  const result = await request(operationCase.method.toUpperCase(), operationCase.path, {
    params: { query: operationCase.query, path: operationCase.pathParams },
    ...(operationCase.body === undefined ? {} : { body: operationCase.body }),
    headers: { ...managementHeader, ...(prefer ? { Prefer: prefer } : {}) },
    ...(mediaType.startsWith('text/') ? { parseAs: 'text' } : {}),
  });
  const text = await raw!.text();
  const contentType = raw!.headers.get('content-type');
  return {
    status: raw!.status,
    contentType,
    wwwAuthenticate: raw!.headers.get('www-authenticate'),
    body: text === '' ? undefined : /json/.test(contentType ?? '') ? JSON.parse(text) : text,
    result,
  };
}

/**
 * Members the mock builds for each request, so that a real browser ceremony works against it (a fresh challenge, a
 * token that carries the ceremony, the passkeys it knows): each with what it must be instead of the example's value.
 * Everything else of these answers is still the success example.
 */
const builtPerRequest: Record<string, Record<string, (value: unknown, example: unknown) => void>> = {
  'POST /register/token': { token: (value, example) => expectFresh(value, example, /^register_[A-Za-z0-9_-]+$/) },
  'POST /register/begin': {
    'data.challenge': (value, example) => expectFresh(value, example, /^[A-Za-z0-9_-]{22}$/),
    session: (value, example) => expectFresh(value, example, /^session_[A-Za-z0-9_-]+$/),
  },
  'POST /signin/begin': {
    'data.challenge': (value, example) => expectFresh(value, example, /^[A-Za-z0-9_-]{22}$/),
    // The example's alias has no passkey registered with this mock: the server lists none for an unknown alias.
    'data.allowCredentials': (value) => expect(value).toEqual([]),
    session: (value, example) => expectFresh(value, example, /^session_[A-Za-z0-9_-]+$/),
  },
};

function expectFresh(value: unknown, example: unknown, pattern: RegExp) {
  expect(value).toMatch(pattern);
  expect(value).not.toBe(example);
}

/** The body without the members in `paths` (dotted), and the values taken out. */
function withoutMembers(body: unknown, paths: string[]): { rest: unknown; taken: Map<string, unknown> } {
  const rest = structuredClone(body) as Record<string, unknown>;
  const taken = new Map<string, unknown>();
  for (const path of paths) {
    const segments = path.split('.');
    const parent = segments.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, rest);
    taken.set(path, parent[segments.at(-1)!]);
    delete parent[segments.at(-1)!];
  }
  return { rest, taken };
}

/** The answer is the example, apart from the members built for this request, which are checked on their own. */
function expectSuccessExample(operationName: string, body: unknown, example: unknown) {
  const perRequest = builtPerRequest[operationName] ?? {};
  const paths = Object.keys(perRequest);
  const answer = withoutMembers(body, paths);
  const expected = withoutMembers(example, paths);
  expect(answer.rest).toEqual(expected.rest);
  for (const path of paths) perRequest[path]!(answer.taken.get(path), expected.taken.get(path));
}

function expectValidAgainstSpec(operationCase: OperationCase, exchange: Exchange) {
  const validation = validateResponse(
    operationCase.method,
    operationCase.path,
    exchange.status,
    exchange.body,
    exchange.contentType ?? undefined,
  );
  expect(validation.errors, validation.schemaPointer).toEqual([]);
  expect(validation.valid).toBe(true);
}

describe('the typed client against the mock', () => {
  it('covers every operation of the spec', () => {
    expect(cases.length).toBeGreaterThanOrEqual(34);
  });

  describe.each(cases.map((c) => [`${c.method.toUpperCase()} ${c.path}`, c] as const))('%s', (operationName, operationCase) => {
    it('answers a valid request with the success example', async () => {
      const exchange = await call(operationCase, operationCase.defaultStatus);
      expect(exchange.status).toBe(operationCase.defaultStatus);
      const examples = operationCase.examples.filter((e) => e.status === operationCase.defaultStatus);
      if (examples.length > 0) expectSuccessExample(operationName, exchange.body, examples[0]!.value);
      else expect(exchange.body).toBeUndefined();
      if (exchange.status < 300 && examples.length > 0) expect(exchange.result.data).toEqual(exchange.body);
      expectValidAgainstSpec(operationCase, exchange);
    });

    it('generates a body that matches the spec with Prefer: dynamic=true', async () => {
      const exchange = await call(operationCase, operationCase.defaultStatus, 'dynamic=true, seed=passwordless');
      expect(exchange.status).toBe(operationCase.defaultStatus);
      expectValidAgainstSpec(operationCase, exchange);
    });

    it.each(operationCase.examples.map((e) => [`${e.status} ${e.key}`, e] as const))(
      'answers Prefer: example=%s with that example',
      async (_, example) => {
        const prefer = example.ambiguous ? `code=${example.status}, example=${example.key}` : `example=${example.key}`;
        const exchange = await call(operationCase, example.status, prefer);
        expect(exchange.status).toBe(example.status);
        expect(exchange.body).toEqual(example.value);
        expect(exchange.contentType?.split(';')[0]).toBe(example.mediaType);
        if (example.status === 401) expect(exchange.wwwAuthenticate).toBe(operationCase.scheme);
        if (example.status >= 400) expect((exchange.result.error as { status?: number }).status).toBe(example.status);
        expectValidAgainstSpec(operationCase, exchange);
      },
    );
  });
});
