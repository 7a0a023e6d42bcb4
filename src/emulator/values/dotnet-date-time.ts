// A `DateTime` as System.Text.Json reads it (its ISO 8601-1:2019 profile): `yyyy-MM-dd`, then optionally
// `THH:mm`, `:ss`, a fraction of up to 16 digits (the first seven count), and `Z`, `±HH` or `±HH:mm` (at most 14
// hours). No offset gives Kind Unspecified, `Z` Kind Utc, and an offset the local time of that instant. The server
// runs with its clock in UTC, so all three are the instant the text names, read as UTC when it has no offset.

const ticksPerMillisecond = 10_000;

export interface DotnetDateTime {
  /** Milliseconds since the Unix epoch (negative before 1970; 0001-01-01 is the smallest). */
  epochMs: number;
  /** The 100 ns ticks below the millisecond, 0 to 9999. */
  subMillisecondTicks: number;
}

/** 0001-01-01T00:00:00, `default(DateTime)`. */
export const dotnetMinDateTimeMs = Date.parse('0001-01-01T00:00:00Z');
/** The last millisecond of 9999-12-31. */
const dotnetMaxDateTimeMs = Date.parse('9999-12-31T23:59:59.999Z');

const pattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{0,16}))?)?(?:(Z)|([+-])(\d{2})(?::(\d{2}))?)?)?$/;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** The instant a JSON string names as System.Text.Json reads a `DateTime`, or undefined when it refuses the text. */
export function readDotnetDateTime(text: string): DotnetDateTime | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction, zulu, sign, offsetHours, offsetMinutes = '0'] = match;
  // The reader wants at least one character after the fraction's period: `…:00.` fails, `…:00.Z` is read.
  if (fraction === '' && zulu === undefined && sign === undefined) return undefined;
  const [year, month, day, hour, minute, second] = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)];
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ticks = Number((fraction ?? '').slice(0, 7).padEnd(7, '0'));
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, Math.floor(ticks / ticksPerMillisecond));
  let epochMs = wall.getTime();
  if (sign !== undefined) {
    const hours = Number(offsetHours);
    const minutes = Number(offsetMinutes);
    if (minutes > 59 || hours > 14 || (hours === 14 && minutes !== 0)) return undefined;
    epochMs -= (sign === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
    // A DateTimeOffset whose UTC instant falls outside years 1 to 9999 cannot be made.
    if (epochMs < dotnetMinDateTimeMs || epochMs > dotnetMaxDateTimeMs) return undefined;
  }
  return { epochMs, subMillisecondTicks: ticks % ticksPerMillisecond };
}

/** Whether it is `default(DateTime)`, which the server's code takes for "not set". */
export const isDotnetDefault = (value: DotnetDateTime): boolean =>
  value.epochMs === dotnetMinDateTimeMs && value.subMillisecondTicks === 0;

/** The instant in UTC with the ticks System.Text.Json keeps (seven fraction digits at most, trailing zeros dropped). */
export function formatUtcDateTime(value: DotnetDateTime): string {
  const date = new Date(value.epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const day = `${year}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  const ticks = date.getUTCMilliseconds() * ticksPerMillisecond + value.subMillisecondTicks;
  const fraction = String(ticks).padStart(7, '0').replace(/0+$/, '');
  return `${day}T${time}${fraction ? `.${fraction}` : ''}Z`;
}

/**
 * A bound DateTime (the binder's UTC text) unless it is `default(DateTime)`, which the server's code takes for "not
 * set" (`if (tokenProps.ExpiresAt == default)`, Fido2Service.CreateRegisterTokenAsync), as it does a member left out.
 */
export const nonDefaultDateTime = (text: string | undefined): string | undefined =>
  text === undefined || text === '0001-01-01T00:00:00Z' ? undefined : text;
