// scavengeNow() asks V8 for a scavenge (a state file's load asks for one every few megabytes), and leaves the process's
// flags as they were: a process without --expose-gc still makes contexts without `gc`, one with it keeps its own.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

const script = `
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { scavengeNow } from './src/mock/scavenge-now.ts';
const forced = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (entry.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) forced.push(entry.detail.kind);
});
observer.observe({ entryTypes: ['gc'] });
scavengeNow();
scavengeNow();
// The entries come a turn or two later, however busy the machine: wait for both (or, with none coming, long enough to
// tell), then one more turn for any other.
const turn = () => new Promise((resolve) => setImmediate(resolve));
const giveUpAt = Date.now() + 10_000;
while (forced.length < 2 && Date.now() < giveUpAt) await turn();
await turn();
observer.disconnect();
console.log(JSON.stringify({
  forcedMinor: forced.filter((kind) => kind === constants.NODE_PERFORMANCE_GC_MINOR).length,
  forcedOther: forced.filter((kind) => kind !== constants.NODE_PERFORMANCE_GC_MINOR).length,
  gcHere: typeof globalThis.gc,
  gcInNewContext: runInNewContext('typeof gc'),
}));
`;

const run = (flags: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    }),
  );

describe('scavengeNow', () => {
  it('scavenges, and a process started without --expose-gc makes contexts without gc after it', () => {
    expect(run([])).toEqual({ forcedMinor: 2, forcedOther: 0, gcHere: 'undefined', gcInNewContext: 'undefined' });
  });

  it('uses the gc of a process started with --expose-gc, whose contexts keep theirs', () => {
    expect(run(['--expose-gc'])).toEqual({
      forcedMinor: 2,
      forcedOther: 0,
      gcHere: 'function',
      gcInNewContext: 'function',
    });
  });
});
