// The state file's reader gives what JSON.parse gives, for any JSON text cut into any chunks, and refuses what
// JSON.parse refuses: property-based, with fast-check (seeded, so a failure replays), with batches small enough that
// every array deep enough is parsed in many of them and chunks as short as one byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchedJsonReader, JsonTextError } from '../../src/mock/batched-json-reader.js';

/** The text in chunks cut at `cuts` (even between the two halves of a surrogate pair). */
function readInChunks(text: string, cuts: number[], options = { batchedDepth: 1, batchLength: 16 }): unknown {
  const reader = new BatchedJsonReader(options);
  let from = 0;
  for (const cut of [...new Set(cuts.map((at) => at % (text.length + 1)))].sort((a, b) => a - b)) {
    reader.write(text.slice(from, cut));
    from = cut;
  }
  reader.write(text.slice(from));
  return reader.end();
}

const anyJson = fc.jsonValue({ maxDepth: 5 });
const cuts = fc.array(fc.nat(), { maxLength: 40 });
const settings = { seed: 20261207, numRuns: 400 };

describe('BatchedJsonReader', () => {
  it('reads any JSON text as JSON.parse does, however it is cut into chunks, compact or indented', () => {
    fc.assert(
      fc.property(anyJson, cuts, fc.boolean(), fc.integer({ min: 0, max: 3 }), (value, at, indented, depth) => {
        const text = JSON.stringify(value, null, indented ? 2 : undefined);
        expect(readInChunks(text, at, { batchedDepth: depth, batchLength: 16 })).toEqual(JSON.parse(text));
      }),
      settings,
    );
  });

  it('reads one character at a time, with strings that hold quotes, backslashes and characters past ASCII', () => {
    const text = JSON.stringify({
      apps: [{ records: ['a"b', 'c\\', '\\"', '\\\\"x', 'é€😀', { '"k\\': ['\\', '"'] }, 1e-7, -0, true, null] }],
    });
    const everyCharacter = Array.from({ length: text.length }, (_, at) => at);
    expect(readInChunks(text, everyCharacter)).toEqual(JSON.parse(text));
  });

  it('keeps a "__proto__" member as a member, as JSON.parse does', () => {
    const read = readInChunks('{"__proto__": {"polluted": true}, "list": [{"__proto__": 1}]}', [7, 19]) as Record<
      string,
      unknown
    >;
    expect(Object.hasOwn(read, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses, with a JsonTextError, every text JSON.parse refuses, and reads the rest as it does', () => {
    const mutated = fc
      .tuple(anyJson, fc.nat(), fc.constantFrom('', ',', ']', '}', '"', '\\', ':', '{', '[', 'x', '1', ' '))
      .map(([value, at, insert]) => {
        const text = JSON.stringify(value);
        const where = at % (text.length + 1);
        // Half of them lose a character where the other is put.
        return text.slice(0, where) + insert + text.slice(where + (at % 2));
      });
    fc.assert(
      fc.property(mutated, cuts, (text, at) => {
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          expect(() => readInChunks(text, at)).toThrow(JsonTextError);
          return;
        }
        expect(readInChunks(text, at)).toEqual(expected);
      }),
      { ...settings, numRuns: 1000 },
    );
  });

  it('never quotes the text around a mistake, which may be part of a key', () => {
    const text = '{"apps": [{"list": [{"tokenKey": {"secret": "s3cr3tSigningKey9", "n": x}}]}]}';
    // The batch's own message was `Unexpected token 'x', ..."y9", "n": x}}]" is not valid JSON`.
    expect(() => readInChunks(text, [])).toThrow(/^Unexpected token 'x', in the text from position 10$/);
    expect(() => readInChunks('{"key": "s3cr3tSigningKey9", "n": x}', [])).toThrow(
      /^Unexpected token 'x', in the text from position 34$/,
    );
  });

  it('says where the text stops being JSON', () => {
    expect(() => readInChunks('', [])).toThrow('Unexpected end of JSON input');
    expect(() => readInChunks('{"version": 1, "apps": [', [3])).toThrow('Unexpected end of JSON input');
    expect(() => readInChunks('{"version": 1} trailing', [])).toThrow(
      'Unexpected non-whitespace character after JSON at position 15',
    );
    expect(() => readInChunks('{"a" 1}', [])).toThrow('Unexpected token "1", a colon was expected at position 5');
    expect(() => readInChunks('[[1, 2], [3, {"a": }]]', [])).toThrow(/in the text from position 10$/);
  });
});
