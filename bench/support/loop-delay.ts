// The longest pause of the event loop while some work runs. Node's monitorEventLoopDelay counts the time between two
// of its ticks, and the first tick after enable() or reset() has no tick before it: a pause that starts at once (the
// synchronous start of the work measured) would go uncounted. So a measure starts with a turn of a few ticks, and
// ends with one more turn, which counts a pause that ended the work.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const turn = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class LoopDelay {
  private readonly histogram = monitorEventLoopDelay({ resolution: 1 });

  /** Counts afresh from now on: resolves once the histogram counts the next pause. */
  async start(): Promise<void> {
    this.histogram.disable();
    this.histogram.reset();
    this.histogram.enable();
    await turn(5);
  }

  /** The longest pause since start(), in milliseconds; stops counting. */
  async stop(): Promise<number> {
    await turn(20);
    this.histogram.disable();
    return this.histogram.max / 1e6;
  }
}
