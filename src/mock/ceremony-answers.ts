// Answers built per request for the operations of the passkey ceremonies, so that a real browser can register and sign
// in against the mock: fixed examples cannot work there, since the browser refuses options whose `rp.id` is not the
// page's host and signs the challenge it was given. Each handler returns the answer, or undefined to let Prism answer
// from the spec's examples. They run only for a request with no preference: `Prefer` (or a forced example) still
// selects any example, the error examples included.
import { CeremonyProblems } from './ceremony-problems.js';
import type { RequestHeaders } from './ceremony-values.js';
import type { MockResponse } from './mock-response.js';
import type { OperationEntry, SpecDocument } from './openapi-document.js';
import { PasskeyStore, type PasskeyStoreLimits } from './passkey-store.js';
import { registrationAnswers } from './registration-answers.js';
import { signinAnswers } from './signin-answers.js';

export interface CeremonyRequest {
  entry: OperationEntry;
  /** The request body, bound and validated against the operation's schema. */
  body: Record<string, unknown>;
  headers: RequestHeaders;
}

export type CeremonyHandler = (request: CeremonyRequest) => MockResponse | undefined;

/** The answering function, and the passkeys it has registered (bounded, in memory). */
export function createCeremonyAnswers(spec: SpecDocument, limits: PasskeyStoreLimits = {}) {
  const store = new PasskeyStore(limits);
  const problems = new CeremonyProblems(spec);
  // Keyed by operationId: these answers follow the server's code for each operation, which the spec cannot express.
  const handlers: Record<string, CeremonyHandler> = {
    ...registrationAnswers(spec, store, problems),
    ...signinAnswers(store, problems),
  };
  const answer = (request: CeremonyRequest): MockResponse | undefined => {
    const operationId = request.entry.operation.operationId ?? '';
    return Object.hasOwn(handlers, operationId) ? handlers[operationId]!(request) : undefined;
  };
  return { answer, store };
}
