// The anonymous routes (api-inventory §3.19): `GET /`, health checks written by the server's HealthCheckResponseWriter (an
// indented JSON report with the checks' durations), the liveness check in plain text, and the two routes that throw
// on purpose so clients can see the server's error answers.
import { apiProblem, type EmulatorResponse, serverError } from '../wire/problems.js';
import type { OperationHandler } from './operation-context.js';

/** The version the emulator reports: the server commit it follows. */
export const emulatedServerVersion = '1.0.0+20232df8 (passwordless-contract emulator)';

const rootGreeting =
  'Hey, this place is for computers. Check out our human documentation instead: https://docs.passwordless.dev';

interface Check {
  name: string;
  data?: Record<string, unknown>;
}

/** A report as HealthCheckResponseWriter writes it: Utf8JsonWriter, indented, durations in fractional milliseconds. */
function healthReport(checks: Check[]): EmulatorResponse {
  const started = performance.now();
  const results: Record<string, unknown> = {};
  for (const check of checks) {
    const checkStarted = performance.now();
    results[check.name] = {
      status: 'Healthy',
      elapsedMilliseconds: round(performance.now() - checkStarted + 0.01),
      data: check.data ?? {},
    };
  }
  const body = { status: 'Healthy', elapsedMilliseconds: round(performance.now() - started + 0.02), results };
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body, null, 2),
  };
}

const round = (milliseconds: number) => Math.round(milliseconds * 10_000) / 10_000;

export const healthHandlers: Record<string, OperationHandler> = {
  checkHttpHealth: () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'Healthy' }),
  checkStorageHealth: () => healthReport([{ name: 'db' }]),
  checkVersionHealth: () =>
    healthReport([{ name: 'version', data: { version: emulatedServerVersion, 'net-runtime-version': '.NET 9.0.0' } }]),
  // No mail server is configured, so the mail check is not registered: a healthy report with no results.
  checkMailHealth: () => healthReport([]),
  // Only Production maps `GET /` (the emulator routes it nowhere in Development).
  getRoot: () => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: rootGreeting }),
  throwApiError: () => apiProblem(400, 'test_error', 'Testing error response'),
  throwException: () => serverError('The route throws on purpose, as on the server.'),
};
