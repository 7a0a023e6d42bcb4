// Reads a request body as ASP.NET's JSON body binding does: a request without a JSON media type is a 415, a body over
// Kestrel's limit is a 413, an empty or unreadable body is a binding failure. The caller turns each outcome into the
// server's answer for its environment.
export const bodyLimitBytes = 30_000_000;

export interface ReceivedBody {
  bytes: Uint8Array;
  /** Bytes received in all, also past the limit (those are read and dropped so the client gets its answer). */
  size: number;
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^[a-z]+\/[^\s/]+\+json$/.test(mediaType);
}

export type ParsedBody =
  | { ok: true; value: unknown; present: boolean }
  | { ok: false; status: 413; reason: string }
  /** No JSON media type: routing refused another one already, so this is a request without `Content-Type`. */
  | { ok: false; status: 415; title: string; reason: string }
  /** A binding failure: `title` is what the server's Development problem says, `reason` explains it for a human. */
  | { ok: false; status: 400; title: string; reason: string };

export function parseJsonBody(
  received: ReceivedBody,
  contentType: string | undefined,
  options: { required: boolean; parameterName: string },
): ParsedBody {
  if (received.size > bodyLimitBytes) {
    return {
      ok: false,
      status: 413,
      reason: `The request body is ${received.size} bytes; the server's limit is ${bodyLimitBytes} bytes.`,
    };
  }
  if (!isJsonMediaType(contentType)) {
    return {
      ok: false,
      status: 415,
      title: `Expected a supported JSON media type but got "${contentType ?? ''}".`,
      reason: 'The request has no Content-Type; send the body as application/json.',
    };
  }
  // ASP.NET reads UTF-8 and skips a byte order mark (as TextDecoder does); malformed bytes read as U+FFFD.
  const text = new TextDecoder().decode(received.bytes);
  // An empty body and the JSON literal `null` both leave the parameter null.
  if (text.trim() === '' || text.trim() === 'null') {
    if (!options.required) return { ok: true, value: undefined, present: false };
    return {
      ok: false,
      status: 400,
      title: `Required parameter "${options.parameterName}" was not provided from body.`,
      reason: 'The request has no body; this operation needs a JSON object.',
    };
  }
  try {
    return { ok: true, value: JSON.parse(text), present: true };
  } catch (error) {
    return {
      ok: false,
      status: 400,
      title: `Failed to read parameter "${options.parameterName}" from the request body as JSON.`,
      reason: `The body is not valid JSON: ${(error as Error).message}.`,
    };
  }
}
