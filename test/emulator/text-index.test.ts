// The index behind an app's credentials, aliases and users: values found, replaced and deleted by the text each holds,
// texts whose hashes collide included.
import { describe, expect, it } from 'vitest';
import { TextIndex, textHash } from '../../src/emulator/state/text-index.js';

interface Named {
  name: string;
  version: number;
}
const named = (name: string, version = 1): Named => ({ name, version });
const nameOf = (value: Named) => value.name;

const lastSlot = 2 ** 30 - 1;

/** A small deterministic random sequence, so that a failure repeats. */
function randomInts(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % below;
  };
}

describe('TextIndex', () => {
  it('finds, replaces and deletes values by their text, in the order stored', () => {
    const values = new TextIndex<Named>(nameOf);
    for (const name of ['b', 'a', 'c']) values.set(named(name));
    values.set(named('a', 2));
    expect(values.size).toBe(3);
    expect(values.get('a')).toEqual(named('a', 2));
    expect(values.has('c')).toBe(true);
    expect(values.get('d')).toBeUndefined();
    expect(values.values().map(nameOf)).toEqual(['b', 'a', 'c']);
    expect(values.delete('a')).toBe(true);
    expect(values.delete('a')).toBe(false);
    expect(values.has('a')).toBe(false);
    expect(values.size).toBe(2);
  });

  it('keeps apart texts whose hashes are the same, whichever is deleted first', () => {
    for (const deletedFirst of ['first', 'second']) {
      const values = new TextIndex<Named>(nameOf, () => 5);
      values.set(named('first'));
      expect(values.get('second')).toBeUndefined();
      expect(values.delete('second')).toBe(false);
      values.set(named('second'));
      values.set(named('second', 2));
      expect(values.size).toBe(2);
      expect(values.get('first')).toEqual(named('first'));
      expect(values.get('second')).toEqual(named('second', 2));
      const other = deletedFirst === 'first' ? 'second' : 'first';
      expect(values.delete(deletedFirst)).toBe(true);
      expect(values.get(deletedFirst)).toBeUndefined();
      expect(values.get(other)?.name).toBe(other);
      values.set(named(deletedFirst, 3));
      expect(values.get(deletedFirst)).toEqual(named(deletedFirst, 3));
      expect(values.size).toBe(2);
    }
  });

  it('agrees with a Map over thousands of writes when most hashes collide, in long runs', () => {
    // Six hashes for 40 texts, some next to each other: long runs to probe, and to close up after a deletion.
    const crowdedHash = (text: string) => [lastSlot - 1, lastSlot, -(2 ** 30), 7, 8, 100][text.length % 6] as number;
    const values = new TextIndex<Named>(nameOf, crowdedHash);
    const expected = new Map<string, Named>();
    const random = randomInts(20);
    const texts = Array.from({ length: 40 }, (_, i) => 'x'.repeat(1 + (i % 9)) + String.fromCharCode(97 + i));
    for (let step = 0; step < 5_000; step++) {
      const text = texts[random(texts.length)] as string;
      if (random(3) === 0) {
        expect(values.delete(text)).toBe(expected.delete(text));
      } else {
        const value = named(text, step);
        values.set(value);
        expected.set(text, value);
      }
      expect(values.size).toBe(expected.size);
      const wrong = texts.filter((each) => values.get(each) !== expected.get(each));
      expect(wrong, `after step ${step}`).toEqual([]);
    }
    expect(new Set(values.values())).toEqual(new Set(expected.values()));
  });

  it('hashes into 31 bits, as V8 keeps small integers on every build, the same text alike', () => {
    for (const text of ['', 'a', 'user-0000001', 'ü€😀', 'x'.repeat(1000)]) {
      const hash = textHash(text);
      expect(Number.isInteger(hash)).toBe(true);
      expect(hash).toBeGreaterThanOrEqual(-(2 ** 30));
      expect(hash).toBeLessThanOrEqual(lastSlot);
      expect(textHash(`${text}`)).toBe(hash);
    }
    expect(textHash('user-0000001')).not.toBe(textHash('user-0000002'));
  });
});
