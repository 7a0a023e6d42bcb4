// The results of a costly pure function (a SHA-256) for the keys asked for lately: a client sends the same secret
// and the same aliases call after call. In memory only, and bounded: the oldest key goes when the map is full.
export function rememberRecent<T>(compute: (key: string) => Promise<T>, kept = 256): (key: string) => Promise<T> {
  const recent = new Map<string, T>();
  return async (key) => {
    const known = recent.get(key);
    if (known !== undefined) return known;
    const result = await compute(key);
    const oldest = recent.keys().next();
    if (recent.size >= kept && !oldest.done) recent.delete(oldest.value);
    recent.set(key, result);
    return result;
  };
}
