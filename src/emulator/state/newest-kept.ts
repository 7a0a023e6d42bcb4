// A log that keeps its newest entries up to a bound, oldest first: appending past the bound drops the oldest at a cost
// that does not grow with the bound (the dropped ones are cut away in batches, not one shift of the whole list per
// entry, which cost the emulator a copy of 10,000 events on every event once the log was full).
export class NewestKept<T> {
  private entries: T[];
  /** Index of the oldest entry kept; the ones before it are dropped, waiting to be cut away. */
  private start = 0;

  constructor(
    private readonly bound: number,
    entries: readonly T[] = [],
  ) {
    this.entries = entries.slice(Math.max(0, entries.length - bound));
  }

  get size(): number {
    return this.entries.length - this.start;
  }

  push(entry: T): void {
    this.entries.push(entry);
    if (this.size > this.bound) this.start++;
    // Cut the dropped ones away once they are as many as the kept ones: each entry is moved a bounded number of times.
    if (this.start > 0 && this.start >= this.size) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }

  /** The entries from `from` up to `to` (indexes from the oldest kept, as Array.slice takes them). */
  slice(from = 0, to = this.size): T[] {
    const clamp = (index: number) => this.start + Math.min(Math.max(index, 0), this.size);
    return this.entries.slice(clamp(from), clamp(to));
  }

  /** The newest entry, if any. */
  newest(): T | undefined {
    return this.size > 0 ? this.entries[this.entries.length - 1] : undefined;
  }

  /** The entry `back` places before the newest (0 is the newest). */
  fromNewest(back: number): T | undefined {
    const index = this.entries.length - 1 - back;
    return index >= this.start ? this.entries[index] : undefined;
  }

  /** Keeps only the entries that pass the test (a clean-up, not a hot path: it goes through all of them). */
  keepWhere(test: (entry: T) => boolean): number {
    const kept = this.slice().filter(test);
    const dropped = this.size - kept.length;
    this.entries = kept;
    this.start = 0;
    return dropped;
  }

  /** Every entry kept, oldest first, as a new array. */
  toArray(): T[] {
    return this.slice();
  }
}
