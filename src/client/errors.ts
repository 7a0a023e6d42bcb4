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

function describe(operation: OperationRef): string {
  const call = `${operation.method} ${operation.path}`;
  return operation.operationId ? `${operation.operationId} (${call})` : call;
}

/** An option is missing or malformed: at creation, or when an operation needs a key the client was not given. */
export class PasswordlessOptionError extends TypeError {
  override name = 'PasswordlessOptionError';
  /** The option at fault, such as `apiSecret` or `baseUrl`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}

/** The server (or a proxy in front of it) answered with an error status; thrown by `throwOnError` and `unwrap()`. */
export class PasswordlessApiError extends Error {
  override name = 'PasswordlessApiError';
  readonly status: number;
  /** The problem's code; `null` for problems without one and for bodies that were not problems. */
  readonly errorCode: ErrorCodeOrUnknown<ErrorCode> | null;
  readonly title: string;
  readonly detail: string | undefined;
  /** The whole error body, as `error` holds it. */
  readonly problem: PasswordlessErrorBody;
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;

  constructor(status: number, problem: PasswordlessErrorBody, operation: OperationRef) {
    const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
    const code = problem.errorCode ? ` ${problem.errorCode}` : '';
    super(`${describe(operation)} failed with ${status}${code}: ${problem.title}${detail ? ` ${detail}` : ''}`);
    this.status = status;
    this.errorCode = problem.errorCode;
    this.title = problem.title;
    this.detail = detail;
    this.problem = problem;
    this.method = operation.method;
    this.path = operation.path;
    this.operationId = operation.operationId;
  }
}

/** No answer arrived: the connection failed or broke (`cause` holds the runtime's error). */
export class PasswordlessNetworkError extends Error {
  override name = 'PasswordlessNetworkError';
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;

  constructor(operation: OperationRef, message: string, cause: unknown) {
    super(`${describe(operation)}: ${message}`, { cause });
    this.method = operation.method;
    this.path = operation.path;
    this.operationId = operation.operationId;
  }
}

/** No answer arrived within `timeoutMs` (for one attempt). */
export class PasswordlessTimeoutError extends PasswordlessNetworkError {
  override name = 'PasswordlessTimeoutError';
  readonly timeoutMs: number;

  constructor(operation: OperationRef, timeoutMs: number, cause: unknown) {
    super(operation, `no answer within ${timeoutMs} ms (timeoutMs)`, cause);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Turns what a failed fetch threw into the error the caller sees: the caller's own abort reason as it is, a deadline
 * as `PasswordlessTimeoutError`, anything else as `PasswordlessNetworkError`.
 */
export function transportError(error: unknown, operation: OperationRef, timeoutMs: number, callerSignal?: AbortSignal): Error {
  if (callerSignal?.aborted) return callerSignal.reason instanceof Error ? callerSignal.reason : new Error(String(callerSignal.reason));
  if (error instanceof PasswordlessNetworkError) return error;
  if (error instanceof Error && error.name === 'TimeoutError') return new PasswordlessTimeoutError(operation, timeoutMs, error);
  const reason = error instanceof Error ? error.message : String(error);
  return new PasswordlessNetworkError(operation, `the request failed before an answer arrived (${reason})`, error);
}
