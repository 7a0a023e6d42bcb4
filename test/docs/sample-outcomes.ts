// What each published request sample must get from the mock. By default that is the operation's documented success
// (its first 2xx status). The samples listed here cannot get it offline with the spec's example values, even after
// test/docs/sample-preparations.ts has prepared what it can through the API: each entry names the exact documented
// answers it may get instead, and why. This is the one place to change when the mock (or the emulator) answers
// differently; keep it short.
import type { OpenApiOperation } from '../helpers/bundled-spec.js';

/** An answer: a status and, for problems, the `errorCode` (`null`: the problem has none, or it is null). */
export interface Answer {
  status: number;
  errorCode?: string | null;
}

export interface Expected {
  answers: Answer[];
  /** Why the sample cannot get the documented success; absent when it gets it. */
  why?: string;
}

const byOperationId: Record<string, Expected> = {
  completeRegistration: {
    answers: [{ status: 400, errorCode: 'fido2_invalid_registration' }],
    why:
      "The sample's attestation was made for another challenge than the fresh session's; only an authenticator can " +
      'answer that one (test/browser/official-client-ceremony.test.ts does, in Chromium).',
  },
  completeSignin: {
    answers: [{ status: 400, errorCode: 'unknown_credential' }],
    why: "The sample's assertion is signed by a passkey this app never registered; a real one needs an authenticator.",
  },
  throwApiError: { answers: [{ status: 400, errorCode: 'test_error' }], why: 'It fails on purpose, every time.' },
  throwException: { answers: [{ status: 500, errorCode: null }], why: 'It fails on purpose, every time.' },
  listEvents: {
    answers: [{ status: 500, errorCode: null }],
    why:
      'Event logging is an Enterprise feature that only a ManagementKey can turn on; the seed app `test` has it off, ' +
      'and with it off the server answers 500.',
  },
  ...Object.fromEntries(
    ['listAttestationTypes', 'listCertificationStatuses', 'listMetadataEntries'].map((operationId) => [
      operationId,
      {
        answers: [{ status: 500, errorCode: null }],
        why:
          "The server reads the FIDO Metadata Service's blob (downloaded from mds3.fidoalliance.org, or its mds.jwt file); " +
          'offline the emulator has neither, and answers 500 as the server does without them.',
      },
    ]),
  ),
  ...Object.fromEntries(
    ['listAuthenticators', 'addAuthenticators', 'removeAuthenticators'].map((operationId) => [
      operationId,
      {
        answers: [{ status: 403, errorCode: 'attestation_not_supported_on_plan' }],
        why: "The allow-list needs attestation, an Enterprise feature of the app's plan, which the seed app `test` does not have.",
      },
    ]),
  ),
};

/** The answers a sample of `operation` may get. */
export function expectedAnswers(operation: OpenApiOperation): Expected {
  const listed = byOperationId[operation.operationId];
  if (listed) return listed;
  const success = Object.keys(operation.responses).find((status) => status.startsWith('2'));
  if (!success)
    throw new Error(`${operation.operationId} has no success response: list the answer its sample gets here.`);
  return { answers: [{ status: Number(success) }] };
}

/** Every operationId this table names, so the test can fail on entries for operations the spec no longer has. */
export const listedOperationIds = Object.keys(byOperationId);
