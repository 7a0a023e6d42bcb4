// startMock() in a process of its own, for tests that measure the emulator's memory, hold hundreds of connections to
// it, or run it as another user (root ignores file permissions): the test runner's own memory and sockets stay apart.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { startMock } from '../../src/mock/index.js';
import type { ChildMessage, ParentMessage } from './child-mock-main.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = fileURLToPath(new URL('child-mock-main.ts', import.meta.url));

export interface ChildMock {
  url: string;
  controlToken: string | undefined;
  child: ChildProcess;
  /** Its resident memory now and at its peak so far, in bytes; after a full GC with `collect`. */
  memory(collect?: boolean): Promise<{ rss: number; maxRss: number }>;
  /** Closes the mock (writing its state file) and ends the process; resolves with close()'s error, if any. */
  close(): Promise<string | undefined>;
}

async function ask(child: ChildProcess, message: ChildMessage): Promise<ParentMessage> {
  const answer = once(child, 'message') as Promise<[ParentMessage]>;
  child.send(message);
  return (await answer)[0];
}

/** Runs startMock(options) in a child process; rejects with startMock's error message if it fails. */
export async function startChildMock(
  options: Parameters<typeof startMock>[0],
  as: { uid?: number; gid?: number } = {},
): Promise<ChildMock> {
  const child = fork(main, {
    cwd: root,
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...as,
  });
  const exited = once(child, 'exit');
  const started = await Promise.race([
    ask(child, { kind: 'start', options }),
    exited.then(() => ({ kind: 'failed', message: 'the child process exited before starting' }) as const),
  ]);
  if (started.kind !== 'started') {
    child.kill();
    throw new Error(started.kind === 'failed' ? started.message : 'unexpected answer');
  }
  return {
    url: started.url,
    controlToken: started.controlToken,
    child,
    async memory(collect = false) {
      const answer = await ask(child, { kind: collect ? 'gc' : 'memory' });
      if (answer.kind !== 'memory') throw new Error('unexpected answer');
      return { rss: answer.rss, maxRss: answer.maxRss };
    },
    async close() {
      if (child.exitCode !== null) return undefined;
      const answer = await ask(child, { kind: 'close' });
      await exited;
      return answer.kind === 'closed' ? answer.error : undefined;
    },
  };
}

/** Runs startMock(options) in a child process only to see it fail; resolves with its error message. */
export async function childMockFailure(
  options: Parameters<typeof startMock>[0],
  as: { uid?: number; gid?: number } = {},
): Promise<string> {
  try {
    const mock = await startChildMock(options, as);
    await mock.close();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('startMock() did not fail');
}
