// Values by a text each one holds (a credential by its id, an alias by its hash, a user's entry by its userId), in a
// Map keyed by a 31-bit hash of the text. A Map keyed by the texts themselves compares a text it does not hold with the
// texts in its bucket, and in an app of 100,000 users those are strings spread over hundreds of megabytes of heap: a
// registration, which asks three times for texts not yet held, cost 13–15 µs more there than in an app of 1,000 (the
// mock-scale bench, under the profiler). A number compares without reading anything else; the text is compared only
// with the value found. A text whose hash another holds takes the next free number (linear probing: about 2 texts
// in 100,000), so that all values stay in one Map, which a state file's save copies at once.

/**
 * Where each process's hashes start, drawn at random as V8 draws its own: a client cannot pick texts that all take the
 * same number, which would make every lookup probe all of them.
 */
const hashSeed = crypto.getRandomValues(new Int32Array(1))[0] as number;

/** FNV-1a over the UTF-16 code units from this process's seed, shifted into 31 bits: a small integer for V8. */
export function textHash(text: string): number {
  let hash = hashSeed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >> 1;
}

export class TextIndex<V> {
  private readonly bySlot = new Map<number, V>();

  constructor(
    private readonly keyOf: (value: V) => string,
    private readonly hashOf: (text: string) => number = textHash,
  ) {}

  get size(): number {
    return this.bySlot.size;
  }

  get(text: string): V | undefined {
    return this.bySlot.get(this.slotFor(text));
  }

  has(text: string): boolean {
    return this.bySlot.has(this.slotFor(text));
  }

  /** Stores the value under its text, in place of the one stored under it before. */
  set(value: V): void {
    this.bySlot.set(this.slotFor(this.keyOf(value)), value);
  }

  /** Deletes the value stored under the text; false when none is. */
  delete(text: string): boolean {
    let hole = this.slotFor(text);
    if (!this.bySlot.delete(hole)) return false;
    // The values after the hole whose probe passed over it move into it, so that every value stays reachable.
    for (let slot = hole + 1, held = this.bySlot.get(slot); held !== undefined; held = this.bySlot.get(++slot)) {
      if (this.hashOf(this.keyOf(held)) <= hole) {
        this.bySlot.delete(slot);
        this.bySlot.set(hole, held);
        hole = slot;
      }
    }
    return true;
  }

  /** The values in the order stored (a value moved by a deletion, which is rare, goes last). */
  values(): V[] {
    return [...this.bySlot.values()];
  }

  /** The slot that holds the text, else the free slot where it would go. */
  private slotFor(text: string): number {
    let slot = this.hashOf(text);
    for (let held = this.bySlot.get(slot); held !== undefined; held = this.bySlot.get(++slot)) {
      if (this.keyOf(held) === text) break;
    }
    return slot;
  }
}
