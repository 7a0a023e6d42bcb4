// What every step of the mock answers with, before it is written to the socket, and the RFC 9457 problem shape the
// server uses for every error (members in the server's order: type, title, status, detail, then extensions).

export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
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
  431: 'https://tools.ietf.org/html/rfc6585#section-5',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
};

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): MockResponse {
  const { type, title, status, detail, ...extensions } = problem;
  const ordered = { type, title, status, ...(detail === undefined ? {} : { detail }), ...extensions };
  return {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(ordered),
  };
}

/** A framework problem (404, 405, 413, 415, binding 400, 500) with ASP.NET's `type` for its status. */
export function frameworkProblem(
  status: number,
  title: string,
  detail?: string,
  headers: Record<string, string> = {},
): MockResponse {
  return problemResponse(
    { type: frameworkProblemTypes[status] ?? 'about:blank', title, status, ...(detail ? { detail } : {}) },
    headers,
  );
}

/** An ApiException problem: `type` ends in the error code, extra members come before `errorCode`, which is always written. */
export function apiProblem(status: number, errorCode: string | null, title: string, extras: Record<string, unknown> = {}): MockResponse {
  return problemResponse({
    type: `https://docs.passwordless.dev/guide/errors.html#${errorCode ?? ''}`,
    title,
    status,
    ...extras,
    errorCode,
  });
}
