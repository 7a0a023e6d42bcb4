// The anonymous routes: health checks written as the server's HealthCheckResponseWriter writes them (indented JSON),
// the liveness check in plain text, and the two routes that throw on purpose. `GET /`: pipeline.test.ts.
import { describe, expect, it } from 'vitest';
import { startEmulator } from './harness.js';

describe('the health routes', () => {
  it('answer without a key, as the server writes them', async () => {
    const { get, violations } = await startEmulator();
    const http = await get('/health/http');
    expect([http.status, http.headers['content-type'], http.text]).toEqual([200, 'text/plain', 'Healthy']);

    const storage = await get('/health/storage');
    expect(storage.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(storage.text).toMatch(/^\{\n {2}"status": "Healthy",\n {2}"elapsedMilliseconds": /);
    expect(storage.body).toEqual({
      status: 'Healthy',
      elapsedMilliseconds: expect.any(Number),
      results: { db: { status: 'Healthy', elapsedMilliseconds: expect.any(Number), data: {} } },
    });
    const version = (await get('/health/version')).body;
    expect(version.results.version.data).toEqual({
      version: expect.stringMatching(/^1\.0\.0\+20232df8 /),
      'net-runtime-version': '.NET 9.0.0',
    });
    // No mail server is configured: a healthy report with no results.
    expect((await get('/health/mail')).body).toEqual({
      status: 'Healthy',
      elapsedMilliseconds: expect.any(Number),
      results: {},
    });
    expect(violations).toEqual([]);
  });

  it('throw on purpose: an API error and an exception', async () => {
    const { get, violations } = await startEmulator();
    const api = await get('/health/throw/api');
    expect(api.status).toBe(400);
    expect(api.body).toEqual({
      type: 'https://docs.passwordless.dev/guide/errors.html#test_error',
      title: 'Testing error response',
      status: 400,
      errorCode: 'test_error',
      traceId: expect.any(String),
    });
    const exception = await get('/health/throw/exception');
    expect(exception.status).toBe(500);
    expect(exception.body).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
      title: 'An error occurred while processing your request.',
      status: 500,
      detail: 'The api has encountered an error',
      traceId: expect.any(String),
    });
    expect(violations).toEqual([]);
  });
});
