// The process behind child-mock.ts: starts the emulator with the options it is sent, and answers questions about its
// own memory, so a test can measure the emulator apart from the test runner.
import { type RunningMock, startMock } from '../../src/mock/index.js';

export type ChildMessage =
  | { kind: 'start'; options: Parameters<typeof startMock>[0] }
  | { kind: 'memory' }
  | { kind: 'gc' }
  | { kind: 'close' };

export type ParentMessage =
  | { kind: 'started'; url: string; controlToken: string | undefined }
  | { kind: 'failed'; message: string }
  | { kind: 'memory'; rss: number; maxRss: number }
  | { kind: 'closed'; error?: string };

let mock: RunningMock | undefined;
const send = (message: ParentMessage) => process.send?.(message);

process.on('message', async (message: ChildMessage) => {
  switch (message.kind) {
    case 'start':
      try {
        mock = await startMock(message.options);
        send({ kind: 'started', url: mock.url, controlToken: mock.controlToken });
      } catch (error) {
        send({ kind: 'failed', message: (error as Error).message });
      }
      return;
    case 'memory':
      // maxRSS is the peak since the process began, in KiB.
      send({ kind: 'memory', rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 });
      return;
    case 'gc':
      (globalThis as { gc?: () => void }).gc?.();
      send({ kind: 'memory', rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 });
      return;
    case 'close':
      try {
        await mock?.close();
        send({ kind: 'closed' });
      } catch (error) {
        send({ kind: 'closed', error: (error as Error).message });
      }
      process.disconnect();
      return;
  }
});
