// The JSON text of a body as the server's reader takes it (System.Text.Json's Utf8JsonReader with ASP.NET's default
// options): RFC 8259 and nothing more, one value, at most 64 levels of nesting; and the walk the binder takes over text
// that passed, which keeps each value as sent.
import { describe, expect, it } from 'vitest';
import { checkJsonText, JsonText, maxJsonDepth } from '../../src/emulator/binding/json-text.js';

const nested = (depth: number, inner = '') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

describe('what the reader refuses', () => {
  it.each([
    ['a trailing comma in an object', '{"a":1,}'],
    ['a trailing comma in an array', '[1,]'],
    ['a comment', '{"a":1 /* no */}'],
    ['a single-quoted string', "{'a':1}"],
    ['an unquoted name', '{a:1}'],
    ['a leading zero', '{"a":01}'],
    ['a number without digits after its point', '1.'],
    ['NaN', 'NaN'],
    ['a raw tab in a string', '"a\tb"'],
    ['an unknown escape', String.raw`"\x41"`],
    ['a short \\u escape', String.raw`"\u12"`],
    ['a second value', '{} {}'],
    ['an unclosed object', '{"a":1'],
    ['nothing at all', ' \n '],
  ])('%s', (_, text) => {
    expect(checkJsonText(text)).toMatch(/LineNumber: \d+ \| BytePositionInLine: \d+\.$/);
  });

  it('reads 64 levels of objects and arrays, and refuses the 65th', () => {
    expect(maxJsonDepth).toBe(64);
    expect(checkJsonText(nested(64))).toBeUndefined();
    expect(checkJsonText(`{"a":${nested(63, '{"b":1}')}}`)).toMatch(/maximum configured depth of 64 has been exceeded/);
    expect(checkJsonText(nested(65))).toMatch(
      /^The maximum configured depth of 64 has been exceeded. Cannot read next JSON array/,
    );
  });

  it('refuses 200,000 levels without recursing', () => {
    expect(checkJsonText(nested(200_000))).toMatch(/depth of 64/);
    expect(checkJsonText(`${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`)).toMatch(/depth of 64/);
    // A recursive reader would have overflowed the stack long before the 65th level's message.
  });

  it('accepts what RFC 8259 allows: white space, escapes, exponents, any value at the root', () => {
    for (const text of [' {"a" : [ 1 , -0.5e+3 , true , null ] } ', String.raw`"\u00e9\n\"\/"`, '0', 'false', '[]']) {
      expect(checkJsonText(text)).toBeUndefined();
    }
  });

  it('says where the problem is, in UTF-8 bytes of its line', () => {
    expect(checkJsonText('{\n  "é": x}')).toBe(
      "'x' is an invalid start of a value. LineNumber: 1 | BytePositionInLine: 8.",
    );
  });
});

describe('the walk over accepted text', () => {
  const text = String.raw`{ "a" : 1.50 , "b": { "c" : [ 1, "x\ud83d\ude00" ] }, "d": "\udc00", "e": "\"q\"" }`;
  const json = new JsonText(text);
  const members = json.members(json.root());

  it('lists members in the order sent, with their names read and their values kept as sent', () => {
    expect(members.map((member) => json.readString(member.name).value)).toEqual(['a', 'b', 'd', 'e']);
    expect(members.map((member) => json.raw(member.value))).toEqual([
      '1.50',
      '{ "c" : [ 1, "x\\ud83d\\ude00" ] }',
      '"\\udc00"',
      '"\\"q\\""',
    ]);
  });

  it('reads a surrogate pair from its escapes, and marks half of one as the reader refuses it', () => {
    const [, b, d] = members;
    const inner = json.members(b?.value ?? 0)[0];
    expect(json.items(inner?.value ?? 0).map((item) => json.kindAt(item))).toEqual(['number', 'string']);
    expect(json.readString(json.items(inner?.value ?? 0)[1] ?? 0).value).toBe('x😀');
    expect(json.readString(d?.value ?? 0).invalid).toMatch(/Invalid surrogate value: '0xDC00'/);
  });
});
