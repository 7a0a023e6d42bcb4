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

interface Watched {
  bytes: number;
  startedAt: number;
  pausedMs: number;
  pausedAt: number | undefined;
  onTooSlow: () => void;
}

const idleWatch: RateWatch = { received() {}, pause() {}, resume() {}, stop() {} };

export class BodyRateWatcher {
  private readonly watched = new Set<Watched>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly rate: MinimumDataRate | null) {}

  /** Starts watching one body; `onTooSlow` runs once, when it falls below the rate. */
  watch(onTooSlow: () => void): RateWatch {
    if (!this.rate) return idleWatch;
    const entry: Watched = { bytes: 0, startedAt: performance.now(), pausedMs: 0, pausedAt: undefined, onTooSlow };
    this.watched.add(entry);
    this.startHeartbeat();
    return {
      received: (bytes) => {
        entry.bytes += bytes;
      },
      pause: () => {
        entry.pausedAt ??= performance.now();
      },
      resume: () => {
        if (entry.pausedAt === undefined) return;
        entry.pausedMs += performance.now() - entry.pausedAt;
        entry.pausedAt = undefined;
      },
      stop: () => this.unwatch(entry),
    };
  }

  private startHeartbeat(): void {
    if (this.heartbeat || !this.rate) return;
    // Often enough that a cut comes soon after the grace period, at most once a second as Kestrel's heartbeat.
    const every = Math.min(1000, Math.max(20, this.rate.gracePeriodMs / 4));
    this.heartbeat = setInterval(() => this.check(), every);
    this.heartbeat.unref();
  }

  private unwatch(entry: Watched): void {
    this.watched.delete(entry);
    if (this.watched.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }

  private check(): void {
    const rate = this.rate;
    if (!rate) return;
    const now = performance.now();
    for (const entry of [...this.watched]) {
      const readingMs =
        now - entry.startedAt - entry.pausedMs - (entry.pausedAt === undefined ? 0 : now - entry.pausedAt);
      if (readingMs <= rate.gracePeriodMs) continue;
      if (entry.bytes / (readingMs / 1000) >= rate.bytesPerSecond) continue;
      this.unwatch(entry);
      entry.onTooSlow();
    }
  }
}
