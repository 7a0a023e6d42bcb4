// CORS as the server's `default` policy has it (api-inventory §1.7): any origin, any header, any method, so a page
// on another origin (a dev server on http://localhost:5173) can call the mock, preflight included.
import type { IncomingHttpHeaders } from 'node:http';
import type { MockResponse } from './mock-response.js';

/** Headers every answer to a cross-origin request carries. */
export function corsHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return headers.origin ? { 'access-control-allow-origin': '*' } : {};
}

/** The answer to a CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`), else undefined. */
export function preflightResponse(method: string, headers: IncomingHttpHeaders): MockResponse | undefined {
  const requestedMethod = headers['access-control-request-method'];
  if (method !== 'OPTIONS' || !headers.origin || !requestedMethod) return undefined;
  const requestedHeaders = headers['access-control-request-headers'];
  return {
    status: 204,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': requestedMethod,
      ...(requestedHeaders ? { 'access-control-allow-headers': requestedHeaders } : {}),
    },
  };
}
