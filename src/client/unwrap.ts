// `client.unwrap(call)`: the data of a successful call, or a thrown PasswordlessApiError, for code that prefers
// exceptions to `{ data, error }` on some calls only.
import { toErrorBody, type PasswordlessErrorBody } from './error-body.js';
import { PasswordlessApiError } from './errors.js';
import { failedOperationOf } from './middleware/normalize-errors.js';

/** The `data` type of an openapi-fetch result union. */
export type DataOf<Result> = Result extends { data: infer Data } ? Data : never;

export async function unwrap<Result extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<Result> | Result,
): Promise<DataOf<Result>> {
  const result = await call;
  if (result.response.ok) return result.data as DataOf<Result>;
  const operation = failedOperationOf(result.response) ?? { method: 'HTTP', path: result.response.url || '(unknown path)', operationId: undefined };
  const body = (result.error ?? toErrorBody(result.response, '')) as PasswordlessErrorBody;
  throw new PasswordlessApiError(result.response.status, body, operation);
}
