// The server's answers to ceremony requests that are well-formed but wrong (api-inventory §3.2–3.6): a missing
// origin, a token of another app or kind, an expired token, a member the WebAuthn binding needs. Where the server's
// words are fixed, the spec's own named example is the answer; otherwise the problem is built for this request.
import { BindingProblems } from './binding-problem.js';
import { Binder } from './binding.js';
import { humanizedAge } from './ceremony-values.js';
import { apiProblem, frameworkProblem, problemResponse, type MockResponse } from './mock-response.js';
import type { TokenContent } from './mock-tokens.js';
import type { OperationEntry, SpecDocument } from './openapi-document.js';

const notForThisTenant =
  'The token you supplied was not valid. It could be that the token has expired or that it was not issued for this tenant.';

export class CeremonyProblems {
  private readonly binding: BindingProblems;

  constructor(private readonly spec: SpecDocument) {
    this.binding = new BindingProblems(spec, new Binder(spec));
  }

  /** The operation's named example `key` (any status), as a problem; the generic 500 if the spec lost it. */
  example(entry: OperationEntry, key: string): MockResponse {
    for (const status of this.spec.statuses(entry)) {
      const example = this.spec.responseExamples(entry, status).get(key);
      if (example?.value && typeof example.value === 'object') {
        return problemResponse({ ...(example.value as { type: string; title: string }), status: Number(status) });
      }
    }
    return serverError();
  }

  /**
   * The server's origin check (`GetFido2Instance`): missing or empty is `Origin is required.`; a value that is not an
   * absolute URI makes fido2-net-lib throw, which the server answers with its generic 500.
   */
  origin(entry: OperationEntry, origin: unknown): MockResponse | undefined {
    if (typeof origin !== 'string' || origin === '') return this.example(entry, 'origin_required');
    return URL.canParse(origin) ? undefined : serverError();
  }

  /** A token the mock issued, checked as the server decodes one: its kind, its app, then its expiry. */
  token(
    entry: OperationEntry,
    content: TokenContent,
    kinds: readonly TokenContent['kind'][],
    app: string,
  ): MockResponse | undefined {
    // The server cannot read another kind of token as this one.
    if (!kinds.includes(content.kind)) return this.example(entry, 'invalid_token_format');
    if (content.app !== app) return apiProblem(400, 'invalid_token', notForThisTenant);
    const expiresAt =
      content.kind === 'register' ? content.expiresAt : content.kind === 'verify' ? Date.parse(content.verified.expiresAt) : undefined;
    if (expiresAt !== undefined && expiresAt < Date.now()) {
      return apiProblem(403, 'expired_token', `The token expired ${humanizedAge(Date.now() - expiresAt)} ago.`);
    }
    return undefined;
  }

  /** A member the server's WebAuthn types require (System.Text.Json `required`) is missing: a binding problem. */
  missingMember(entry: OperationEntry, path: string, member: string): MockResponse {
    return this.binding.unreadableBody(
      entry,
      `JSON deserialization was missing required properties, including the following: ${member}. Path: ${path}.`,
    );
  }
}

/** The server's answer to an unhandled exception (FriendlyExceptionsMiddleware). */
export function serverError(): MockResponse {
  return frameworkProblem(500, 'An error occurred while processing your request.', 'The api has encountered an error');
}
