// The management client's options are checked at creation like the app client's, naming the option and never repeating
// a key; the management key is required (every operation needs it), and so is baseUrl (it must never go to a default
// address). The key never shows: not in `client.options`, errors, thrown errors, inspect or JSON, nor in a log line.
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createPasswordlessClient, type PasswordlessClientOptions } from '../../src/index.js';
import {
  createPasswordlessManagementClient,
  PasswordlessApiError,
  type PasswordlessManagementClientOptions,
  PasswordlessOptionError,
} from '../../src/management.js';
import { createPasswordlessManagementClient as createNodeManagementClient } from '../../src/node/management.js';
import { captureConsole, renderings } from '../helpers/shown-values.js';
import { apiKey, apiSecret, useMockApi } from './mock-api.js';

const server = useMockApi();
const managementKey = 'mgmt-7Hq2vX9rLw4Kp0ZsYb3N';
const baseUrl = 'https://passwordless.example.com/api';
const logged = captureConsole();

afterEach(() => {
  expect(logged.join('\n')).not.toContain(managementKey);
});

function creationError(options: unknown): PasswordlessOptionError {
  try {
    createPasswordlessManagementClient(options as PasswordlessManagementClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(PasswordlessOptionError);
    return error as PasswordlessOptionError;
  }
  throw new Error('createPasswordlessManagementClient accepted the options');
}

function expectNoKey(value: unknown) {
  for (const rendering of renderings(value)) expect(rendering).not.toContain(managementKey);
}

describe('the management key', () => {
  test.each([
    [
      'missing',
      { baseUrl },
      /^managementKey is missing; pass your server's PasswordlessManagement:ManagementKey setting \(is its environment variable set\?\)\.$/,
    ],
    ['no options at all', undefined, /^managementKey is missing/],
    [
      'empty (an unset environment variable)',
      { managementKey: '', baseUrl },
      /^managementKey is empty \(is its environment variable set\?\)\.$/,
    ],
    ['not a string', { managementKey: 42, baseUrl }, /^managementKey must be a string\.$/],
    [
      'with a trailing newline',
      { managementKey: `${managementKey}\n`, baseUrl },
      /^managementKey has leading or trailing whitespace\.$/,
    ],
    [
      'holding a line break',
      { managementKey: `${managementKey}\nX-Other: 1`, baseUrl },
      /^managementKey holds characters a header cannot carry\.$/,
    ],
    [
      'an app secret',
      { managementKey: apiSecret, baseUrl },
      /^managementKey holds an app's secret key; pass that to createPasswordlessClient\(\) as apiSecret\.$/,
    ],
    ['an app public key', { managementKey: apiKey, baseUrl }, /pass that to createPasswordlessClient\(\) as apiKey\.$/],
  ])('%s is refused, naming the option and not the value', (_case, options, message) => {
    const error = creationError(options);
    expect(error.option).toBe('managementKey');
    expect(error.message).toMatch(message);
    expectNoKey(error);
    expect(error.message).not.toContain(apiSecret.slice(-28));
  });

  test('is shown as **** only', () => {
    const client = createPasswordlessManagementClient({ managementKey, baseUrl });
    expect(client.options).toEqual({
      managementKey: '****',
      baseUrl,
      timeoutMs: 30_000,
      retry: { retries: 2, minDelayMs: 500, maxDelayMs: 5000, maxRetryAfterMs: 60_000 },
      headers: {},
      throwOnError: false,
    });
    expectNoKey(client);
    expectNoKey(client.options);
  });

  test('never reaches an error, even when the server echoes it back', async () => {
    server.use(
      http.post(`${baseUrl}/admin/apps/:appId/create`, ({ request }) =>
        HttpResponse.json(
          { title: `Bad key ${request.headers.get('ManagementKey')}`, status: 400, errorCode: null },
          { status: 400, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
      http.get(
        `${baseUrl}/apps/list-pending-deletion`,
        ({ request }) =>
          new HttpResponse(`<html>upstream refused ${request.headers.get('ManagementKey')}</html>`, {
            status: 502,
            headers: { 'content-type': 'text/html' },
          }),
      ),
    );
    const client = createPasswordlessManagementClient({ managementKey, baseUrl, retry: { retries: 0 } });
    const created = await client.POST('/admin/apps/{appId}/create', {
      params: { path: { appId: 'myapp' } },
      body: { adminEmail: 'admin@example.com' },
    });
    expect(created.error?.title).toBe('Bad key ****');
    const listed = await client.GET('/apps/list-pending-deletion');
    expect(listed.error?.rawBody).toBe('<html>upstream refused ****</html>');
    const thrown = await client.unwrap(client.GET('/apps/list-pending-deletion')).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(PasswordlessApiError);
    for (const value of [created.error, listed.error, thrown]) expectNoKey(value);
  });
});

describe('the other options', () => {
  test('baseUrl is required: the key must not go to a default address', () => {
    const error = creationError({ managementKey });
    expect(error.option).toBe('baseUrl');
    expect(error.message).toBe(
      "baseUrl is missing; pass your self-hosted server's API root, such as https://passwordless.example.com/api.",
    );
  });

  test('a bad baseUrl is refused as by the app client', () => {
    expect(creationError({ managementKey, baseUrl: 'ftp://passwordless.example.com' }).message).toMatch(
      /must be an absolute http\(s\) URL/,
    );
  });

  test('an app key option is not one of its options', () => {
    const error = creationError({ managementKey, baseUrl, apiSecret });
    expect(error.option).toBe('apiSecret');
    expect(error.message).toBe(
      'apiSecret is not an option; known: managementKey, baseUrl, fetch, timeoutMs, retry, headers, throwOnError.',
    );
    expect(error.message).not.toContain(apiSecret);
  });

  test('the app client does not take managementKey', () => {
    const error = (() => {
      try {
        createPasswordlessClient({ managementKey } as PasswordlessClientOptions);
      } catch (thrown) {
        return thrown as PasswordlessOptionError;
      }
    })();
    expect(error).toBeInstanceOf(PasswordlessOptionError);
    expect(error?.option).toBe('managementKey');
    expectNoKey(error);
  });

  test.each([
    [
      'management',
      () => createPasswordlessManagementClient({ managementKey, baseUrl, headers: { ManagementKey: managementKey } }),
    ],
    ['app', () => createPasswordlessClient({ apiSecret, headers: { managementkey: managementKey } })],
  ])(
    'the %s client refuses a ManagementKey among its headers, which would go to every operation',
    (_client, create) => {
      let error: unknown;
      try {
        create();
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(PasswordlessOptionError);
      expect(error).toMatchObject({ option: 'headers' });
      expectNoKey(error);
    },
  );
});

describe('the Node entry', () => {
  test("sends through node:http, as the app client's Node entry does", async () => {
    const seen: Request[] = [];
    server.use(
      http.get(`${baseUrl}/apps/list-pending-deletion`, ({ request }) => {
        seen.push(request);
        return HttpResponse.json(['oldapp']);
      }),
    );
    const globalFetch = vi.spyOn(globalThis, 'fetch');
    const client = createNodeManagementClient({ managementKey, baseUrl, retry: { retries: 0 } });
    expect((await client.GET('/apps/list-pending-deletion')).data).toEqual(['oldapp']);
    expect(globalFetch).not.toHaveBeenCalled();
    expect(seen[0]!.headers.get('ManagementKey')).toBe(managementKey);
  });

  test('still checks the options', () => {
    expect(() => createNodeManagementClient({ managementKey: undefined, baseUrl })).toThrow(PasswordlessOptionError);
  });
});
