// openapi-fetch middleware that records each exchange with the spec path the client called (`schemaPath`), so a
// recording never needs URL-to-route matching afterwards. Register it last: `onRequest` then sees the request as sent
// and, since `onResponse` runs in reverse order, `onResponse` sees the response before any other middleware acts on it.
// Headers are never recorded: they carry the keys.
import type { Middleware } from 'openapi-fetch';
import { type Exchange, parseBody, queryOf } from './exchange.js';

export type RecordingMiddleware = Middleware & {
  /** The exchanges recorded so far, in the order their responses arrived. */
  readonly exchanges: readonly Exchange[];
};

export function createRecordingMiddleware(): RecordingMiddleware {
  const exchanges: Exchange[] = [];
  const pendingRequestBodies = new Map<string, Promise<string>>();

  const middleware: Middleware = {
    onRequest({ request, id }) {
      // Bodies are streams: read a clone, so the request still goes out intact.
      pendingRequestBodies.set(id, request.body ? request.clone().text() : Promise.resolve(''));
    },
    async onResponse({ request, response, schemaPath, id }) {
      const requestText = (await pendingRequestBodies.get(id)) ?? '';
      pendingRequestBodies.delete(id);
      const responseText = await response.clone().text();
      const contentType = response.headers.get('content-type');
      const query = queryOf(new URL(request.url));
      const requestBody = parseBody(requestText, request.headers.get('content-type'));
      const body = parseBody(responseText, contentType);
      exchanges.push({
        method: request.method.toUpperCase(),
        path: schemaPath,
        ...(query && { query }),
        ...(requestBody !== undefined && { requestBody }),
        status: response.status,
        ...(body !== undefined && contentType && { contentType }),
        ...(body !== undefined && { body }),
      });
    },
    onError({ id }) {
      pendingRequestBodies.delete(id);
    },
  };
  return Object.assign(middleware, { exchanges });
}
