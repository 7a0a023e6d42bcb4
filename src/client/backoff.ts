// When to try an idempotent call again: exponential backoff with full jitter, or the server's Retry-After when it
// asks for a wait the caller is willing to make.
import type { RetryOptions } from './options.js';

/**
 * The wait before retry number `retry` (0 for the first), or undefined when the server's `Retry-After` (delay-seconds
 * or an HTTP-date) asks for a longer wait than `maxRetryAfterMs`: then retrying sooner would only be refused again.
 */
export function retryDelay(
  retry: number,
  retryAfter: string | null,
  policy: Required<RetryOptions>,
): number | undefined {
  const jittered = Math.floor(policy.random() * Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** retry));
  // Digits are seconds (Date.parse would read them as a year); NaN, for a value that is neither, asks for nothing.
  const asked = retryAfter
    ? /^\s*\d+\s*$/.test(retryAfter)
      ? +retryAfter * 1000
      : Date.parse(retryAfter) - Date.now()
    : 0;
  return asked > policy.maxRetryAfterMs ? undefined : Math.max(asked || 0, jittered);
}

/** Resolves after `ms`, or rejects with `signal.reason` as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
}
