// Reads a request body as ASP.NET's JSON body binding does (RequestDelegateFactory.TryReadBodyAsync): a body over
// Kestrel's limit is a 413; a request without a body (no bytes: Kestrel sees none to read) leaves the parameter null;
// a body without a JSON media type is a 415; the JSON literal `null` leaves the parameter null too. The caller turns
// each outcome into the server's answer for its environment and binds the text.
export const bodyLimitBytes = 30_000_000;

export interface ReceivedBody {
  bytes: Uint8Array;
  /** Bytes received in all, also past the limit (those are read and dropped so the client gets its answer). */
  size: number;
}

/** The media type of a Content-Type value, in lower case and without parameters. */
export const mediaTypeOf = (contentType: string | null | undefined): string | undefined =>
  contentType?.split(';')[0]?.trim().toLowerCase();

/** The last Content-Type isJsonMediaType was asked about, and its answer. */
let lastContentType: string | null | undefined = null;
let lastIsJson = false;

/**
 * Whether a Content-Type is one the server reads as JSON: `application/json` or an `application/…+json` type, with
 * any parameters (ASP.NET's routing accepts a JSON body only as a subtype of `application/json`).
 */
export function isJsonMediaType(contentType: string | null | undefined): boolean {
  // The last answer is kept: a request asks twice (routing, then reading its body), and a client sends the same type.
  if (contentType === lastContentType) return lastIsJson;
  const isJson = /^application\/(?:[\w.!#$%&'*^`|~-]+\+)?json$/.test(mediaTypeOf(contentType) ?? '');
  lastContentType = contentType;
  lastIsJson = isJson;
  return isJson;
}

export type ReadBody =
  /** The body's text, or undefined when none was provided (no bytes, or the JSON literal `null`). */
  | { ok: true; text: string | undefined }
  | { ok: false; status: 413; reason: string }
  /** No JSON media type: routing refused another one already, so this is a request without `Content-Type`. */
  | { ok: false; status: 415; title: string; reason: string }
  /** Bytes that are no UTF-8 text: the server's reader refuses them (title as the Development problem gives it). */
  | { ok: false; status: 400; title: string; reason: string };

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** `parameterName` gives the C# parameter for a failure's title (worked out only then). */
export function readJsonBody(
  received: ReceivedBody,
  contentType: string | undefined,
  parameterName: () => string,
): ReadBody {
  if (received.size > bodyLimitBytes) {
    return {
      ok: false,
      status: 413,
      reason: `The request body is ${received.size} bytes; the server's limit is ${bodyLimitBytes} bytes.`,
    };
  }
  if (received.size === 0) return { ok: true, text: undefined };
  if (!isJsonMediaType(contentType)) {
    return {
      ok: false,
      status: 415,
      title: `Expected a supported JSON media type but got "${contentType ?? ''}".`,
      reason: 'The request has no Content-Type; send the body as application/json.',
    };
  }
  let text: string;
  try {
    // UTF-8, a byte order mark skipped. Malformed bytes are refused as a whole (the server refuses those it reads).
    text = fatalUtf8.decode(received.bytes);
  } catch {
    return {
      ok: false,
      status: 400,
      title: `Failed to read parameter "${parameterName()}" from the request body as JSON.`,
      reason: 'The body is not valid JSON: its bytes are not UTF-8.',
    };
  }
  return { ok: true, text: /^[ \t\r\n]*null[ \t\r\n]*$/.test(text) ? undefined : text };
}
