// The bounded log behind the event log and the magic-link outbox: the newest entries kept, oldest first, at a cost per
// entry that does not grow with the bound.
import { describe, expect, it } from 'vitest';
import { NewestKept } from '../../src/emulator/state/newest-kept.js';

describe('NewestKept', () => {
  it('keeps the newest entries up to its bound, oldest first, through many cut-aways', () => {
    const log = new NewestKept<number>(3, [1, 2, 3, 4, 5]);
    expect(log.toArray()).toEqual([3, 4, 5]);
    for (let entry = 6; entry <= 100; entry++) {
      log.push(entry);
      expect(log.size).toBe(3);
      expect(log.toArray()).toEqual([entry - 2, entry - 1, entry]);
      expect(log.newest()).toBe(entry);
      expect(log.fromNewest(2)).toBe(entry - 2);
      expect(log.fromNewest(3)).toBeUndefined();
    }
    expect(log.slice(1)).toEqual([99, 100]);
    expect(log.slice(-5, 2)).toEqual([98, 99]);
  });

  it('keeps only the entries that pass a test, and goes on from there', () => {
    const log = new NewestKept<number>(4, [1, 2, 3, 4]);
    expect(log.keepWhere((entry) => entry % 2 === 0)).toBe(2);
    expect(log.toArray()).toEqual([2, 4]);
    log.push(5);
    log.push(6);
    log.push(7);
    expect(log.toArray()).toEqual([4, 5, 6, 7]);
    expect(new NewestKept<number>(2).newest()).toBeUndefined();
  });
});
