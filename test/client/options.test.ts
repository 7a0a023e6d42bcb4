// Options are checked at creation: a malformed key, base URL or setting is an error naming the option, and the
// message never repeats a key.
import { describe, expect, test } from 'vitest';
import { createPasswordlessClient, type PasswordlessClientOptions, PasswordlessOptionError } from '../../src/index.js';
import { apiKey, apiSecret, secretDigits } from './mock-api.js';

function creationError(options: unknown): PasswordlessOptionError {
  try {
    createPasswordlessClient(options as PasswordlessClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(PasswordlessOptionError);
    return error as PasswordlessOptionError;
  }
  throw new Error('createPasswordlessClient accepted the options');
}

describe('keys', () => {
  test.each([
    ['not a string', { apiSecret: 42 }, 'apiSecret', /must be a string/],
    ['empty (an unset environment variable)', { apiSecret: '' }, 'apiSecret', /is empty/],
    ['with a trailing newline', { apiSecret: `${apiSecret}\n` }, 'apiSecret', /whitespace/],
    [
      'a public key passed as the secret',
      { apiSecret: apiKey },
      'apiSecret',
      /holds a public key.*pass that as apiKey/,
    ],
    [
      'the secret passed as the public key',
      { apiKey: apiSecret },
      'apiKey',
      /holds a secret key.*pass that as apiSecret/,
    ],
    ['a token passed as the secret', { apiSecret: `verify_${secretDigits}` }, 'apiSecret', /is malformed/],
    [
      'digits cut short',
      { apiSecret: apiSecret.slice(0, -1) },
      'apiSecret',
      /expected `<appId>:secret:` and 32 lowercase hex digits/,
    ],
    ['upper-case digits', { apiSecret: apiSecret.toUpperCase().replace('SECRET', 'secret') }, 'apiSecret', /malformed/],
    ['no app id', { apiSecret: `:secret:${secretDigits}` }, 'apiSecret', /is malformed/],
    ['no kind at all', { apiKey: secretDigits }, 'apiKey', /is malformed; expected `<appId>:public:`/],
  ])('%s is rejected, naming the option and not the value', (_case, options, option, message) => {
    const error = creationError(options);
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(secretDigits.slice(4));
    expect(error.message).not.toContain(apiKey.slice(-28));
  });

  test('well-formed keys are accepted and shown masked', () => {
    const client = createPasswordlessClient({ apiSecret, apiKey });
    expect(client.options.apiSecret).toBe('myapp:secret:****cf99');
    expect(client.options.apiKey).toBe('myapp:public:****9795');
  });
});

describe('baseUrl', () => {
  test('defaults to the cloud API', () => {
    expect(createPasswordlessClient({ apiSecret }).options.baseUrl).toBe('https://v4.passwordless.dev');
  });

  test('keeps a self-hosted path and drops a trailing slash', () => {
    const client = createPasswordlessClient({ apiSecret, baseUrl: 'https://passwordless.example.com:5701/api/' });
    expect(client.options.baseUrl).toBe('https://passwordless.example.com:5701/api');
  });

  test.each([
    ['no scheme', 'v4.passwordless.dev', /must be an absolute http\(s\) URL/],
    ['another scheme', 'ftp://v4.passwordless.dev', /must be an absolute http\(s\) URL/],
    ['a query', 'https://v4.passwordless.dev/?x=1', /without credentials, query or fragment/],
    ['a fragment', 'https://v4.passwordless.dev/#api', /without credentials, query or fragment/],
    ['credentials', 'https://admin:hunter2@passwordless.example.com', /without credentials/],
    ['not a string', 42, /must be a string/],
  ])('%s is rejected', (_case, baseUrl, message) => {
    const error = creationError({ apiSecret, baseUrl });
    expect(error.option).toBe('baseUrl');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('the other options', () => {
  test.each([
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs'],
    [{ retry: { retries: 1.5 } }, 'retry.retries'],
    [{ retry: { retries: -1 } }, 'retry.retries'],
    [{ retry: { minDelayMs: 10_000 } }, 'retry.maxDelayMs'],
    [{ retry: { sleep: 'no' } }, 'retry.sleep'],
    [{ retry: { retrys: 3 } }, 'retry.retrys'],
    [{ fetch: 'https://example.com' }, 'fetch'],
    [{ throwOnError: 'yes' }, 'throwOnError'],
    [{ headers: { ApiSecret: apiSecret } }, 'headers'],
    [{ headers: { 'Client-Version': 'mine' } }, 'headers'],
    [{ headers: { 'X-Trace': 7 } }, 'headers'],
    [{ headers: { 'bad header': 'x' } }, 'headers'],
  ])('%o is rejected, naming %s', (options, option) => {
    const error = creationError({ apiSecret, ...options });
    expect(error.option).toBe(option);
    expect(error.message).not.toContain(secretDigits);
  });

  test('a misspelt option is named, with the known ones', () => {
    const error = creationError({ apisecret: apiSecret });
    expect(error.option).toBe('apisecret');
    expect(error.message).toMatch(/apisecret is not an option; known: apiSecret, apiKey, baseUrl/);
    expect(error.message).not.toContain(secretDigits);
  });

  test('options that are not an object are rejected', () => {
    expect(creationError(apiSecret).option).toBe('options');
  });

  test('defaults: 30 s per attempt, 2 retries from 0.5 s to 5 s, Retry-After up to 60 s, return errors', () => {
    expect(createPasswordlessClient().options).toEqual({
      apiSecret: undefined,
      apiKey: undefined,
      baseUrl: 'https://v4.passwordless.dev',
      timeoutMs: 30_000,
      retry: { retries: 2, minDelayMs: 500, maxDelayMs: 5000, maxRetryAfterMs: 60_000 },
      headers: {},
      throwOnError: false,
    });
  });
});
