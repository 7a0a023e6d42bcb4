// CORS as the server's `default` policy has it (api-inventory §1.7): any origin, any header, any method, so a page
// on another origin (a dev server on http://localhost:5173) can call the emulator, preflight included.
export function corsHeaders(headers: Record<string, string>): Record<string, string> {
  return headers.origin ? { 'access-control-allow-origin': '*' } : {};
}

/** Whether this is a CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`. */
export const isPreflight = (method: string, headers: Record<string, string>): boolean =>
  method === 'OPTIONS' && Boolean(headers.origin) && Boolean(headers['access-control-request-method']);

export function preflightHeaders(headers: Record<string, string>): Record<string, string> {
  const requestedHeaders = headers['access-control-request-headers'];
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': headers['access-control-request-method'] ?? '',
    ...(requestedHeaders ? { 'access-control-allow-headers': requestedHeaders } : {}),
  };
}

/** Headers the server adds to every response (SecurityHeaders middleware, api-inventory §1.7). */
export const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self';",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
