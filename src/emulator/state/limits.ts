// Bounds on what the emulator keeps, so a test suite or a load test that runs for hours cannot exhaust its memory.
// Users and credentials past the bound are refused with a clear answer (the emulator cannot forget them silently:
// a passkey in someone's browser would stop working); events and sent magic links are logs, so the oldest go first.
// Tokens and sessions take no memory at all: they carry their content, signed (tokens/token-codec.ts).
export interface EmulatorLimits {
  /** Apps in all, the seed app and the ones added at run time. */
  apps: number;
  /** Distinct users (with a credential or an alias) per app. */
  usersPerApp: number;
  credentialsPerApp: number;
  aliasesPerApp: number;
  authConfigsPerApp: number;
  /** The newest events kept per app. */
  eventsPerApp: number;
  /** The newest sent magic links kept per app. */
  magicLinksPerApp: number;
}

export const defaultLimits: EmulatorLimits = {
  apps: 100,
  usersPerApp: 10_000,
  credentialsPerApp: 20_000,
  aliasesPerApp: 50_000,
  authConfigsPerApp: 100,
  eventsPerApp: 10_000,
  magicLinksPerApp: 10_000,
};

export function resolveLimits(given: Partial<EmulatorLimits> = {}): EmulatorLimits {
  const limits = { ...defaultLimits, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`limits.${name} must be a positive integer, not ${String(value)}.`);
  }
  return limits;
}

/** Thrown by the state when a bound is reached; the emulator answers it with 507 and this message. */
export class LimitReached extends Error {}
