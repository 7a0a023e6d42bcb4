// The ApiSecret never shows: not in error messages, thrown errors (message, properties, stack, cause), util.inspect or
// JSON.stringify of the client, its options or its errors, nor in anything logged. Where it must show, it is masked.
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, test } from 'vitest';
import { createPasswordlessClient, maskKey, PasswordlessOptionError } from '../../src/index.js';
import { captureConsole, renderings } from '../helpers/shown-values.js';
import { apiKey, apiSecret, baseUrl, secretDigits, useMockApi } from './mock-api.js';

const server = useMockApi();
const logged = captureConsole();
const inFlight: Request[] = [];

afterEach(() => {
  expect(logged.join('\n')).not.toContain(secretDigits);
});

function expectNoSecret(value: unknown) {
  for (const rendering of renderings(value)) {
    expect(rendering).not.toContain(secretDigits);
    expect(rendering).not.toContain(apiSecret);
  }
}

test('maskKey keeps the app id, the kind and the last four digits', () => {
  expect(maskKey(apiSecret)).toBe('myapp:secret:****cf99');
  expect(maskKey('not a key')).toBe('****');
});

describe('the client and its options', () => {
  test('inspect and JSON.stringify show the keys masked', () => {
    const client = createPasswordlessClient({ apiSecret, apiKey });
    expectNoSecret(client);
    expectNoSecret(client.options);
    expect(JSON.stringify(client.options)).toContain('"apiSecret":"myapp:secret:****cf99"');
    expect(inspect(client, { depth: Infinity })).toContain('myapp:secret:****cf99');
  });

  test('extra header values (a gateway token, say) are hidden too; their names show', () => {
    const client = createPasswordlessClient({ apiSecret, headers: { 'X-Gateway-Token': `gw-${secretDigits}` } });
    expect(client.options.headers).toEqual({ 'X-Gateway-Token': '****' });
    expectNoSecret(client);
  });
});

describe('errors', () => {
  test('a creation error about the secret does not repeat it', () => {
    for (const bad of [`${apiSecret} `, apiSecret.replace(':secret:', ':secrets:'), `${apiSecret}0`]) {
      try {
        createPasswordlessClient({ apiSecret: bad });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(PasswordlessOptionError);
        expectNoSecret(error);
      }
    }
  });

  test('a thrown API error holds no secret, even when the server echoes it back', async () => {
    // A proxy's debug page that prints the request headers.
    server.use(
      http.post(
        `${baseUrl}/register/token`,
        ({ request }) =>
          new HttpResponse(`<pre>ApiSecret: ${request.headers.get('ApiSecret')}</pre>`, {
            status: 502,
            headers: { 'Content-Type': 'text/html' },
          }),
      ),
    );
    const client = createPasswordlessClient({ apiSecret, throwOnError: true, retry: { retries: 0 } });
    const failure = await client
      .POST('/register/token', { body: { userId: 'u1', username: 'fry' } })
      .catch((error: unknown) => error);
    expect((failure as { problem: { rawBody: string } }).problem.rawBody).toBe(
      '<pre>ApiSecret: myapp:secret:****cf99</pre>',
    );
    expectNoSecret(failure);
  });

  test('a returned error echoing a problem with the secret shows it masked', async () => {
    server.use(
      http.get(`${baseUrl}/users/count`, () =>
        HttpResponse.json(
          { type: 'about:blank', title: `Bad key ${apiSecret}`, status: 401, detail: `digits ${secretDigits}` },
          { status: 401 },
        ),
      ),
    );
    const { error, response } = await createPasswordlessClient({ apiSecret }).GET('/users/count');
    expectNoSecret(error);
    expectNoSecret(response);
    expect(error?.title).toBe('Bad key myapp:secret:****cf99');
  });

  test('network and timeout errors hold no secret', async () => {
    server.use(http.get(`${baseUrl}/users/count`, () => HttpResponse.error()));
    const client = createPasswordlessClient({ apiSecret, retry: { retries: 0 } });
    expectNoSecret(await client.GET('/users/count').catch((error: unknown) => error));
    // A fetch that never answers. The request is kept in module scope: with no socket holding it, a garbage collection
    // could otherwise take the whole pending call, deadline timer included (Node holds that timer's signal weakly).
    const slow = createPasswordlessClient({
      apiSecret,
      timeoutMs: 20,
      retry: { retries: 0 },
      fetch: (request) => {
        inFlight.push(request);
        return new Promise((_, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        );
      },
    });
    const timeout = await slow.GET('/users/count').catch((error: unknown) => error);
    expect((timeout as Error).name).toBe('PasswordlessTimeoutError');
    expectNoSecret(timeout);
  });

  test('a missing-key error names the option, not a key', async () => {
    const client = createPasswordlessClient({ apiSecret });
    const failure = await (client.request as unknown as (m: string, p: string, i: object) => Promise<unknown>)(
      'post',
      '/register/complete',
      { body: {} },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PasswordlessOptionError);
    expectNoSecret(failure);
  });
});
