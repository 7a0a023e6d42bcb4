// The format of a recording on disk: one file per scenario (or per historical body), a list of exchanges.
// Bodies are stored parsed (JSON) or as text, so the spec validator and the msw handlers read them as they are.

/** One request and its response, as the spec names them. */
export interface Exchange {
  /** Upper-case HTTP method. */
  method: string;
  /** The spec's path template (openapi-fetch's `schemaPath`), e.g. `/credentials/list`. */
  path: string;
  /** Query parameters as sent; a repeated parameter becomes an array. Absent when there were none. */
  query?: Record<string, string | string[]>;
  /** The request body as sent (parsed when JSON). Absent when the request had none. */
  requestBody?: unknown;
  status: number;
  /** The response's Content-Type, recorded only when the response has a body. */
  contentType?: string;
  /** The response body (parsed when JSON). Absent when the response was empty. */
  body?: unknown;
}

export interface RecordingFile {
  /** Where the exchanges come from: the server that answered, or the repository, commit and test of a historical body. */
  source: string;
  /** The scenario's folder name under recordings/scenarios/, for recorded scenarios. */
  scenario?: string;
  /** What the scenario does, in one sentence. */
  description?: string;
  exchanges: Exchange[];
}

// One rule for what is JSON, the emulator's (the media types the server reads as JSON); re-exported for the recorder.
import { isJsonMediaType } from '../emulator/binding/json-body.js';

export { isJsonMediaType, mediaTypeOf } from '../emulator/binding/json-body.js';

/** Reads a body as the recording stores it: parsed JSON for JSON media types, text otherwise, undefined when empty. */
export function parseBody(text: string, contentType: string | null | undefined): unknown {
  if (text === '') return undefined;
  if (!isJsonMediaType(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text; // a body that claims JSON but is not: kept verbatim, so the recording shows what came back
  }
}

/** The query of a URL as the recording stores it. */
export function queryOf(url: URL): Record<string, string | string[]> | undefined {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    const [only] = values;
    query[name] = values.length === 1 && only !== undefined ? only : values;
  }
  return Object.keys(query).length > 0 ? query : undefined;
}
