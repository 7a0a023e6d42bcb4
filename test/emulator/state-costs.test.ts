// What a request costs as an app's state grows: the same at 40,000 users as at 1,000, since the state keeps its users
// in indexes (by id, by alias hash, by credential id, and in userId order for /users/list) instead of scanning or
// sorting them on each request. Cost is this process's CPU time (process.cpuUsage, to the microsecond), which other
// processes on a busy machine do not move, as the median of interleaved batches of calls; the bound leaves room for the
// noise that remains (caches, frequency, the collector), while a request that sorts every user costs ten times more at
// 40,000. The figures and targets of the issue (p50 and p99 at 100,000 within 1.2×) are the mock-scale bench's.
import { describe, expect, it, vi } from 'vitest';
import { type Harness, seed, startEmulator, storedCredential, withSecret } from './harness.js';

const secret = withSecret();
const small = 1_000;
const large = 40_000;

/** An emulator whose seed app holds `count` users, each with an alias and a passkey, loaded as a state. */
async function appWithUsers(count: number): Promise<Harness> {
  const harness = await startEmulator();
  const state = harness.emulator.exportState();
  const test = state.apps.find((app) => app.appId === seed.appId);
  if (!test) throw new Error('The seed app is missing.');
  // Users in an order that is not theirs by userId, as a real fill leaves them.
  const ids = Array.from({ length: count }, (_, i) => `user-${String((i * 7919) % count).padStart(6, '0')}`);
  test.aliases = ids.map((userId, i) => ({ userId, hash: `hash-${i}`, plaintext: `${userId}@example.com` }));
  test.credentials = ids.map((userId, i) => storedCredential(userId, i));
  harness.emulator.importState(state);
  return harness;
}

const cpuMicroseconds = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/**
 * The median CPU cost of one `request` on each harness: batches of `batch` calls, the harnesses in turns so that both
 * see the same conditions.
 */
async function medianCosts(
  harnesses: Harness[],
  batch: number,
  request: (harness: Harness, i: number) => Promise<unknown>,
): Promise<number[]> {
  const costs = harnesses.map(() => [] as number[]);
  let call = 0;
  for (let round = 0; round < 15; round++) {
    for (const [h, harness] of harnesses.entries()) {
      const before = cpuMicroseconds();
      for (let i = 0; i < batch; i++) await request(harness, call++);
      costs[h]?.push((cpuMicroseconds() - before) / batch);
    }
  }
  return costs.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0);
}

describe('the cost of a request as the state grows', () => {
  it('is flat for /users/list, which reads the first 1,000 users by userId without sorting them all', async () => {
    const harnesses = [await appWithUsers(small), await appWithUsers(large)];
    for (const harness of harnesses) {
      const listed = (await harness.get('/users/list', secret)).body.values;
      expect(listed).toHaveLength(1000);
      expect(listed[0]).toMatchObject({ userId: 'user-000000', aliasCount: 1, credentialsCount: 1 });
      expect(listed.at(-1).userId).toBe('user-000999');
    }
    const [atSmall = 0, atLarge = 0] = await medianCosts(harnesses, 1, (harness) => harness.get('/users/list', secret));
    expect(atLarge / atSmall, `${atSmall.toFixed(0)} µs at ${small} users, ${atLarge} µs at ${large}`).toBeLessThan(3);
  });

  it('lists /users/list by walking the users in order, without a lookup per user in the maps of every user', async () => {
    // In an app of 100,000 users, a lookup in a map of every user costs a cache miss or two, which made the listing
    // half as slow again as in an app of 1,000 (bench/mock-scale.ts); the ordered users hold their entries instead.
    const harnesses = [await appWithUsers(small), await appWithUsers(large)];
    // Lookups in maps of more users than the listing holds (its own map of summaries holds 1,000).
    const lookupsInMapsOfEveryUser = async (harness: Harness) => {
      const get = vi.spyOn(Map.prototype, 'get');
      try {
        expect((await harness.get('/users/list', secret)).body.values).toHaveLength(1000);
        return get.mock.contexts.filter((map) => (map as Map<unknown, unknown>).size > 1000).length;
      } finally {
        get.mockRestore();
      }
    };
    const [atSmall, atLarge] = [
      await lookupsInMapsOfEveryUser(harnesses[0]!),
      await lookupsInMapsOfEveryUser(harnesses[1]!),
    ];
    expect(atSmall).toBe(0);
    expect(atLarge).toBe(0);
  });

  it('is flat for /alias and /register/token, which look aliases up by hash', async () => {
    const harnesses = [await appWithUsers(small), await appWithUsers(large)];
    const [aliasSmall = 0, aliasLarge = 0] = await medianCosts(harnesses, 10, (harness, i) =>
      harness.post('/alias', { userId: `new-${i}`, aliases: [`new-${i}@example.com`] }, secret),
    );
    expect(aliasLarge / aliasSmall, `${aliasSmall} µs at ${small} users, ${aliasLarge} µs at ${large}`).toBeLessThan(3);
    const [tokenSmall = 0, tokenLarge = 0] = await medianCosts(harnesses, 10, (harness, i) =>
      harness.post('/register/token', { userId: `user-${i}`, username: 'u', aliases: [`other-${i}`] }, secret),
    );
    expect(tokenLarge / tokenSmall, `${tokenSmall} µs at ${small} users, ${tokenLarge} µs at ${large}`).toBeLessThan(3);
  });
});
