// Each attempt gets a deadline (`AbortSignal.timeout`, combined with the caller's signal). Idempotent operations (GET,
// and POSTs the spec marks `x-passwordless-idempotent`) are sent again after a network error, a missed deadline, 429,
// 502, 503 or 504, with backoff; any other operation is sent once, since it may have reached the server.
import type { Middleware } from 'openapi-fetch';
import { retryDelay } from '../backoff.js';
import { transportError } from '../errors.js';
import type { RetryOptions } from '../options.js';
import { findOperation, operationRef } from '../operation-rules.js';

const retryableStatuses = new Set([429, 502, 503, 504]);
const neverAborted = new AbortController().signal;

export interface DeadlineAndRetrySettings {
  timeoutMs: number;
  retry: Required<RetryOptions>;
}

interface Call {
  /** The caller's own signal (not the Request's copy, which the runtime links to it only weakly). */
  callerSignal: AbortSignal;
  /** What the Request was built from, to build each retry from; the body is openapi-fetch's serialized one. */
  url: string;
  init: RequestInit;
  /** The spec path, once onRequest has seen the call; the operation is looked up only if the call fails. */
  schemaPath?: string;
  retriesLeft: number;
}

type Outcome = { response: Response } | { error: unknown };

function deadline(callerSignal: AbortSignal, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return callerSignal === neverAborted ? timeout : AbortSignal.any([callerSignal, timeout]);
}

export function deadlineAndRetry({ timeoutMs, retry }: DeadlineAndRetrySettings): {
  middleware: Middleware;
  Request: typeof Request;
} {
  const calls = new WeakMap<Request, Call>();

  // openapi-fetch builds each call's Request with this class, so the first attempt carries its deadline from the start:
  // copying the Request afterwards just to add a signal would cost as much as the rest of the client together.
  class RequestWithDeadline extends Request {
    constructor(input: RequestInfo | URL, init: RequestInit = {}) {
      const callerSignal = init.signal ?? neverAborted;
      super(input, { ...init, signal: deadline(callerSignal, timeoutMs) });
      // A streamed body cannot be sent twice; openapi-fetch's JSON bodies are strings.
      const reusable = !(init.body instanceof ReadableStream);
      calls.set(this, { callerSignal, url: this.url, init, retriesLeft: reusable ? retry.retries : 0 });
    }
  }

  /** Retries while the outcome allows it; returns the final response, or the error the caller should see. */
  async function settle(call: Call, sent: Request, first: Outcome, send: (request: Request) => Promise<Response>): Promise<Response | Error> {
    let outcome = first;
    for (let attempt = 0; ; attempt++) {
      const retryable =
        call.retriesLeft > 0 &&
        !call.callerSignal.aborted &&
        ('response' in outcome ? retryableStatuses.has(outcome.response.status) : true);
      if (!retryable) break;
      const delay = retryDelay(attempt, 'response' in outcome ? outcome.response.headers.get('retry-after') : null, retry, Date.now());
      if (delay === undefined) break;
      // Free the connection of an answer that is dropped.
      if ('response' in outcome) await outcome.response.body?.cancel().catch(() => undefined);
      await retry.sleep(delay, call.callerSignal);
      call.retriesLeft--;
      try {
        // The sent request's headers include what the middleware before this one set (the key).
        const again = new Request(call.url, { ...call.init, headers: sent.headers, signal: deadline(call.callerSignal, timeoutMs) });
        outcome = { response: await send(again) };
      } catch (error) {
        outcome = { error };
      }
    }
    if ('response' in outcome) return outcome.response;
    const operation = operationRef(call.schemaPath ?? new URL(sent.url).pathname, sent.method);
    return transportError(outcome.error, operation, timeoutMs, call.callerSignal);
  }

  const middleware: Middleware = {
    onRequest({ request, schemaPath }) {
      const call = calls.get(request);
      if (!call) return undefined;
      const rules = findOperation(schemaPath, request.method);
      const idempotent = rules ? rules.idempotent : request.method === 'GET';
      call.schemaPath = schemaPath;
      if (!idempotent) call.retriesLeft = 0;
      return undefined;
    },
    async onError({ request, error, options }) {
      const call = calls.get(request);
      if (!call) return error instanceof Error ? error : new Error(String(error));
      calls.delete(request);
      return settle(call, request, { error }, options.fetch);
    },
    async onResponse({ request, response, options }) {
      const call = calls.get(request);
      if (!call) return undefined;
      calls.delete(request);
      if (call.retriesLeft === 0 || !retryableStatuses.has(response.status)) return undefined;
      const settled = await settle(call, request, { response }, options.fetch);
      if (settled instanceof Error) throw settled;
      return settled === response ? undefined : settled;
    },
  };
  return { middleware, Request: RequestWithDeadline };
}
