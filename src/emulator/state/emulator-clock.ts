// The emulator's clock: what it reads wherever the server reads its TimeProvider (token lifetimes, magic-link quotas,
// timestamps, events, management dates). It runs with its source (`Date.now`, or a test's fake clock) plus an offset
// that a test suite moves (`POST /__mock/clock`, `startMock().clock`, msw's `emulator.clock`), as Firebase's emulators
// and fake-clock libraries let a test move time instead of sleeping. It never goes back past the issue time of a token
// it handed out unless asked: a token issued "in the future" would outlive its lifetime, and that surprises.

/** Why the clock refused a move: a value it cannot take, or a move back past an issued token. */
export class ClockRefusal extends Error {
  constructor(
    message: string,
    /** `invalid` for a value it cannot take, `backwards` for a move back past an issued token. */
    readonly kind: 'invalid' | 'backwards',
  ) {
    super(message);
  }
}

/** The instants the clock can show: the .NET dates the server writes, with room left for a token's lifetime after. */
export const earliestInstant = Date.parse('1970-01-01T00:00:00.000Z');
export const latestInstant = Date.parse('9000-01-01T00:00:00.000Z');
/** The largest distance from the epoch a JavaScript Date can hold. */
const maxDateMs = 8.64e15;

export interface ClockMoveOptions {
  /** Move back even past the issue time of a token handed out (those tokens then look issued in the future). */
  allowBackwards?: boolean;
}

export class EmulatorClock {
  private offset = 0;
  /** When the latest token was issued, by this clock; a move back past it is refused unless asked. */
  private latestIssue: number | undefined;

  constructor(private readonly source: () => number = Date.now) {}

  /** Milliseconds since the epoch, as the emulator sees them. A property, so it can be handed on as a function. */
  readonly now = (): number => this.source() + this.offset;

  /** The time as ISO 8601 (`2026-03-01T12:00:00.000Z`). */
  iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Whether the clock is moved away from its source. */
  get isMoved(): boolean {
    return this.offset !== 0;
  }

  /** When the latest token was issued (milliseconds since the epoch), if one was since the start or the last reset. */
  get latestTokenIssuedAt(): number | undefined {
    return this.latestIssue;
  }

  /** Moves the clock by this many seconds (a negative number moves it back); the new time. */
  advance(seconds: number, options: ClockMoveOptions = {}): number {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds))
      throw new ClockRefusal(`advanceSeconds must be a finite number of seconds, not ${String(seconds)}.`, 'invalid');
    return this.set(this.now() + Math.round(seconds * 1000), options);
  }

  /** Sets the clock to this instant (milliseconds since the epoch, or ISO 8601 text); the new time. */
  set(instant: number | string, options: ClockMoveOptions = {}): number {
    const target = typeof instant === 'string' ? parseInstant(instant) : instant;
    if (!Number.isFinite(target) || target < earliestInstant || target >= latestInstant) {
      throw new ClockRefusal(
        `The clock can show ${new Date(earliestInstant).toISOString()} up to ${new Date(latestInstant).toISOString()}; ` +
          `${Math.abs(target) <= maxDateMs ? new Date(target).toISOString() : String(instant)} is outside.`,
        'invalid',
      );
    }
    if (this.latestIssue !== undefined && target < this.latestIssue && options.allowBackwards !== true) {
      throw new ClockRefusal(
        `${new Date(target).toISOString()} is before ${new Date(this.latestIssue).toISOString()}, when the emulator ` +
          'issued its latest token; moving back past it would let tokens outlive their lifetime. Send ' +
          '"allowBackwards": true to move it anyway, or reset the state first (DELETE /__mock/state).',
        'backwards',
      );
    }
    this.offset = target - this.source();
    return this.now();
  }

  /** Back to its source's time (`Date.now`), forgetting every move, even back past an issued token. */
  reset(): number {
    this.offset = 0;
    return this.now();
  }

  /** Notes that a token was issued now: the clock will not go back past this instant unless asked. */
  noteTokenIssued(): void {
    const now = this.now();
    if (this.latestIssue === undefined || now > this.latestIssue) this.latestIssue = now;
  }

  /** Forgets the issued tokens (a reset makes them stop verifying, so the clock may go back freely). */
  forgetIssuedTokens(): void {
    this.latestIssue = undefined;
  }
}

/** ISO 8601 with a date, a time and an offset (`Z` or `±hh:mm`): what `{"now": …}` takes. */
const isoInstant = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

function parseInstant(text: string): number {
  const match = isoInstant.exec(text);
  if (!match) {
    throw new ClockRefusal(
      `now must be an ISO 8601 date and time with an offset, such as 2026-03-01T12:00:00Z; got ${JSON.stringify(text.slice(0, 100))}.`,
      'invalid',
    );
  }
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  // Date.parse rolls 02-30 over into March; a date that is not on the calendar is refused instead.
  const calendarDay = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1)).getUTCDate();
  if (
    calendarDay !== day ||
    (month ?? 0) < 1 ||
    (month ?? 0) > 12 ||
    (hour ?? 0) > 23 ||
    (minute ?? 0) > 59 ||
    second > 59 ||
    offsetHours > 14 ||
    offsetMinutes > 59
  )
    throw new ClockRefusal(`now is not a real date and time: ${JSON.stringify(text)}.`, 'invalid');
  return Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
}
