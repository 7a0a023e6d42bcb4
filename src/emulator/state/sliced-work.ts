// Work over many records written once and run two ways: at once (a caller's synchronous import) or in slices that each
// end with a turn of the event loop, so that a server keeps answering while a million users are checked and indexed
// (a load held the event loop for 21.8 s). The work is a generator that yields when a slice is full.
export type SlicedWork<T> = Generator<void, T, void>;

/**
 * Records per slice: a millisecond or two of checking or indexing, so that a turn in which the collector also
 * scavenges (85 ms for a young generation full of records) stays within 100 ms.
 */
export const recordsPerSlice = 500;

/** Counts the records done across a whole load and says when a slice is full. */
export class SliceCounter {
  private done = 0;

  constructor(private readonly perSlice = recordsPerSlice) {}

  /** One more record done; true when it fills a slice (the work then yields). */
  tick(): boolean {
    this.done++;
    return this.done % this.perSlice === 0;
  }
}

/** Runs the work to its end without yielding to the event loop. */
export function runAtOnce<T>(work: SlicedWork<T>): T {
  let step = work.next();
  while (!step.done) step = work.next();
  return step.value;
}

// setImmediate is Node's; a browser (the msw door) has setTimeout, whose turn is a little later.
const nextTurn = (): Promise<void> =>
  new Promise((resolve) =>
    typeof globalThis.setImmediate === 'function' ? globalThis.setImmediate(resolve) : setTimeout(resolve, 0),
  );

/** Runs the work a slice at a time, letting the event loop turn between slices. */
export async function runInSlices<T>(work: SlicedWork<T>): Promise<T> {
  let step = work.next();
  while (!step.done) {
    await nextTurn();
    step = work.next();
  }
  return step.value;
}
