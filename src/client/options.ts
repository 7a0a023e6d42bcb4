// The options both clients take (createPasswordlessClient, createPasswordlessManagementClient), checked once at creation
// so that a typo or a wrong key fails early with the option's name, and never with the key's value in the message.
// Which keys a client takes, and how each is checked, is the client's own: app-key-options.ts for the app client.

import { sleep } from './backoff.js';
import { PasswordlessOptionError } from './errors.js';
import { maskKey } from './redact-secret.js';

/** Counts and delays are whole numbers (delays in ms). */
export interface RetryOptions {
  /** Retries after the first attempt, 0 to 10. Default 2; 0 turns retries off. */
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

/** The options of both clients other than their keys. */
export interface SharedClientOptions {
  /** The API's root. Default `https://v4.passwordless.dev`; a self-hosted server serves it under `/api`. */
  baseUrl?: string;
  /**
   * The fetch to send requests with. Default: on Node (the package's `node` export) a transport over node:http(s);
   * elsewhere the runtime's global `fetch`, looked up at each call.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Deadline of each attempt, in whole ms. Default 30000. Pass a `signal` to a call to bound it as a whole. */
  timeoutMs?: number;
  /** Retries of idempotent operations (GET, and POSTs the spec marks idempotent) on network errors, 429, 502–504. */
  retry?: RetryOptions;
  /** Headers to send with every request (not a key header, `ApiSecret`, `ApiKey` or `ManagementKey`, nor `Client-Version`). */
  headers?: Record<string, string>;
  /** Throw `PasswordlessApiError` on error answers instead of returning `{ error }`. Default false. */
  throwOnError?: boolean;
}

export interface PasswordlessClientOptions extends SharedClientOptions {
  /** Your app's secret, `<appId>:secret:<32 hex digits>`, for the backend operations. Never ship it to a browser. */
  apiSecret?: string;
  /** Your app's public key, `<appId>:public:<32 hex digits>`, for the four browser-ceremony operations. */
  apiKey?: string;
}

/** What both clients show of their options other than their keys. */
export interface SharedPublicOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retry: Readonly<Required<Omit<RetryOptions, 'sleep' | 'random'>>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly throwOnError: boolean;
}

/**
 * The options a client was created with, safe to log: keys masked (`myapp:secret:****abcd`), header values hidden,
 * functions left out.
 */
export interface PublicOptions extends SharedPublicOptions {
  readonly apiSecret: string | undefined;
  readonly apiKey: string | undefined;
}

/** Checks the value given for one key option: the key, undefined when none was given, or a PasswordlessOptionError. */
export type KeyCheck = (value: unknown) => string | undefined;

/**
 * The checked options, with defaults: the public figures, and what they leave out or mask. Internal: holds the keys
 * in clear, so it is never exposed or logged.
 */
export interface ResolvedOptions<KeyOption extends string> extends Omit<SharedPublicOptions, 'retry' | 'headers'> {
  /** The keys given, by option name (`apiSecret`). */
  keys: Partial<Record<KeyOption, string>>;
  fetch: ((request: Request) => Promise<Response>) | undefined;
  retry: Required<RetryOptions>;
  headers: Record<string, string>;
  public: SharedPublicOptions & { readonly [Option in KeyOption]: string | undefined };
}

export const defaultBaseUrl = 'https://v4.passwordless.dev';

export const fail = (option: string, problem: string): never => {
  throw new PasswordlessOptionError(option, `${option} ${problem}.`);
};

/** `value`, or `fallback` when it is undefined; throws unless it has the `typeof` given. */
export function typed<T>(option: string, value: unknown, type: string, fallback?: T): T {
  if (value === undefined) return fallback as T;
  if (typeof value !== type || value === null) fail(option, `must be a${type[0] === 'o' ? 'n' : ''} ${type}`);
  return value as T;
}

/** Throws unless every key of `given` is a known option (a misspelt one would be ignored silently). */
function checkNames(prefix: string, given: object, names: string): void {
  const known = names.split(' ');
  for (const name of Object.keys(given))
    if (!known.includes(name)) fail(prefix + name, `is not an option; known: ${known.join(', ')}`);
}

/** A whole number from `min` to `max`: counts and milliseconds. */
function whole(option: string, value: unknown, fallback: number, min = 0, max = 2 ** 31 - 1): number {
  const number = typed<number>(option, value, 'number', fallback);
  if (!(Number.isInteger(number) && number >= min && number <= max))
    fail(option, `must be a whole number from ${min} to ${max}`);
  return number;
}

function checkBaseUrl(value: unknown): string {
  const given = typed<string>('baseUrl', value, 'string', defaultBaseUrl);
  let url: URL | undefined;
  try {
    url = new URL(given);
  } catch {}
  // The value is not echoed: a URL may carry credentials.
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || /[?#]/.test(given)) {
    return fail(
      'baseUrl',
      `must be an absolute http(s) URL without credentials, query or fragment, such as ${defaultBaseUrl}`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

function checkHeaders(value: unknown): Record<string, string> {
  const headers = typed<Record<string, string>>('headers', value, 'object', {});
  // A Headers object or an array would show no entries below, and send none.
  if (Object.getPrototypeOf(headers) !== Object.prototype) fail('headers', 'must be a plain object');
  for (const [name, headerValue] of Object.entries(headers)) {
    // A key header here would go to every operation, whatever key it needs: keys are options of their own.
    if (
      typeof headerValue !== 'string' ||
      /^(apisecret|apikey|managementkey|client-version)$/i.test(name) ||
      !isValidHeader(name, headerValue)
    ) {
      // Values are not echoed: they may be a gateway's credentials.
      fail(
        'headers',
        `entry ${JSON.stringify(name)} must be a valid header with a string value, other than the ApiSecret, ApiKey, ManagementKey and Client-Version the clients set`,
      );
    }
  }
  return headers;
}

/** Whether the runtime's Headers accepts the name and value (its own message would repeat the value). */
export function isValidHeader(name: string, value: string): boolean {
  try {
    new Headers({ [name]: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks the options and fills in defaults; throws `PasswordlessOptionError` naming the first bad option. `keyChecks`
 * names the client's key options, in the order they are checked and shown.
 */
export function resolveOptions<KeyOption extends string>(
  options: unknown,
  keyChecks: Record<KeyOption, KeyCheck>,
): ResolvedOptions<KeyOption> {
  const given = typed<SharedClientOptions & Record<string, unknown>>('options', options, 'object', {});
  checkNames('', given, `${Object.keys(keyChecks).join(' ')} baseUrl fetch timeoutMs retry headers throwOnError`);
  const retryGiven = typed<RetryOptions>('retry', given.retry, 'object', {});
  checkNames('retry.', retryGiven, 'retries minDelayMs maxDelayMs maxRetryAfterMs sleep random');
  const keys: Record<string, string> = {};
  const maskedKeys: Record<string, string | undefined> = {};
  for (const option in keyChecks) {
    const key = keyChecks[option](given[option]);
    if (key) keys[option] = key;
    maskedKeys[option] = key && maskKey(key);
  }
  const headers = checkHeaders(given.headers);
  const figures = {
    retries: whole('retry.retries', retryGiven.retries, 2, 0, 10),
    minDelayMs: whole('retry.minDelayMs', retryGiven.minDelayMs, 500),
    maxDelayMs: whole('retry.maxDelayMs', retryGiven.maxDelayMs, 5000),
    maxRetryAfterMs: whole('retry.maxRetryAfterMs', retryGiven.maxRetryAfterMs, 60_000),
  };
  if (figures.maxDelayMs < figures.minDelayMs) fail('retry.maxDelayMs', 'must not be below retry.minDelayMs');
  const shown = {
    ...(maskedKeys as { [Option in KeyOption]: string | undefined }),
    baseUrl: checkBaseUrl(given.baseUrl),
    timeoutMs: whole('timeoutMs', given.timeoutMs, 30_000, 1),
    retry: Object.freeze(figures),
    // Values may be credentials of a gateway in front of the API: only the names are shown.
    headers: Object.freeze(Object.fromEntries(Object.keys(headers).map((name) => [name, '****']))),
    throwOnError: typed('throwOnError', given.throwOnError, 'boolean', false),
  };
  return {
    ...shown,
    keys: keys as ResolvedOptions<KeyOption>['keys'],
    fetch: typed<ResolvedOptions<KeyOption>['fetch']>('fetch', given.fetch, 'function'),
    retry: {
      ...figures,
      sleep: typed('retry.sleep', retryGiven.sleep, 'function', sleep),
      random: typed('retry.random', retryGiven.random, 'function', Math.random),
    },
    headers,
    public: Object.freeze(shown),
  };
}
