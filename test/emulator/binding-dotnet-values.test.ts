// The .NET values the binder reads and writes as the server does: DateTime (System.Text.Json's ISO 8601 profile),
// TimeSpan ("c"), Guid ("D"), numbers (Utf8Parser's integers, double.ToString()), and base64url as .NET decodes it.
import { describe, expect, it } from 'vitest';
import { fromBase64UrlLikeDotnet, toBase64Url } from '../../src/emulator/values/bytes.js';
import {
  formatUtcDateTime,
  isDotnetDefault,
  nonDefaultDateTime,
  readDotnetDateTime,
} from '../../src/emulator/values/dotnet-date-time.js';
import { readDotnetGuid } from '../../src/emulator/values/dotnet-guid.js';
import {
  formatDotnetDouble,
  jsonNumberAsDotnetString,
  parseDotnetInteger,
} from '../../src/emulator/values/dotnet-numbers.js';
import { formatTimeSpan, readTimeSpan, timeSpanSeconds } from '../../src/emulator/values/time-span.js';

const utc = (text: string) => {
  const value = readDotnetDateTime(text);
  return value ? formatUtcDateTime(value) : 'refused';
};

describe('DateTime', () => {
  it('reads a date, a time without seconds, fractions of up to 16 digits, Z, ±hh and ±hh:mm', () => {
    expect(utc('2030-01-01')).toBe('2030-01-01T00:00:00Z');
    expect(utc('2030-01-01T10:32')).toBe('2030-01-01T10:32:00Z');
    expect(utc('2030-01-01T10:32Z')).toBe('2030-01-01T10:32:00Z');
    expect(utc('2030-01-01T00:00:00.123456789012Z')).toBe('2030-01-01T00:00:00.1234567Z');
    expect(utc('2030-01-01T00:00:00.Z')).toBe('2030-01-01T00:00:00Z');
    expect(utc('2030-01-01T00:00:00+02')).toBe('2029-12-31T22:00:00Z');
    expect(utc('2030-01-01T00:00:00-14:00')).toBe('2030-01-01T14:00:00Z');
    expect(utc('2024-02-29T23:59:59.9999999')).toBe('2024-02-29T23:59:59.9999999Z');
  });

  it('refuses what the reader refuses', () => {
    for (const text of [
      '2030-01-01T00:00:00.',
      '2030-01-01T00:00:00.12345678901234567Z',
      '2030-01-01T00:00:00+14:01',
      '2030-01-01T24:00:00',
      '2030-01-01t00:00:00z',
      '2030-01-01 00:00:00',
      '2023-02-29',
      '0000-01-01',
      '0001-01-01T00:00:00+02:00',
      '9999-12-31T23:00:00-02:00',
      '2030-1-1',
    ]) {
      expect(utc(text), text).toBe('refused');
    }
  });

  it('knows default(DateTime) whichever way it is written, and nothing else', () => {
    for (const text of ['0001-01-01T00:00:00Z', '0001-01-01', '0001-01-01T01:00:00+01:00']) {
      const value = readDotnetDateTime(text);
      expect(value && isDotnetDefault(value), text).toBe(true);
      expect(nonDefaultDateTime(value && formatUtcDateTime(value))).toBeUndefined();
    }
    expect(nonDefaultDateTime('0001-01-01T00:00:00.0000001Z')).toBe('0001-01-01T00:00:00.0000001Z');
  });
});

describe('TimeSpan', () => {
  const span = (text: string) => {
    const value = readTimeSpan(text);
    return value ? formatTimeSpan(value) : 'refused';
  };

  it('reads the "c" forms Utf8Parser reads and writes the "c" format', () => {
    expect(span('00:02:00')).toBe('00:02:00');
    expect(span('1.13:00:00')).toBe('1.13:00:00');
    expect(span('10.00:00')).toBe('10.00:00:00');
    expect(span('00000005')).toBe('5.00:00:00');
    expect(span('\t  1:2:3')).toBe('01:02:03');
    expect(span('-00:00:01.5')).toBe('-00:00:01.5000000');
    expect(span('10675199.02:48:05.4775807')).toBe('10675199.02:48:05.4775807');
    expect(timeSpanSeconds('00:03:00')).toBe(180);
  });

  it('refuses fewer than 8 or more than 26 characters, and anything past the parsed span', () => {
    for (const text of [
      '1:2:3',
      '00:00:60',
      '25:00:00',
      '00:00:00.12345678',
      '00:00:00:00',
      '00:02:00 ',
      '1.2.3.4.5',
    ]) {
      expect(span(text), text).toBe('refused');
    }
    expect(span('10675199.02:48:05.4775808')).toBe('refused');
    // The length limits are the JSON string's as sent: escapes count.
    expect(readTimeSpan('01:00', String.raw`\u00301:00`.length, true)).toBeDefined();
  });
});

describe('Guid, numbers and base64url', () => {
  it('reads a Guid only in its hyphenated form and writes it in lower case', () => {
    expect(readDotnetGuid('EE882879-721C-4913-9775-3DFCCE97072A')).toBe('ee882879-721c-4913-9775-3dfcce97072a');
    expect(readDotnetGuid('ee882879721c491397753dfcce97072a')).toBeUndefined();
  });

  it("reads integers as Utf8Parser's D format does", () => {
    expect(parseDotnetInteger('+007', 32)).toBe(7n);
    expect(parseDotnetInteger('-2147483648', 32)).toBe(-2147483648n);
    expect(parseDotnetInteger('2147483648', 32)).toBeUndefined();
    expect(parseDotnetInteger('9223372036854775807', 64)).toBe(9223372036854775807n);
    for (const text of ['1.0', '1e2', ' 1', '', '-']) expect(parseDotnetInteger(text, 64)).toBeUndefined();
  });

  it('writes a JSON number as the AutoNumberToStringConverter does', () => {
    expect(jsonNumberAsDotnetString('9223372036854775807')).toBe('9223372036854775807');
    expect(jsonNumberAsDotnetString('9223372036854775808')).toBe('9.223372036854776E+18');
    expect(jsonNumberAsDotnetString('-0')).toBe('0');
    expect(jsonNumberAsDotnetString('-0.0')).toBe('-0');
    expect(jsonNumberAsDotnetString('1e400')).toBe('1e400');
    expect([1e14, 1e15, 0.0001, 0.00001, 123.456, 5e-324, -2.5e-7].map(formatDotnetDouble)).toEqual([
      '100000000000000',
      '1E+15',
      '0.0001',
      '1E-05',
      '123.456',
      '5E-324',
      '-2.5E-07',
    ]);
  });

  it('decodes base64url as .NET does: white space skipped, padding allowed, a lone last character refused', () => {
    const decoded = (text: string) => {
      const bytes = fromBase64UrlLikeDotnet(text);
      return bytes ? toBase64Url(bytes) : 'refused';
    };
    expect(decoded('Y3Jl ZGVu\r\ndGlhbA==')).toBe('Y3JlZGVudGlhbA');
    expect(decoded('A')).toBe('refused');
    expect(decoded('ab+/')).toBe('refused');
    expect(decoded('AA===')).toBe('refused');
  });
});
