// The options of createPasswordlessClient(), checked once at creation so that a typo or a wrong key fails early with the
// option's name, and never with the key's value in the message.
import { PasswordlessOptionError } from './errors.js';
import { sleep } from './backoff.js';
import { maskKey } from './redact-secret.js';

export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 turns retries off. */
  retries?: number;
  /** Backoff ceiling of the first retry; it doubles per retry (full jitter: the wait is random below it). Default 500. */
  minDelayMs?: number;
  /** Largest backoff ceiling. Default 5000. */
  maxDelayMs?: number;
  /** A `Retry-After` up to this long is waited for; a longer one ends the retries. Default 60000. */
  maxRetryAfterMs?: number;
  /** Waits `ms`, or rejects with `signal.reason` when the caller aborts. Replace it in tests. Default: setTimeout. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for the jitter. Replace it in tests. Default: Math.random. */
  random?: () => number;
}

export interface PasswordlessClientOptions {
  /** Your app's secret, `<appId>:secret:<32 hex digits>`, for the backend operations. Never ship it to a browser. */
  apiSecret?: string;
  /** Your app's public key, `<appId>:public:<32 hex digits>`, for the four browser-ceremony operations. */
  apiKey?: string;
  /** The API's root. Default `https://v4.passwordless.dev`; a self-hosted server serves it under `/api`. */
  baseUrl?: string;
  /**
   * The fetch to send requests with. Default: on Node (the package's `node` export) a transport over node:http(s);
   * elsewhere the runtime's global `fetch`, looked up at each call.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Deadline of each attempt, in ms. Default 30000. Pass a `signal` to a call to bound it as a whole. */
  timeoutMs?: number;
  /** Retries of idempotent operations (GET, and POSTs the spec marks idempotent) on network errors, 429, 502–504. */
  retry?: RetryOptions;
  /** Headers to send with every request (not `ApiSecret`, `ApiKey` or `Client-Version`, which the client sets). */
  headers?: Record<string, string>;
  /** Throw `PasswordlessApiError` on error answers instead of returning `{ error }`. Default false. */
  throwOnError?: boolean;
}

/**
 * The options a client was created with, safe to log: keys masked (`myapp:secret:****abcd`), header values hidden,
 * functions left out.
 */
export interface PublicOptions {
  readonly apiSecret: string | undefined;
  readonly apiKey: string | undefined;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retry: Readonly<Required<Omit<RetryOptions, 'sleep' | 'random'>>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly throwOnError: boolean;
}

/** The checked options, with defaults. Internal: holds the keys in clear, so it is never exposed or logged. */
export interface ResolvedOptions {
  keys: { ApiSecret?: string; ApiKey?: string };
  baseUrl: string;
  fetch: ((request: Request) => Promise<Response>) | undefined;
  timeoutMs: number;
  retry: Required<RetryOptions>;
  headers: Record<string, string>;
  throwOnError: boolean;
  public: PublicOptions;
}

export const defaultBaseUrl = 'https://v4.passwordless.dev';

const fail = (option: string, message: string): never => {
  throw new PasswordlessOptionError(option, `${option} ${message}`);
};

/** Throws unless every key of `given` is one of `known`, suggesting the known name a typo differs from in case only. */
function checkNames(prefix: string, given: object, known: string[]): void {
  for (const name of Object.keys(given)) {
    if (known.includes(name)) continue;
    const hint = known.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    fail(prefix + name, `is not an option${hint ? ` (did you mean ${prefix}${hint}?)` : ''}; known: ${known.join(', ')}.`);
  }
}

function checkKey(option: 'apiSecret' | 'apiKey', value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const [kind, otherKind, other] = option === 'apiSecret' ? ['secret', 'public', 'apiKey'] : ['public', 'secret', 'apiSecret'];
  const expected = `; expected \`<appId>:${kind}:<32 lowercase hex digits>\`.`;
  if (typeof value !== 'string') return fail(option, `must be a string, not ${typeof value}.`);
  // Each message says what is wrong without repeating the value.
  if (value === '') fail(option, `is empty (is its environment variable set?)${expected}`);
  if (value.trim() !== value) fail(option, 'has leading or trailing whitespace.');
  if (/^(register|verify|session)_/.test(value)) fail(option, `holds a token, not a key${expected}`);
  if (value.includes(`:${otherKind}:`)) fail(option, `holds a ${otherKind} key (\`<appId>:${otherKind}:…\`); pass that as ${other}.`);
  const separator = value.indexOf(`:${kind}:`);
  if (separator < 1 || /[:\s]/.test(value.slice(0, separator))) fail(option, `is not ${option === 'apiSecret' ? 'an ApiSecret' : 'an ApiKey'}${expected}`);
  const digits = value.slice(separator + kind.length + 2);
  if (!/^[0-9a-f]{32}$/.test(digits)) fail(option, `is malformed: after \`:${kind}:\` come 32 lowercase hex digits (it has ${digits.length} characters)${expected}`);
  return value;
}

function checkBaseUrl(value: unknown): string {
  if (value === undefined) return defaultBaseUrl;
  if (typeof value !== 'string') return fail('baseUrl', `must be a string, not ${typeof value}.`);
  // A URL with credentials is not echoed: they may be secret.
  const shown = value.includes('@') ? 'the value given' : JSON.stringify(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('baseUrl', `must be an absolute http(s) URL such as ${defaultBaseUrl}; got ${shown}.`);
  }
  if (!/^https?:$/.test(url.protocol)) fail('baseUrl', `must use http or https, not ${url.protocol.slice(0, -1)}.`);
  if (url.username || url.password) fail('baseUrl', 'must not contain credentials.');
  if (/[?#]/.test(value)) fail('baseUrl', `must not have a query or fragment; got ${shown}.`);
  return url.href.replace(/\/+$/, '');
}

function checkNumber(option: string, value: unknown, fallback: number, min: number, max = 2_147_483_647): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min && value <= max)) fail(option, `must be a number from ${min} to ${max}.`);
  return value as number;
}

function checkFunction<T>(option: string, value: unknown, fallback: T): T {
  if (value !== undefined && typeof value !== 'function') fail(option, `must be a function, not ${typeof value}.`);
  return (value ?? fallback) as T;
}

function checkRetry(value: unknown): Required<RetryOptions> {
  if (value !== undefined && (typeof value !== 'object' || value === null)) fail('retry', 'must be an object such as { retries: 2 }.');
  const retry = (value ?? {}) as RetryOptions;
  checkNames('retry.', retry, ['retries', 'minDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'sleep', 'random']);
  const retries = checkNumber('retry.retries', retry.retries, 2, 0, 10);
  if (!Number.isInteger(retries)) fail('retry.retries', 'must be a whole number.');
  const minDelayMs = checkNumber('retry.minDelayMs', retry.minDelayMs, 500, 0);
  const maxDelayMs = checkNumber('retry.maxDelayMs', retry.maxDelayMs, 5000, 0);
  if (maxDelayMs < minDelayMs) fail('retry.maxDelayMs', `(${maxDelayMs}) must not be below retry.minDelayMs (${minDelayMs}).`);
  return {
    retries,
    minDelayMs,
    maxDelayMs,
    maxRetryAfterMs: checkNumber('retry.maxRetryAfterMs', retry.maxRetryAfterMs, 60_000, 0),
    sleep: checkFunction('retry.sleep', retry.sleep, sleep),
    random: checkFunction('retry.random', retry.random, Math.random),
  };
}

function checkHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Headers) {
    fail('headers', 'must be a plain object of header names to string values.');
  }
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value as object)) {
    const entry = `entry ${JSON.stringify(name)}`;
    if (/^(apisecret|apikey|client-version)$/i.test(name)) fail('headers', `${entry} is set by the client (pass keys as apiSecret / apiKey).`);
    if (typeof headerValue !== 'string') fail('headers', `${entry} must be a string.`);
    try {
      new Headers([[name, headerValue]]);
    } catch {
      fail('headers', `${entry} is not a valid header name and value.`);
    }
    headers[name] = headerValue;
  }
  return headers;
}

/** Checks the options and fills in defaults; throws `PasswordlessOptionError` naming the first bad option. */
export function resolveOptions(options: PasswordlessClientOptions | undefined): ResolvedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    fail('options', 'must be an object such as { apiSecret }.');
  }
  const given = options ?? {};
  checkNames('', given, ['apiSecret', 'apiKey', 'baseUrl', 'fetch', 'timeoutMs', 'retry', 'headers', 'throwOnError']);
  const apiSecret = checkKey('apiSecret', given.apiSecret);
  const apiKey = checkKey('apiKey', given.apiKey);
  const baseUrl = checkBaseUrl(given.baseUrl);
  const timeoutMs = checkNumber('timeoutMs', given.timeoutMs, 30_000, 1);
  const retry = checkRetry(given.retry);
  const headers = checkHeaders(given.headers);
  if (given.throwOnError !== undefined && typeof given.throwOnError !== 'boolean') fail('throwOnError', 'must be true or false.');
  const throwOnError = given.throwOnError ?? false;
  const { sleep: _sleep, random: _random, ...retryFigures } = retry;
  return {
    keys: { ...(apiSecret && { ApiSecret: apiSecret }), ...(apiKey && { ApiKey: apiKey }) },
    baseUrl,
    fetch: checkFunction('fetch', given.fetch, undefined),
    timeoutMs,
    retry,
    headers,
    throwOnError,
    public: Object.freeze({
      apiSecret: apiSecret && maskKey(apiSecret),
      apiKey: apiKey && maskKey(apiKey),
      baseUrl,
      timeoutMs,
      retry: Object.freeze(retryFigures),
      // Values may be credentials of a gateway in front of the API: only the names are shown.
      headers: Object.freeze(Object.fromEntries(Object.keys(headers).map((name) => [name, '****']))),
      throwOnError,
    }),
  };
}
