// The server's first check on a token member (api-inventory §3.2): a token without the prefix the operation expects
// is `400 invalid_token`, an absent one `missing_token`, before any validation. Which members are tokens, and their
// prefixes, come from the spec's `x-passwordless-token-prefix` extension on request body properties.
import type { Binder } from './binding.js';
import type { OperationEntry, SpecDocument } from './openapi-document.js';
import { apiProblem, problemResponse, type MockResponse } from './mock-response.js';

const extension = 'x-passwordless-token-prefix';

export interface TokenMember {
  name: string;
  prefix: string;
}

/** The top-level body members of an operation that carry a token, with the prefix each must have. */
export function tokenMembers(binder: Binder, entry: OperationEntry): TokenMember[] {
  if (!entry.body) return [];
  const properties = (binder.flatten(entry.body.schema).properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(properties).flatMap(([name, property]) => {
    // The extension may sit beside a $ref or inside the referenced schema.
    const prefix = property[extension] ?? binder.flatten(property)[extension];
    return typeof prefix === 'string' ? [{ name, prefix }] : [];
  });
}

/** The spec's own example for an error code, when the operation lists the code and names an example after it. */
function namedErrorExample(spec: SpecDocument, entry: OperationEntry, errorCode: string): MockResponse | undefined {
  if (!entry.operation['x-passwordless-error-codes']?.includes(errorCode)) return undefined;
  for (const status of spec.statuses(entry)) {
    const example = spec.responseExamples(entry, status).get(errorCode);
    if (example?.value && typeof example.value === 'object') {
      return problemResponse({ ...(example.value as { type: string; title: string }), status: Number(status) });
    }
  }
  return undefined;
}

export function checkTokenPrefixes(
  spec: SpecDocument,
  entry: OperationEntry,
  members: TokenMember[],
  body: unknown,
): MockResponse | undefined {
  if (members.length === 0 || body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  for (const { name, prefix } of members) {
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined || value === null || value === '') {
      // The server's message for a missing token is fixed, so the spec's example is the server's answer.
      const missing = namedErrorExample(spec, entry, 'missing_token');
      if (missing) return missing;
      continue;
    }
    if (typeof value === 'string' && !value.startsWith(prefix)) {
      return apiProblem(
        400,
        'invalid_token',
        `The token you sent was not correct. The token used for this endpoint should start with '${prefix}'. ` +
          `Make sure you are not sending the wrong value. The value you sent started with '${value.slice(0, 10)}'`,
      );
    }
  }
  return undefined;
}
