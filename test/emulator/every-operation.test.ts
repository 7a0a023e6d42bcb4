// The typed client against the emulator (in-process, through its `fetch`), for every operation of the spec: the
// example request gets an answer from the emulator's state, and `Prefer: example=<name>` gets every named example,
// each answer checked against the spec (by the emulator's own check and by the tests' validator).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordlessClient } from '../../src/index.js';
import { listOperations, loadBundledSpec } from '../helpers/bundled-spec.js';
import { validateResponse } from '../helpers/spec-validator.js';
import { keys, type OperationCase, operationCases } from '../mock/spec-examples.js';
import { type Harness, inProcessUrl, startEmulator } from './harness.js';

const cases = operationCases();
let harness: Harness;
beforeAll(async () => {
  harness = await startEmulator({ managementKey: keys.managementKey });
});
afterAll(() => expect(harness.violations).toEqual([]));

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
    baseUrl: inProcessUrl,
    retry: { retries: 0 },
    fetch: async (request) => {
      const response = await harness.fetch(request);
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

describe('the typed client against the emulator', () => {
  it('covers every operation of the spec', () => {
    const inSpec = listOperations(loadBundledSpec()).map(({ method, path }) => `${method} ${path}`);
    expect(cases.map(({ method, path }) => `${method} ${path}`)).toEqual(inSpec);
  });

  describe.each(cases.map((c) => [`${c.method.toUpperCase()} ${c.path}`, c] as const))(
    '%s',
    (_operationName, operationCase) => {
      it('answers the example request from its state, within the contract', async () => {
        // The example values name users, tokens and apps this emulator may not hold, so the answer is whatever the
        // server gives for them (a made-up token is `invalid_token`): a status the spec declares, and a body it allows.
        const exchange = await call(operationCase, operationCase.defaultStatus);
        expect(Object.keys(operationCase.operation.responses)).toContain(String(exchange.status));
        if (exchange.status < 300 && exchange.body !== undefined) expect(exchange.result.data).toEqual(exchange.body);
        if (exchange.status >= 400) expect((exchange.result.error as { status?: number }).status).toBe(exchange.status);
        expectValidAgainstSpec(operationCase, exchange);
      });

      it.each(operationCase.examples.map((e) => [`${e.status} ${e.key}`, e] as const))(
        'answers Prefer: example=%s with that example',
        async (_, example) => {
          const prefer = example.ambiguous
            ? `code=${example.status}, example=${example.key}`
            : `example=${example.key}`;
          const exchange = await call(operationCase, example.status, prefer);
          expect(exchange.status).toBe(example.status);
          expect(exchange.body).toEqual(example.value);
          expect(exchange.contentType?.split(';')[0]).toBe(example.mediaType);
          if (example.status === 401) expect(exchange.wwwAuthenticate).toBe(operationCase.scheme);
          if (example.status >= 400) expect((exchange.result.error as { status?: number }).status).toBe(example.status);
          expectValidAgainstSpec(operationCase, exchange);
        },
      );
    },
  );
});
