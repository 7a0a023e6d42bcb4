// Reads a request body with a size limit and turns it into JSON the way ASP.NET's JSON body binding does: a JSON
// media type is required (415 otherwise), an empty or unreadable body is a 400, a body over the limit is a 413.
// Every failure is a problem+json that names what was wrong.
import type { IncomingMessage } from 'node:http';
import { frameworkProblem, type MockResponse } from './mock-response.js';

export const bodyLimitBytes = 1024 * 1024;

export interface ReceivedBody {
  bytes: Uint8Array;
  /** Bytes received in all, also past the limit (those are read and dropped so the client gets its answer). */
  size: number;
}

/** Reads the whole body, keeping at most `limit` bytes. Never rejects: a broken stream gives what arrived. */
export function receiveBody(request: IncomingMessage, limit = bodyLimitBytes): Promise<ReceivedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    const done = () => resolve({ bytes: Buffer.concat(chunks), size });
    request.once('end', done);
    request.once('error', done);
    request.once('close', done);
  });
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^[a-z]+\/[^\s/]+\+json$/.test(mediaType);
}

export type ParsedBody = { ok: true; value: unknown; present: boolean } | { ok: false; response: MockResponse };

export function parseJsonBody(
  received: ReceivedBody,
  contentType: string | undefined,
  options: { required: boolean; parameterName: string; limit?: number },
): ParsedBody {
  const limit = options.limit ?? bodyLimitBytes;
  if (received.size > limit) {
    return {
      ok: false,
      response: frameworkProblem(
        413,
        'Request body too large.',
        `The request body is ${received.size} bytes; the limit is ${limit} bytes (1 MiB).`,
      ),
    };
  }
  if (!isJsonMediaType(contentType)) {
    return {
      ok: false,
      response: frameworkProblem(
        415,
        'Unsupported Media Type',
        `Expected a supported JSON media type but got "${contentType ?? ''}". Send the body as application/json.`,
      ),
    };
  }
  // ASP.NET reads UTF-8 and skips a byte order mark (as TextDecoder does); malformed bytes read as U+FFFD.
  const text = new TextDecoder().decode(received.bytes);
  if (text.trim() === '') {
    if (!options.required) return { ok: true, value: undefined, present: false };
    return {
      ok: false,
      response: frameworkProblem(
        400,
        `Required parameter "${options.parameterName}" was not provided from body.`,
        'The request has no body; this operation needs a JSON object.',
      ),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text), present: true };
  } catch (error) {
    return {
      ok: false,
      response: frameworkProblem(
        400,
        `Failed to read parameter "${options.parameterName}" from the request body as JSON.`,
        `The body is not valid JSON: ${(error as Error).message}.`,
      ),
    };
  }
}
