// The errors the client throws. None of them holds a key, a Request or its headers: only what a log line may show.
import type { ErrorCode, ErrorCodeOrUnknown, PasswordlessErrorBody } from './error-body.js';

/** Which call failed, as shown in messages: `createRegisterToken (POST /register/token)`. */
export interface OperationRef {
  /** Upper-case HTTP method. */
  method: string;
  /** The spec path, such as `/register/token`. */
  path: string;
  /** The spec's operationId, when the path is an operation of the spec. */
  operationId: string | undefined;
}

/** An option is missing or malformed: at creation, or when an operation needs a key the client was not given. */
export class PasswordlessOptionError extends TypeError {
  override name = 'PasswordlessOptionError';
  /** The option at fault, such as `apiSecret` or `baseUrl`. */
  declare readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}

/** What the API and network errors share: the operation that failed, named in the message and as properties. */
abstract class PasswordlessCallError extends Error {
  declare readonly method: string;
  declare readonly path: string;
  declare readonly operationId: string | undefined;

  constructor({ method, path, operationId }: OperationRef, message: string, members: object, options?: ErrorOptions) {
    super(`${operationId ? `${operationId} (${method} ${path})` : `${method} ${path}`}${message}`, options);
    Object.assign(this, members, { method, path, operationId });
  }
}

/** The server (or a proxy in front of it) answered with an error status; thrown by `throwOnError` and `unwrap()`. */
export class PasswordlessApiError extends PasswordlessCallError {
  override name = 'PasswordlessApiError';
  declare readonly status: number;
  /** The problem's code; `null` for problems without one and for bodies that were not problems. */
  declare readonly errorCode: ErrorCodeOrUnknown<ErrorCode> | null;
  declare readonly title: string;
  declare readonly detail: string | undefined;
  /** The whole error body, as `error` holds it. */
  declare readonly problem: PasswordlessErrorBody;

  constructor(status: number, problem: PasswordlessErrorBody, operation: OperationRef) {
    const { errorCode, title } = problem;
    const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
    super(
      operation,
      ` failed with ${status}${errorCode ? ` ${errorCode}` : ''}: ${title}${detail ? ` ${detail}` : ''}`,
      {
        status,
        errorCode,
        title,
        detail,
        problem,
      },
    );
  }
}

/** No answer arrived: the connection failed or broke (`cause` holds the runtime's error). */
export class PasswordlessNetworkError extends PasswordlessCallError {
  override name = 'PasswordlessNetworkError';

  constructor(operation: OperationRef, message: string, cause: unknown) {
    super(operation, `: ${message}`, {}, { cause });
  }
}

/** No answer arrived within `timeoutMs` (for one attempt). */
export class PasswordlessTimeoutError extends PasswordlessNetworkError {
  override name = 'PasswordlessTimeoutError';
  declare readonly timeoutMs: number;

  constructor(operation: OperationRef, timeoutMs: number, cause: unknown) {
    super(operation, `no answer within ${timeoutMs} ms (timeoutMs)`, cause);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Turns what a failed fetch threw into the error the caller sees: the caller's own abort reason as it is, a deadline
 * as `PasswordlessTimeoutError`, anything else as `PasswordlessNetworkError`.
 */
export function transportError(
  error: unknown,
  operation: OperationRef,
  timeoutMs: number,
  callerSignal?: AbortSignal | null,
): unknown {
  if (callerSignal?.aborted) return callerSignal.reason;
  const { name, message } = (error ?? {}) as Error;
  return name === 'TimeoutError'
    ? new PasswordlessTimeoutError(operation, timeoutMs, error)
    : new PasswordlessNetworkError(
        operation,
        `the request failed before an answer arrived (${message ?? error})`,
        error,
      );
}
