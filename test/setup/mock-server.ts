// vitest globalSetup: one real mock process per test run (`tsx scripts/start.ts --port 0`, exactly what
// `npm start` runs), its URL read from what it prints and provided to the tests as `inject('mockUrl')`.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the mock process, e.g. `http://127.0.0.1:41234`. */
    mockUrl: string;
    /** Process id of the mock, so tests can check it is still up. */
    mockPid: number;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
let mock: ChildProcess | undefined;
const violations: string[] = [];

export async function setup(project: TestProject): Promise<void> {
  // --check-answers: every answer the suite gets from this mock is checked against the spec; teardown fails on any.
  mock = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--port', '0', '--check-answers'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '', PASSWORDLESS_MANAGEMENT_KEY: 'test-suite-management-key' },
  });
  const child = mock;
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    // A bound for a hang, not a target: a busy machine may take long to start it.
    const timer = setTimeout(() => reject(new Error(`The mock did not start within 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The mock exited with ${code} before listening:\n${output}`));
    });
  });
  // Keep draining its log (one line per request), or the pipe fills and the mock stalls; keep what breaks the contract.
  child.stdout!.removeAllListeners('data').resume();
  child.stderr!.removeAllListeners('data').on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.startsWith('contract violation:')) violations.push(line);
  });
  project.provide('mockUrl', url);
  project.provide('mockPid', child.pid!);
}

export async function teardown(): Promise<void> {
  if (mock && mock.exitCode === null) {
    const exited = once(mock, 'exit');
    mock.kill('SIGTERM');
    await exited;
  }
  if (violations.length > 0) {
    throw new Error(
      `The emulator broke the contract in ${violations.length} answers during the run:\n${violations.slice(0, 20).join('\n')}`,
    );
  }
}
