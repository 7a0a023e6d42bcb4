// What the emulator answers, before a front door (node:http or msw) writes it, and the RFC 9457 problem shapes the
// server uses for every error, members in the server's order: type, title, status, detail, the extensions, then the
// `traceId` .NET 9 appends to every problem it writes.
import { traceId } from '../values/dotnet-formats.js';
import { maskKeys } from './key-masking.js';

export interface EmulatorResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body?: string;
  /**
   * Why the emulator answered as it did, for a human: written to the log line and the `x-mock-reason` header, never
   * into a body the server would not send.
   */
  reason?: string;
  /** An answer about the emulator itself (a bad `Prefer`, a full state): outside the API, so outside its contract. */
  aboutEmulator?: boolean;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

/** The `type` URIs ASP.NET gives framework problems, by status (RFC 9110 sections). */
export const frameworkProblemTypes: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  404: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
  405: 'https://tools.ietf.org/html/rfc9110#section-15.5.6',
  413: 'https://tools.ietf.org/html/rfc9110#section-15.5.14',
  415: 'https://tools.ietf.org/html/rfc9110#section-15.5.16',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
};

export const jsonContentType = 'application/json; charset=utf-8';

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): EmulatorResponse {
  const { type, title, status, detail, traceId: givenTraceId, ...extensions } = problem;
  const ordered = {
    type,
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
    ...extensions,
    traceId: typeof givenTraceId === 'string' ? givenTraceId : traceId(),
  };
  return { status, headers: { 'content-type': 'application/problem+json', ...headers }, body: JSON.stringify(ordered) };
}

/** A framework problem (binding 400, 500) with ASP.NET's `type` for its status. */
export function frameworkProblem(
  status: number,
  title: string,
  detail?: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return problemResponse(
    { type: frameworkProblemTypes[status] ?? 'about:blank', title, status, ...(detail ? { detail } : {}) },
    headers,
  );
}

/** An ApiException problem: `type` ends in the error code, extra members come before `errorCode`, which is always written. */
export function apiProblem(
  status: number,
  errorCode: string | null,
  title: string,
  extras: Record<string, unknown> = {},
): EmulatorResponse {
  return problemResponse({
    type: `https://docs.passwordless.dev/guide/errors.html#${errorCode ?? ''}`,
    title,
    status,
    ...extras,
    errorCode,
  });
}

/** The server's answer to an unhandled exception (FriendlyExceptionsMiddleware). */
export function serverErrorResponse(reason: string): EmulatorResponse {
  return {
    ...frameworkProblem(500, 'An error occurred while processing your request.', 'The api has encountered an error'),
    reason,
  };
}

/** A status with no body and no content type, as ASP.NET writes 404, 405, 415 and `Results.NotFound()`. */
export function emptyResponse(status: number, reason?: string, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers, ...(reason ? { reason } : {}) };
}

export function jsonResponse(body: unknown, status = 200): EmulatorResponse {
  return { status, headers: { 'content-type': jsonContentType }, body: JSON.stringify(body) };
}

/** A problem the emulator itself raises about how it is used (an unknown example name, a bad state file). */
export function emulatorUsageProblem(status: number, title: string, unmaskedDetail: string): EmulatorResponse {
  // Its body is the emulator's own, not the server's: what the user sent is echoed only masked.
  const detail = maskKeys(unmaskedDetail);
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: 'about:blank', title, status, detail }),
    reason: detail,
    aboutEmulator: true,
  };
}

// The pipeline's own answers, before any operation: what ASP.NET answers for a route, a method or a media type it does
// not take (empty bodies), a CORS preflight, and the emulator's answer when a limit is reached.

/** No route matches: ASP.NET's empty 404. */
export const routeNotFound = (reason: string): EmulatorResponse => emptyResponse(404, reason);

/** A known route with another method: ASP.NET's empty 405, with `Allow`. */
export const methodNotAllowed = (allowed: string, reason: string): EmulatorResponse =>
  emptyResponse(405, reason, { allow: allowed });

/** A body in a media type the operation does not take: ASP.NET's empty 415. */
export const unsupportedMediaType = (reason: string): EmulatorResponse => emptyResponse(415, reason);

/** A CORS preflight, answered by the CORS middleware with 204 and these headers. */
export const preflightAnswer = (headers: Record<string, string>): EmulatorResponse => ({ status: 204, headers });

/** A limit of the emulator is reached (its message says which, and how to make room). */
export const emulatorFull = (message: string): EmulatorResponse =>
  emulatorUsageProblem(507, 'The emulator is full', message);

/** An operation of the spec the emulator has no handler for. */
export const notImplemented = (detail: string): EmulatorResponse =>
  emulatorUsageProblem(501, 'Not implemented by the emulator', detail);

/** Kestrel's answer to a body over its limit comes before any endpoint: transport, not an operation's answer. */
export const isTransportAnswer = (response: EmulatorResponse): boolean => response.status === 413;

/** The header a front door puts `reason` in. */
export const reasonHeader = 'x-mock-reason';

/**
 * `reason` as a header value, key-shaped values masked: header values must be Latin-1 without control characters, so
 * anything else (and `%`) is percent-encoded; `decodeURIComponent` reads it back.
 */
export const reasonHeaderValue = (reason: string): string =>
  maskKeys(reason)
    .slice(0, 1000)
    .replace(/[^\x20-\x7e]|%/g, (character) => encodeURIComponent(character));
