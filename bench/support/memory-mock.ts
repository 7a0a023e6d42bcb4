// The mock process that bench/mock-memory.ts loads: startMock() with the limits and apps it sends over IPC, run with
// --expose-gc so that each memory reading is taken from a collected heap, not from whatever garbage is pending.
import { getHeapSpaceStatistics } from 'node:v8';
import { type AppSeed, type EmulatorLimits, startMock } from '../../src/mock/index.js';

export interface MemoryMockStart {
  limits: Partial<EmulatorLimits>;
  apps: AppSeed[];
}
export interface MemoryReading {
  heapUsed: number;
  rss: number;
  /** Bytes V8 reserves for its young generation, which it grows under a high allocation rate. */
  youngGeneration: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('Run by bench/mock-memory.ts: node --expose-gc with an IPC channel.');

process.once('message', async (start: MemoryMockStart) => {
  const mock = await startMock({ port: 0, limits: start.limits, apps: start.apps });
  process.send!({ url: mock.url });
  process.on('message', (message: string) => {
    if (message !== 'measure') return;
    // Twice: the first collection can leave objects that only die once their finalizers have run.
    gc();
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    const youngGeneration = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    process.send!({ heapUsed, rss, youngGeneration } satisfies MemoryReading);
  });
  process.on('disconnect', () => void mock.close().then(() => process.exit(0)));
});
