import { expect, it } from 'vitest';
import { rememberRecent } from '../../src/emulator/values/remember-recent.js';

it('computes a key once while it is among the recent ones, and forgets the oldest past the bound', async () => {
  const computed: string[] = [];
  const hashed = rememberRecent(async (key) => {
    computed.push(key);
    return `hash of ${key}`;
  }, 2);
  expect(await hashed('a')).toBe('hash of a');
  expect(await hashed('a')).toBe('hash of a');
  expect(await hashed('b')).toBe('hash of b');
  expect(computed).toEqual(['a', 'b']);
  await hashed('c'); // 'a' goes
  await hashed('b');
  await hashed('a');
  expect(computed).toEqual(['a', 'b', 'c', 'a']);
});

it('gives a remembered result at once, and nothing for a key not computed yet or forgotten', async () => {
  const hashed = rememberRecent(async (key) => `hash of ${key}`, 2);
  expect(hashed.remembered('a')).toBeUndefined();
  expect(await hashed('a')).toBe('hash of a');
  expect(hashed.remembered('a')).toBe('hash of a');
  await hashed('b');
  await hashed('c'); // 'a' goes
  expect(hashed.remembered('a')).toBeUndefined();
  expect(hashed.remembered('c')).toBe(await hashed('c'));
});
