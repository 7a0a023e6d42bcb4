// The anonymous routes (api-inventory §3.19): `GET /`, health checks written by the server's HealthCheckResponseWriter (an
// indented JSON report with the checks' durations), the liveness check in plain text, and the two routes that throw
// on purpose so clients can see the server's error answers.
import type { components } from '../../../generated/openapi.js';
import { okText, serverError } from '../handling/answers.js';
import { apiErrors } from '../handling/api-errors.js';
import type { Handlers } from '../handling/operation-types.js';

/** The version the emulator reports: the server commit it follows. */
export const emulatedServerVersion = '1.0.0+20232df8 (passwordless-contract emulator)';

const rootGreeting =
  'Hey, this place is for computers. Check out our human documentation instead: https://docs.passwordless.dev';

interface Check {
  name: string;
  data?: Record<string, unknown>;
}

/** A report as HealthCheckResponseWriter writes it: Utf8JsonWriter, indented, durations in fractional milliseconds. */
function healthReport(checks: Check[]): components['schemas']['HealthReport'] {
  const started = performance.now();
  const results: components['schemas']['HealthReport']['results'] = {};
  for (const check of checks) {
    const checkStarted = performance.now();
    results[check.name] = {
      status: 'Healthy',
      elapsedMilliseconds: round(performance.now() - checkStarted + 0.01),
      data: check.data ?? {},
    };
  }
  return { status: 'Healthy', elapsedMilliseconds: round(performance.now() - started + 0.02), results };
}

const round = (milliseconds: number) => Math.round(milliseconds * 10_000) / 10_000;
const indented = { indented: true };

export const healthHandlers: Handlers<
  | 'checkHttpHealth'
  | 'checkStorageHealth'
  | 'checkVersionHealth'
  | 'checkMailHealth'
  | 'getRoot'
  | 'throwApiError'
  | 'throwException'
> = {
  checkHttpHealth: () => okText('Healthy', 'text/plain'),
  checkStorageHealth: ({ ok }) => ok(healthReport([{ name: 'db' }]), indented),
  checkVersionHealth: ({ ok }) =>
    ok(
      healthReport([
        { name: 'version', data: { version: emulatedServerVersion, 'net-runtime-version': '.NET 9.0.0' } },
      ]),
      indented,
    ),
  // No mail server is configured, so the mail check is not registered: a healthy report with no results.
  checkMailHealth: ({ ok }) => ok(healthReport([]), indented),
  // Only Production maps `GET /` (the emulator routes it nowhere in Development).
  getRoot: () => okText(rootGreeting, 'text/plain; charset=utf-8'),
  throwApiError: () => apiErrors.testError(),
  throwException: () => serverError('The route throws on purpose, as on the server.'),
};
