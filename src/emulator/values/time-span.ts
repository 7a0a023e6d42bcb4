// .NET's TimeSpan as System.Text.Json reads and writes it: the constant ("c") format, `[-][d.]hh:mm:ss[.fffffff]`.
// Reading is looser than writing, as Utf8Parser's "c" parser is: spaces or tabs may lead, the seconds may be left out
// (`hh:mm`, `d.hh:mm`), a count of days may stand alone, and the fraction has one to seven digits; the whole JSON
// string must be 8 to 26 bytes long (escapes counted as sent).

const ticksPerSecond = 10_000_000n;
const maxTicks = 2n ** 63n - 1n;

export interface DotnetTimeSpan {
  /** 100 ns ticks; negative for a negative span. */
  ticks: bigint;
}

const component = /^(\d+)/;

/**
 * The span System.Text.Json reads from a JSON string, or undefined when it refuses it. `rawLength` is the string's
 * length as sent (with its escapes), which the reader checks before unescaping.
 */
export function readTimeSpan(text: string, rawLength = text.length, escaped = false): DotnetTimeSpan | undefined {
  if (rawLength < 8 || rawLength > (escaped ? 26 * 6 : 26)) return undefined;
  let rest = text.replace(/^[ \t]+/, '');
  const negative = rest.startsWith('-');
  if (negative) rest = rest.slice(1);
  const values: bigint[] = [];
  let separators = '';
  const takeNumber = (): boolean => {
    const digits = component.exec(rest)?.[1];
    if (digits === undefined || BigInt(digits) > 0xffff_ffffn) return false;
    values.push(BigInt(digits));
    rest = rest.slice(digits.length);
    return true;
  };
  if (!takeNumber()) return undefined;
  // Up to four more components, each after `:` or `.`; a `.` before the third component separates the days.
  while (values.length < 5 && (rest.startsWith(':') || rest.startsWith('.'))) {
    const separator = rest.charAt(0);
    rest = rest.slice(1);
    if (separator === '.' && values.length >= 2) {
      const digits = /^\d{1,7}(?!\d)/.exec(rest)?.[0];
      if (digits === undefined) return undefined;
      values.push(BigInt(digits.padEnd(7, '0')));
      rest = rest.slice(digits.length);
    } else if (!takeNumber()) return undefined;
    separators += separator;
  }
  if (rest !== '') return undefined;
  const layouts: Record<string, (v: bigint[]) => [bigint, bigint, bigint, bigint, bigint]> = {
    '': ([d = 0n]) => [d, 0n, 0n, 0n, 0n],
    ':': ([h = 0n, m = 0n]) => [0n, h, m, 0n, 0n],
    '.:': ([d = 0n, h = 0n, m = 0n]) => [d, h, m, 0n, 0n],
    '::': ([h = 0n, m = 0n, s = 0n]) => [0n, h, m, s, 0n],
    '.::': ([d = 0n, h = 0n, m = 0n, s = 0n]) => [d, h, m, s, 0n],
    '::.': ([h = 0n, m = 0n, s = 0n, f = 0n]) => [0n, h, m, s, f],
    '.::.': ([d = 0n, h = 0n, m = 0n, s = 0n, f = 0n]) => [d, h, m, s, f],
  };
  const layout = layouts[separators];
  if (!layout) return undefined;
  const [days, hours, minutes, seconds, fraction] = layout(values);
  if (hours > 23n || minutes > 59n || seconds > 59n) return undefined;
  const ticks = (((days * 24n + hours) * 60n + minutes) * 60n + seconds) * ticksPerSecond + fraction;
  if (ticks > maxTicks) return undefined;
  return { ticks: negative ? -ticks : ticks };
}

/** The span as System.Text.Json writes it: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimeSpan(value: DotnetTimeSpan): string {
  const negative = value.ticks < 0n;
  let ticks = negative ? -value.ticks : value.ticks;
  const fraction = ticks % ticksPerSecond;
  ticks /= ticksPerSecond;
  const two = (n: bigint) => n.toString().padStart(2, '0');
  const [seconds, minutes, hours, days] = [ticks % 60n, (ticks / 60n) % 60n, (ticks / 3600n) % 24n, ticks / 86_400n];
  const time = `${two(hours)}:${two(minutes)}:${two(seconds)}`;
  const ticksPart = fraction > 0n ? `.${fraction.toString().padStart(7, '0')}` : '';
  return `${negative ? '-' : ''}${days > 0n ? `${days}.` : ''}${time}${ticksPart}`;
}

/** Whole and fractional seconds of a TimeSpan text, or undefined when System.Text.Json would refuse it. */
export function timeSpanSeconds(text: string): number | undefined {
  const span = readTimeSpan(text);
  return span === undefined ? undefined : Number(span.ticks) / 1e7;
}
