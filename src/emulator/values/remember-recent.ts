// The results of a costly pure function (a SHA-256) for the keys asked for lately: a client sends the same secret
// and the same aliases call after call. In memory only, and bounded: the oldest key goes when the map is full.

export interface RecentResults<T> {
  /** The result for the key: the one remembered, else computed and remembered. */
  (key: string): Promise<T>;
  /**
   * The result remembered for the key, at once, or undefined when it must be computed: a caller that finds it here
   * answers without waiting for a promise (every request sends a secret; almost always one asked for lately).
   */
  remembered(key: string): T | undefined;
}

/** `compute` never gives undefined: `remembered` says "not remembered" with it. */
export function rememberRecent<T extends NonNullable<unknown>>(
  compute: (key: string) => Promise<T>,
  kept = 256,
): RecentResults<T> {
  const recent = new Map<string, T>();
  const results = async (key: string): Promise<T> => {
    const known = recent.get(key);
    if (known !== undefined) return known;
    const result = await compute(key);
    const oldest = recent.keys().next();
    if (recent.size >= kept && !oldest.done) recent.delete(oldest.value);
    recent.set(key, result);
    return result;
  };
  return Object.assign(results, { remembered: (key: string) => recent.get(key) });
}
