// The answers a handler builds, and the one place they become what the doors write (EmulatorResponse): JSON with the
// server's content type, text, an empty status, or a problem in the server's shape (wire/problems.ts). The success
// statuses are named here; the error statuses in api-errors.ts.
import { apiProblem, type EmulatorResponse, jsonContentType, serverErrorResponse } from '../wire/problems.js';
import type { ApiError, EmptyAnswer, ErrorCode, JsonAnswer, ServerError, TextAnswer } from './operation-types.js';

/** 200 with a JSON body; handlers reach it as `context.ok`, typed by their operation's 200 response. */
export const ok = <Body>(json: Body, options: { reason?: string; indented?: boolean } = {}): JsonAnswer<200, Body> => ({
  kind: 'json',
  status: 200,
  json,
  ...options,
});

const empty = <S extends number>(status: S, reason?: string): EmptyAnswer<S> => ({
  kind: 'empty',
  status,
  ...(reason ? { reason } : {}),
});

/** `Results.Ok()` with no value: 200 and an empty body. */
export const okEmpty = (reason?: string): EmptyAnswer<200> => empty(200, reason);
/** `Results.Created()`: 201, no body. */
export const created = (reason?: string): EmptyAnswer<201> => empty(201, reason);
/** `Results.NoContent()`: 204. */
export const noContent = (reason?: string): EmptyAnswer<204> => empty(204, reason);
/** `Results.NotFound()`: 404 with no body. */
export const notFoundEmpty = (reason: string): EmptyAnswer<404> => empty(404, reason);

/** 200 with a text body. */
export const okText = (text: string, contentType: string): TextAnswer<200> => ({
  kind: 'text',
  status: 200,
  text,
  contentType,
});

/** The server's answer to an exception it does not handle: its generic 500; `reason` names the exception. */
export const serverError = (reason: string): ServerError => ({ kind: 'server-error', status: 500, reason });

type AnyAnswer =
  | JsonAnswer<number, unknown>
  | TextAnswer<number>
  | EmptyAnswer<number>
  | ApiError<number, ErrorCode | null>
  | ServerError;

/** What the doors write for an answer. */
export function toResponse(answer: AnyAnswer): EmulatorResponse {
  // The reason written in each branch rather than spread from an object made for it: every answer comes this way.
  const { reason } = answer;
  switch (answer.kind) {
    case 'json': {
      const headers = { 'content-type': jsonContentType };
      const body = JSON.stringify(answer.json, null, answer.indented ? 2 : undefined);
      return reason ? { status: answer.status, headers, body, reason } : { status: answer.status, headers, body };
    }
    case 'text': {
      const headers = { 'content-type': answer.contentType };
      return reason
        ? { status: answer.status, headers, body: answer.text, reason }
        : { status: answer.status, headers, body: answer.text };
    }
    case 'empty':
      return reason ? { status: answer.status, headers: {}, reason } : { status: answer.status, headers: {} };
    case 'api-error': {
      const problem = apiProblem(answer.status, answer.errorCode, answer.title, answer.extras);
      return reason ? { ...problem, reason } : problem;
    }
    case 'server-error':
      return serverErrorResponse(answer.reason);
  }
}
