// Each attempt gets a deadline (`AbortSignal.timeout`, combined with the caller's signal). Idempotent operations (GET,
// and POSTs the spec marks `x-passwordless-idempotent`) are sent again after a network error, a missed deadline, 429,
// 502, 503 or 504, with backoff; any other operation is sent once, since it may have reached the server.
import { retryDelay } from './backoff.js';
import { isErrorAnswer, readErrorBody } from './error-response.js';
import { transportError } from './errors.js';
import type { Operation } from './operation-rules.js';
import type { RetryOptions } from './options.js';
import { RequestWithSerializedBody } from './request-with-serialized-body.js';

const neverAborted = new AbortController().signal;

export interface DeadlineAndRetrySettings {
  timeoutMs: number;
  retry: Required<RetryOptions>;
  /** Sends one attempt. */
  send: (request: Request) => Promise<Response>;
}

/**
 * The `Request` class and `fetch` to give openapi-fetch, and `track`, which a middleware calls to say which operation a
 * request belongs to. Attempts and retries happen inside that fetch, error bodies are read there under the deadline,
 * and middleware sees only the final answer.
 */
export function deadlineAndRetry({ timeoutMs, retry, send }: DeadlineAndRetrySettings) {
  // openapi-fetch builds each call's Request with this class, so the first attempt carries its deadline from the start:
  // copying the Request afterwards just to add a signal would cost as much as the rest of the client together. What a
  // retry needs is kept in private fields, invisible to other middleware and cheaper than a WeakMap per request.
  class RequestWithDeadline extends RequestWithSerializedBody {
    /** What the Request was built from, to build each retry from: openapi-fetch's serialized body, the caller's signal. */
    #init: RequestInit;
    /** Set by `track` once a middleware has seen the spec path. */
    #operation: Operation | undefined;

    constructor(input: RequestInfo | URL, init: RequestInit = {}) {
      const timeout = AbortSignal.timeout(timeoutMs);
      super(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
      this.#init = init;
    }

    static track(request: Request, operation: Operation): void {
      if (#init in request) request.#operation = operation;
    }

    /** What a tracked request was built from, and its operation; undefined for any other Request. */
    static callOf(request: Request): { init: RequestInit; operation: Operation } | undefined {
      return #init in request && request.#operation
        ? { init: request.#init, operation: request.#operation }
        : undefined;
    }
  }

  async function fetchWithRetries(request: Request): Promise<Response> {
    const call = RequestWithDeadline.callOf(request);
    // A Request that another middleware built is sent as it is.
    if (!call) return send(request);
    const { init, operation } = call;
    // The caller's own signal, not the Request's copy, which the runtime links to it only weakly.
    const callerSignal = init.signal ?? neverAborted;
    // A streamed body cannot be sent twice; openapi-fetch's JSON bodies are strings.
    const retries = operation.idempotent && !(init.body instanceof ReadableStream) ? retry.retries : 0;
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      let error: unknown;
      try {
        response = await send(request);
        // Checked here too, so that a success costs no extra await.
        if (isErrorAnswer(response)) await readErrorBody(response);
      } catch (thrown) {
        response = undefined;
        error = thrown;
      }
      const delay =
        attempt < retries && !callerSignal.aborted && (!response || [429, 502, 503, 504].includes(response.status))
          ? retryDelay(attempt, response ? response.headers.get('retry-after') : null, retry)
          : undefined;
      if (delay === undefined) {
        if (!response) throw transportError(error, operation, timeoutMs, request.url, callerSignal);
        return response;
      }
      await retry.sleep(delay, callerSignal);
      // The sent request's headers include the key the middleware set.
      request = new RequestWithDeadline(request.url, { ...init, headers: request.headers });
    }
  }

  return {
    Request: RequestWithDeadline,
    fetch: fetchWithRetries,
    track: RequestWithDeadline.track,
  };
}
