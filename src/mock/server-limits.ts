// The bounds of the HTTP door, like Kestrel's (KestrelServerLimits), which serves the real API: a client that sends its
// headers or its body too slowly is cut off with Kestrel's 408, and what the emulator holds at once (connections,
// request bodies in memory) is bounded, so slow or greedy clients leave it answering the others. Tests pass short ones.
import { bodyLimitBytes } from '../emulator/index.js';

export interface MinimumDataRate {
  bytesPerSecond: number;
  /** How long a body may take before its average rate counts. */
  gracePeriodMs: number;
}

export interface ServerLimits {
  /** Time to receive a request's line and headers once its first byte arrived (Kestrel: 30 s); then a 408. */
  requestHeadersTimeoutMs: number;
  /** Slowest average a request body may arrive at (Kestrel: 240 bytes/s after 5 s), else a 408; null for none. */
  minRequestBodyDataRate: MinimumDataRate | null;
  /**
   * Connections held at once. When a new one would pass it, the oldest connection that is not in the middle of a
   * request goes (one sending half a request first, as slowloris does); with none such, the new one is refused.
   */
  maxConnections: number;
  /**
   * Request-body bytes held in memory at once over all requests; past it, other bodies wait (their clients are not
   * read from) until memory is freed. The oldest body being read always goes on, so one body of the 30,000,000-byte
   * limit always fits. Bodies of a known length up to 64 KiB are not counted (at most one per connection).
   */
  maxBufferedBodyBytes: number;
}

export const defaultServerLimits: ServerLimits = {
  requestHeadersTimeoutMs: 30_000,
  minRequestBodyDataRate: { bytesPerSecond: 240, gracePeriodMs: 5_000 },
  maxConnections: 1_000,
  maxBufferedBodyBytes: 2 * bodyLimitBytes + 4_000_000,
};

const isPositive = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

/** The limits given over the defaults; throws an Error naming the first that is not a positive number. */
export function resolveServerLimits(given: Partial<ServerLimits> = {}): ServerLimits {
  const limits: ServerLimits = { ...defaultServerLimits, ...given };
  for (const name of ['requestHeadersTimeoutMs', 'maxConnections', 'maxBufferedBodyBytes'] as const) {
    if (!isPositive(limits[name]))
      throw new Error(`serverLimits.${name} must be a positive number, not ${String(limits[name])}.`);
  }
  if (!Number.isInteger(limits.maxConnections))
    throw new Error(`serverLimits.maxConnections must be an integer, not ${limits.maxConnections}.`);
  const rate = limits.minRequestBodyDataRate;
  if (rate !== null && (!isPositive(rate.bytesPerSecond) || !isPositive(rate.gracePeriodMs))) {
    throw new Error(
      'serverLimits.minRequestBodyDataRate must be null or { bytesPerSecond, gracePeriodMs }, both positive numbers.',
    );
  }
  return limits;
}
