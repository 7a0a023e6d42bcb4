// Bounds on what the emulator keeps, so a test suite or a load test that runs for hours cannot exhaust its memory, set
// high enough that no realistic suite meets them (a CI that keeps one emulator for every run creates thousands of apps;
// the official .NET SDK's suite alone creates 14 per run). Users and credentials past a bound are refused with a
// clear answer (the emulator cannot forget them silently: a passkey in someone's browser would stop working); events
// and sent magic links are logs, so the oldest go first. Tokens and sessions take no memory at all: they carry their
// content, signed (tokens/token-codec.ts). The bounds in all apps keep the whole within memory: a million users, each
// with an alias and a passkey, take about a gigabyte (`npm run bench -- --only mock-scale`).
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
  /** Users in all apps together. */
  usersInAll: number;
  /** Credentials in all apps together. */
  credentialsInAll: number;
  /** Aliases in all apps together. */
  aliasesInAll: number;
}

export type LimitName = keyof EmulatorLimits;

export const defaultLimits: Readonly<EmulatorLimits> = {
  apps: 10_000,
  usersPerApp: 100_000,
  credentialsPerApp: 200_000,
  aliasesPerApp: 500_000,
  authConfigsPerApp: 1_000,
  eventsPerApp: 10_000,
  magicLinksPerApp: 10_000,
  usersInAll: 1_000_000,
  credentialsInAll: 2_000_000,
  aliasesInAll: 2_000_000,
};

export const limitNames = Object.keys(defaultLimits) as LimitName[];

/** What each limit bounds, in words (the command's --help, the state page). */
export const limitDescriptions: Readonly<Record<LimitName, string>> = {
  apps: 'apps in all',
  usersPerApp: 'users of one app',
  credentialsPerApp: 'passkeys of one app',
  aliasesPerApp: 'aliases of one app',
  authConfigsPerApp: 'authentication configurations of one app',
  eventsPerApp: 'events kept per app (the newest)',
  magicLinksPerApp: 'sent magic links kept per app (the newest)',
  usersInAll: 'users in all apps',
  credentialsInAll: 'passkeys in all apps',
  aliasesInAll: 'aliases in all apps',
};

const isLimitName = (name: string): name is LimitName => Object.hasOwn(defaultLimits, name);

export function resolveLimits(given: Partial<EmulatorLimits> = {}): EmulatorLimits {
  const limits = { ...defaultLimits };
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!isLimitName(name)) throw new Error(`limits.${name} is not a limit; the limits are ${limitNames.join(', ')}.`);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`limits.${name} must be a positive integer, not ${String(value)}.`);
    limits[name] = value;
  }
  return limits;
}

/**
 * Limits as the command takes them: `name=<n>` settings (`--limit usersPerApp=200000`, repeatable), or several
 * separated by commas or spaces (`PASSWORDLESS_MOCK_LIMITS="apps=50000,usersPerApp=200000"`). `from` names where they
 * came from in an error. Digits may be grouped with `_` (`200_000`).
 */
export function parseLimitSettings(settings: readonly string[], from: string): Partial<EmulatorLimits> {
  const limits: Partial<EmulatorLimits> = {};
  for (const setting of settings.flatMap((text) => text.split(/[\s,]+/)).filter((text) => text !== '')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(setting);
    if (!match) throw new Error(`${from}: "${setting}" is not <name>=<n>, such as usersPerApp=200000.`);
    const [, name = '', text = ''] = match;
    if (!isLimitName(name))
      throw new Error(`${from}: "${name}" is not a limit; the limits are ${limitNames.join(', ')}.`);
    const value = /^\d+(?:_\d+)*$/.test(text) ? Number(text.replaceAll('_', '')) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`${from}: ${name}=${text} is not a positive whole number.`);
    limits[name] = value;
  }
  return limits;
}

/** Thrown by the state when a bound is reached; the emulator answers it with 507 and this message. */
export class LimitReached extends Error {
  /**
   * `situation` says what is full and `remedy` how to make room; the message adds the limit's name and how to raise
   * it, from the command, the environment and the code.
   */
  constructor(
    readonly limit: LimitName,
    situation: string,
    remedy: string,
  ) {
    super(
      `${situation}, the emulator's limit ${limit}; ${remedy}, or raise the limit: --limit ${limit}=<n> on the ` +
        `command (PASSWORDLESS_MOCK_LIMITS="${limit}=<n>", startMock({ limits: { ${limit}: <n> } })).`,
    );
  }
}
