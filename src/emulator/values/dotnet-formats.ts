// How the server writes times and ids (api-inventory §1.4): System.Text.Json writes a DateTime with up to seven
// fraction digits, trailing zeros trimmed; one read back from the database carries no offset, one made from UtcNow
// ends in `Z`, a DateTimeOffset in `+00:00`. JavaScript clocks tick in milliseconds, so the four digits below the
// millisecond are random, as the server's own sub-millisecond digits look.
import { hex, randomBytes } from './bytes.js';

// Under load many values share a millisecond: its ISO form is made once.
let lastInstant = Number.NaN;
let lastIso = '';

function dotnetFraction(instant: number): { base: string; fraction: string } {
  if (instant !== lastInstant) {
    lastInstant = instant;
    lastIso = new Date(instant).toISOString();
  }
  const ticks = `${lastIso.slice(20, 23)}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  let end = ticks.length;
  while (end > 0 && ticks.charCodeAt(end - 1) === 48) end--; // .NET drops trailing zeros ('0' is 48)
  return { base: lastIso.slice(0, 19), fraction: end === 0 ? '' : `.${ticks.slice(0, end)}` };
}

/** A `DateTime` read back from the database (Kind Unspecified): no offset. */
export function databaseDateTime(instant: number): string {
  const { base, fraction } = dotnetFraction(instant);
  return `${base}${fraction}`;
}

/** A `DateTime` of Kind Utc (token times): `Z`. */
export function utcDateTime(instant: number): string {
  return `${databaseDateTime(instant)}Z`;
}

/** A `DateTimeOffset` made from a database time on a server whose clock is UTC. */
export function offsetDateTime(instant: number): string {
  return `${databaseDateTime(instant)}+00:00`;
}

/** The W3C trace context id .NET 9's problem details writer appends as `traceId`. */
export const traceId = (): string => `00-${hex(randomBytes(16))}-${hex(randomBytes(8))}-00`;

/** How Humanizer words a span in `The token expired … ago.`: its largest unit, rounded down. */
export function humanizedAge(milliseconds: number): string {
  const units: [string, number][] = [
    ['week', 604_800_000],
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
    ['millisecond', 1],
  ];
  for (const [unit, size] of units) {
    const count = Math.floor(milliseconds / size);
    if (count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'}`;
  }
  return 'no time';
}
