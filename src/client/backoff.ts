// When to try an idempotent call again: exponential backoff with full jitter, or the server's Retry-After when it
// asks for a wait the caller is willing to make.
import type { RetryOptions } from './options.js';

/** Milliseconds a `Retry-After` value (delay-seconds or an HTTP-date) asks for; undefined when it is not one. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (0 for the first), or undefined when the server asks for a longer wait than
 * `maxRetryAfterMs`: then retrying sooner would only be refused again.
 */
export function retryDelay(
  retry: number,
  retryAfter: string | null,
  policy: Required<Pick<RetryOptions, 'minDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random'>>,
  now: number,
): number | undefined {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** retry);
  const jittered = Math.floor(policy.random() * ceiling);
  const asked = parseRetryAfter(retryAfter, now);
  if (asked === undefined) return jittered;
  if (asked > policy.maxRetryAfterMs) return undefined;
  return Math.max(asked, jittered);
}

/** Resolves after `ms`, or rejects with `signal.reason` as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
