// Minor collections (scavenges) asked for while a big state file loads. Everything a load makes survives, and V8
// scavenges when its young generation (64 MB on a machine of this size) is full: each scavenge then copies about 40 MB
// of records and holds the event loop 65–95 ms on two cores. Asked for after every few megabytes of text, a scavenge
// copies a few megabytes and takes 10–35 ms; the load takes as long as before (bench/mock-scale.ts).
//
// Node offers no call for a scavenge without --expose-gc, which a library cannot pass. The flag is switched on only
// for as long as a new context takes to be made (the one place V8 reads it), and its `gc` kept; nothing else runs
// meanwhile, so the process is left as it was. A process started with --expose-gc has its own `gc`, used as it is.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GarbageCollector = (options: { type: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

let collector: GarbageCollector | null | undefined;

const startedWithExposeGc = () =>
  [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) => /^--expose[-_]gc$/.test(flag));

function garbageCollector(): GarbageCollector | null {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as GarbageCollector;
  // Its user's flag, and a `gc` they took away: left alone.
  if (startedWithExposeGc()) return null;
  try {
    setFlagsFromString('--expose-gc');
    const exposed: unknown = runInNewContext('gc');
    return typeof exposed === 'function' ? (exposed as GarbageCollector) : null;
  } catch {
    // A runtime that refuses the flag loads as V8 schedules its collections.
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** A scavenge now, where the runtime allows one to be asked for; nothing otherwise. */
export function scavengeNow(): void {
  collector ??= garbageCollector();
  collector?.({ type: 'minor' });
}
