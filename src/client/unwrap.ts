// `client.unwrap(call)`: the data of a successful call, or a thrown PasswordlessApiError, for code that prefers
// exceptions to `{ data, error }` on some calls only.
import { type PasswordlessErrorBody, toErrorBody } from './error-body.js';
import { failedOperationOf } from './error-response.js';
import { PasswordlessApiError } from './errors.js';

/** The `data` type of an openapi-fetch result union. */
export type DataOf<Result> = Result extends { data: infer Data } ? Data : never;

export async function unwrap<Result extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<Result> | Result,
): Promise<DataOf<Result>> {
  const { data, error, response } = await call;
  if (response.ok) return data as DataOf<Result>;
  throw new PasswordlessApiError(
    response.status,
    (error ?? toErrorBody(response, '')) as PasswordlessErrorBody,
    failedOperationOf(response) ?? { method: 'HTTP', path: response.url || '(unknown path)', operationId: undefined },
  );
}
