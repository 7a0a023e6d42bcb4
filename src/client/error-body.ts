// What `error` holds after a failed call. The server's problems are kept as they are, with `status` and `errorCode`
// always present; anything else (the empty 400 of a production binding error, a proxy's HTML 502, an empty 429) becomes
// a small object of the same shape instead of a JSON parse exception or `undefined`.
import type { components } from '../../generated/openapi.js';

/** Every `errorCode` the spec knows. */
export type ErrorCode = components['schemas']['ErrorCode'];

/** A known code, or any other string: a newer server may send codes this version does not know. */
export type ErrorCodeOrUnknown<Known extends string = ErrorCode> = Known | (string & {});

/** `error` when the body was not a problem: the status, `errorCode: null`, and the body as text. */
export interface NonProblemErrorBody {
  status: number;
  errorCode: null;
  /** The HTTP reason phrase, or `HTTP <status>` when the server sent none. */
  title: string;
  /** What the body was instead of a problem. */
  detail: string;
  /** The body exactly as received (secrets masked); `''` when empty. */
  rawBody: string;
}

/**
 * A problem schema of the spec as the client hands it back: `status` always set and `errorCode` narrowed to the `Known`
 * codes (plus unknown strings), `null` when the server sent none. The key remapping, unlike `Omit`, keeps the known
 * members of schemas that also have an index signature.
 */
export type WithErrorCode<Problem, Known extends string> = {
  [Member in keyof Problem as Member extends 'errorCode' | 'status' | 'rawBody' ? never : Member]: Problem[Member];
} & {
  status: number;
  errorCode: ErrorCodeOrUnknown<Known> | null;
  /** Set only on bodies that were not problems: `typeof error.rawBody === 'string'` tells them apart. */
  rawBody?: undefined;
};

/** A problem from the server (RFC 9457): validation problems also carry `errors`. */
export type ProblemErrorBody<Known extends string = ErrorCode> = WithErrorCode<
  components['schemas']['ProblemDetails'] & { errors?: Record<string, string[]> },
  Known
>;

/** Any `error` the client hands back: a problem from the server, or a body that was not one. */
export type PasswordlessErrorBody = ProblemErrorBody | NonProblemErrorBody;

/** Builds the `error` of a failed response from its status, content type and body text; never throws. */
export function toErrorBody(
  { status, statusText, headers }: Pick<Response, 'status' | 'statusText' | 'headers'>,
  text: string,
): PasswordlessErrorBody {
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text);
  } catch {}
  // A problem has at least a title; anything else (a gateway's JSON `{"message": …}`, an HTML page) is kept as text.
  if (typeof parsed?.title === 'string') {
    return {
      ...parsed,
      status: typeof parsed.status === 'number' ? parsed.status : status,
      errorCode: typeof parsed.errorCode === 'string' ? parsed.errorCode : null,
    } as ProblemErrorBody;
  }
  return {
    status,
    errorCode: null,
    title: statusText || `HTTP ${status}`,
    detail: text.trim()
      ? `The response body was ${headers.get('content-type')?.split(';')[0]?.trim() || 'untyped'} text, not a problem.`
      : 'The response had an empty body.',
    rawBody: text,
  };
}
