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
