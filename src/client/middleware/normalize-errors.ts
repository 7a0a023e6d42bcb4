// Every error answer becomes an `application/problem+json` body that openapi-fetch parses into `error`: the server's
// problem with `status` and `errorCode` always set, or, for a body that is not a problem, `{ status, errorCode: null,
// title, detail, rawBody }`. Keys a proxy might echo back are masked first. With `throwOnError` it throws instead.
import type { Middleware } from 'openapi-fetch';
import { toErrorBody } from '../error-body.js';
import { PasswordlessApiError, transportError, type OperationRef } from '../errors.js';
import { operationRef } from '../operation-rules.js';
import { redactKeys } from '../redact-secret.js';

const failedCalls = new WeakMap<Response, OperationRef>();

/** The operation behind an error response this middleware produced (for `unwrap()`). */
export function failedOperationOf(response: Response): OperationRef | undefined {
  return failedCalls.get(response);
}

export interface NormalizeErrorsSettings {
  keys: readonly string[];
  throwOnError: boolean;
  timeoutMs: number;
}

export function normalizeErrors({ keys, throwOnError, timeoutMs }: NormalizeErrorsSettings): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      // 304 may not carry a body; 1xx and 2xx are not errors.
      if (response.status < 300 || response.status === 304) return undefined;
      const operation = operationRef(schemaPath, request.method);
      let text: string;
      try {
        text = redactKeys(await response.text(), keys);
      } catch (error) {
        // The request's signal aborts for the deadline too; only a different reason is the caller's own abort.
        const { signal } = request;
        throw transportError(error, operation, timeoutMs, (signal.reason as Error | undefined)?.name === 'TimeoutError' ? undefined : signal);
      }
      const body = toErrorBody(response, text);
      if (throwOnError) throw new PasswordlessApiError(response.status, body, operation);
      const headers = new Headers(response.headers);
      headers.set('content-type', 'application/problem+json');
      // The new body is neither the old length nor compressed.
      for (const name of ['content-length', 'content-encoding', 'transfer-encoding']) headers.delete(name);
      const normalized = new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers });
      failedCalls.set(normalized, operation);
      return normalized;
    },
  };
}
