// The spec types `errorCode` as a string (a code a newer server adds must not break a generated C# client), yet the
// typed client's error codes stay a union of the known codes, from the ErrorCode schema, narrowed per operation from
// x-passwordless-error-codes. The type assertions run in `npm run typecheck`; the rest checks the list itself.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { OperationErrorCodes } from '../../generated/operations.js';
import type { ErrorCode, ProblemErrorBody } from '../../src/client/error-body.js';
import { loadBundledSpec } from '../helpers/bundled-spec.js';

describe("the typed client's error codes", () => {
  it('are a union of the known codes, not any string', () => {
    expectTypeOf<'alias_conflict'>().toExtend<ErrorCode>();
    expectTypeOf<'expired_token'>().toExtend<ErrorCode>();
    expectTypeOf<string>().not.toExtend<ErrorCode>();
    expectTypeOf<'no_such_code'>().not.toExtend<ErrorCode>();
    // A problem's errorCode offers the known codes, keeps room for a newer server's, and may be null.
    expectTypeOf<'alias_conflict'>().toExtend<ProblemErrorBody['errorCode']>();
    expectTypeOf<null>().toExtend<ProblemErrorBody['errorCode']>();
    // Per operation, only its own codes.
    expectTypeOf<OperationErrorCodes['/register/token']['post']>().toEqualTypeOf<
      'max_users_reached' | 'invalid_attestation' | 'attestation_not_supported_on_plan' | 'alias_conflict'
    >();
  });

  it('are every value of the ErrorCode schema, while the problem schema types errorCode as a string', () => {
    const spec = loadBundledSpec();
    const known = spec.components.schemas.ErrorCode!.enum as ErrorCode[];
    expect(known).toContain('alias_conflict');
    expect(known.length).toBeGreaterThan(20);
    const problem = spec.components.schemas.ProblemDetails as { properties: { errorCode: unknown } };
    expect(problem.properties.errorCode).toMatchObject({ type: ['string', 'null'] });
  });
});
