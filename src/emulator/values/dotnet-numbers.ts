// Numbers as the server's System.Text.Json reads and writes them. Integers are read by .NET's Utf8Parser (the `D`
// format: an optional sign, digits, leading zeros allowed, the whole text consumed, no overflow), both from a JSON
// number (TryGetInt32/TryGetInt64, so `30.0` and `3e1` are no Int32) and from a JSON string (`AllowReadingFromString`).
// A double is written as `double.ToString(CultureInfo.InvariantCulture)` writes it on .NET Core 3.0 and later: the
// shortest text that reads back the same, in exponent form (`1E+15`, `1E-05`) past 15 digits or below 0.0001.

const int32 = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const decimalInteger = /^[+-]?\d+$/;

/** The integer Utf8Parser reads from the whole text, as a bigint; undefined when it reads none or it overflows. */
export function parseDotnetInteger(text: string, bits: 32 | 64): bigint | undefined {
  if (!decimalInteger.test(text)) return undefined;
  const value = BigInt(text);
  const range = bits === 32 ? int32 : int64;
  return value < range.min || value > range.max ? undefined : value;
}

/**
 * What the server's AutoNumberToStringConverter makes of a JSON number in a `string` member: an Int64's digits, else
 * the double's text, else (a number no double holds, such as `1e400`) the number's own JSON text.
 */
export function jsonNumberAsDotnetString(raw: string): string {
  const integer = parseDotnetInteger(raw, 64);
  if (integer !== undefined) return integer.toString();
  const double = Number(raw);
  return Number.isFinite(double) ? formatDotnetDouble(double) : raw;
}

/** `double.ToString(CultureInfo.InvariantCulture)` on .NET Core 3.0 and later. */
export function formatDotnetDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest digits that read back the same, as .NET's "R" does.
  const [mantissa = '', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  // .NET's general format: scientific when the decimal exponent passes the precision (at least 15) or is below -5.
  const scale = exponent + 1;
  if (scale > Math.max(digits.length, 15) || scale < -3) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const power = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}E${exponent < 0 ? '-' : '+'}${power}`;
  }
  if (scale <= 0) return `${sign}0.${'0'.repeat(-scale)}${digits}`;
  if (scale >= digits.length) return `${sign}${digits}${'0'.repeat(scale - digits.length)}`;
  return `${sign}${digits.slice(0, scale)}.${digits.slice(scale)}`;
}
