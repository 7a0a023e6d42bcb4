// Kestrel's minimum request body data rate: once a body has been read for longer than the grace period, its average
// rate since reading began must stay at or above the minimum, else the request is cut off (Kestrel answers 408 and
// closes the connection). Time during which the emulator itself holds the body back (its memory budget is spent, or a
// proxied upstream reads slowly) does not count, as Kestrel counts only time the app waits for data. One heartbeat
// checks every body being read, as Kestrel's once-a-second heartbeat does.
import type { MinimumDataRate } from './server-limits.js';

export interface RateWatch {
  received(bytes: number): void;
  /** The emulator stops reading for a while: not the client's time. */
  pause(): void;
  resume(): void;
  /** The body was read whole, or the request ended: no more checks. */
  stop(): void;
}

class Watched implements RateWatch {
  bytes = 0;
  readonly startedAt = performance.now();
  pausedMs = 0;
  pausedAt: number | undefined;

  constructor(
    private readonly watcher: BodyRateWatcher,
    readonly onTooSlow: () => void,
  ) {}

  received(bytes: number): void {
    this.bytes += bytes;
  }

  pause(): void {
    this.pausedAt ??= performance.now();
  }

  resume(): void {
    if (this.pausedAt === undefined) return;
    this.pausedMs += performance.now() - this.pausedAt;
    this.pausedAt = undefined;
  }

  stop(): void {
    this.watcher.unwatch(this);
  }

  /** Milliseconds spent waiting for the client so far. */
  readingMs(now: number): number {
    return now - this.startedAt - this.pausedMs - (this.pausedAt === undefined ? 0 : now - this.pausedAt);
  }
}

const idleWatch: RateWatch = { received() {}, pause() {}, resume() {}, stop() {} };

export class BodyRateWatcher {
  private readonly watched = new Set<Watched>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly rate: MinimumDataRate | null) {}

  /** Starts watching one body; `onTooSlow` runs once, when it falls below the rate. */
  watch(onTooSlow: () => void): RateWatch {
    if (!this.rate) return idleWatch;
    const entry = new Watched(this, onTooSlow);
    this.watched.add(entry);
    if (!this.heartbeat) {
      // Often enough that a cut comes soon after the grace period, at most once a second as Kestrel's heartbeat.
      this.heartbeat = setInterval(() => this.check(), Math.min(1000, Math.max(20, this.rate.gracePeriodMs / 4)));
      this.heartbeat.unref();
    }
    return entry;
  }

  unwatch(entry: Watched): void {
    this.watched.delete(entry);
  }

  private check(): void {
    const rate = this.rate;
    // Stopped by the heartbeat itself, once nothing is watched: most bodies are read within a tick, and a timer made
    // and cleared for each of them would cost more than the check.
    if (!rate || this.watched.size === 0) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
      return;
    }
    const now = performance.now();
    for (const entry of [...this.watched]) {
      const readingMs = entry.readingMs(now);
      if (readingMs <= rate.gracePeriodMs) continue;
      if (entry.bytes / (readingMs / 1000) >= rate.bytesPerSecond) continue;
      this.unwatch(entry);
      entry.onTooSlow();
    }
  }
}
