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

/**
 * An answer with a success status arrived, but its body could not be read as JSON (an HTML page from a proxy, a
 * truncated body). Thrown whatever `throwOnError` says: there is no data to hand back, and it is no error answer. The
 * message holds no part of the body, which may carry keys (an app's new secret, for one).
 */
export class PasswordlessBodyError extends PasswordlessCallError {
  override name = 'PasswordlessBodyError';
  declare readonly status: number;
  /** The answer's Content-Type, or null when it had none. */
  declare readonly contentType: string | null;

  constructor(operation: OperationRef, status: number, contentType: string | null, length: number) {
    const what = `${contentType ?? 'no Content-Type'}, ${length} characters`;
    super(operation, `: the server answered ${status}, but its body could not be read as JSON (${what})`, {
      status,
      contentType,
    });
  }
}

/** The runtime's code for why a connection failed (`ECONNREFUSED`, `ENOTFOUND`…), from `cause` or deeper. */
function causeCode(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== 'object' || depth > 8) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // undici's AggregateError for a host with several addresses, each refused in turn.
  for (const inner of Array.isArray(errors) ? errors : []) {
    const found = causeCode(inner, depth + 1);
    if (found) return found;
  }
  return causeCode(cause, depth + 1);
}

/** The innermost message of a cause chain: the system's own words (`connect ECONNREFUSED 127.0.0.1:4099`). */
function innermostMessage(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < 8; depth++) {
    const { cause, errors } = (current ?? {}) as { cause?: unknown; errors?: unknown[] };
    const next = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
    if (next === undefined || next === null) break;
    current = next;
  }
  return current instanceof Error ? current.message : String(current);
}

/** The scheme, host and port of a request's URL: never its path or query, which may carry values. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}

/**
 * No answer arrived: the connection failed or broke. The message names the origin asked and the runtime's code;
 * `cause` holds the runtime's error.
 */
export class PasswordlessNetworkError extends PasswordlessCallError {
  override name = 'PasswordlessNetworkError';
  /** Scheme, host and port of the server that did not answer, such as `http://127.0.0.1:4010`. */
  declare readonly origin: string;
  /** The runtime's code for the failure (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`…), when it gave one. */
  declare readonly code: string | undefined;

  constructor(operation: OperationRef, message: string, cause: unknown, where: { origin: string; code?: string }) {
    super(operation, `: ${message}`, { origin: where.origin, code: where.code }, { cause });
  }
}

/** No answer arrived within `timeoutMs` (for one attempt). */
export class PasswordlessTimeoutError extends PasswordlessNetworkError {
  override name = 'PasswordlessTimeoutError';
  declare readonly timeoutMs: number;

  constructor(operation: OperationRef, timeoutMs: number, cause: unknown, origin: string) {
    super(operation, `no answer from ${origin} within ${timeoutMs} ms (timeoutMs)`, cause, { origin });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Turns what a failed fetch threw into the error the caller sees: the caller's own abort reason as it is, a deadline
 * as `PasswordlessTimeoutError`, anything else as `PasswordlessNetworkError`, whose message names the origin asked and
 * the runtime's code: `createRegisterToken (POST /register/token): no answer from http://127.0.0.1:4099: ECONNREFUSED
 * (connect ECONNREFUSED 127.0.0.1:4099)`.
 */
export function transportError(
  error: unknown,
  operation: OperationRef,
  timeoutMs: number,
  url: string,
  callerSignal?: AbortSignal | null,
): unknown {
  if (callerSignal?.aborted) return callerSignal.reason;
  const origin = originOf(url);
  if ((error as Error | undefined)?.name === 'TimeoutError')
    return new PasswordlessTimeoutError(operation, timeoutMs, error, origin);
  const code = causeCode(error);
  const detail = innermostMessage(error);
  const why = code ? `${code}${detail !== code ? ` (${detail})` : ''}` : detail;
  return new PasswordlessNetworkError(operation, `no answer from ${origin}: ${why}`, error, { origin, code });
}
