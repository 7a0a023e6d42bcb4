// `npm start` as a process (scripts/start.ts): its flags, what it prints, its log, a busy port, and stopping on
// SIGINT and SIGTERM within 2 s. The programmatic startMock() that downstream test suites use is checked last.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { startMock } from '../../src/mock/index.js';
import { keys } from './spec-examples.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the printed API URL, or rejects with everything printed if the process exits first. */
  url: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startScript(args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
    cwd: root,
    env: { ...process.env, PORT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stderr }));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const found = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (found) resolve(found);
    });
    void exit.then(() => reject(new Error(`exited before listening:\n${stdout}${stderr}`)));
  });
  url.catch(() => undefined);
  return { child, output: () => stdout, url, exit };
}

describe('npm start', () => {
  it('--help lists the flags and exits 0', async () => {
    const started = startScript(['--help']);
    const { code } = await started.exit;
    expect(code).toBe(0);
    for (const flag of ['--port', '--host', '--help', 'PORT', 'Prefer']) expect(started.output()).toContain(flag);
  });

  it('rejects an unknown flag and a bad port with a one-line error', async () => {
    const unknown = await startScript(['--colour']).exit;
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.split('\n')[0]).toMatch(/^error: .*--colour/);
    const badPort = await startScript(['--port', 'eighty']).exit;
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr.trim()).toBe('error: --port must be a number from 0 to 65535, not "eighty".');
  });

  it('names the port in one line and exits non-zero when the port (from PORT) is in use', async () => {
    const busyPort = new URL(inject('mockUrl')).port;
    const { code, stderr } = await startScript([], { PORT: busyPort }).exit;
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`Port ${busyPort} is already in use`);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints its URLs, logs one line per request without key values, and stops on %s within 2 s',
    async (signal) => {
      const started = startScript(['--port', '0', '--host', '127.0.0.1']);
      const url = await started.url;
      for (const path of ['/', '/docs', '/openapi.json', '/openapi.yaml']) {
        expect(started.output()).toContain(`${url}${path}`);
      }
      const answer = await fetch(`${url}/register/token`, {
        method: 'POST',
        headers: { ApiSecret: keys.apiSecret, 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'u1', username: 'fry' }),
      });
      expect(answer.status).toBe(200);
      await expect.poll(() => started.output()).toMatch(/^POST \/register\/token 200 \d+(\.\d+)? ms$/m);
      expect(started.output()).not.toContain(keys.apiSecret.split(':')[2]);

      const stopAsked = performance.now();
      started.child.kill(signal);
      const { code } = await started.exit;
      expect(performance.now() - stopAsked).toBeLessThan(2000);
      expect(code).toBe(0);
    },
  );
});

describe('startMock() for downstream test suites', () => {
  it('starts on a free port, answers, and closes', async () => {
    const mock = await startMock({ port: 0 });
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetch(`${mock.url}/users/count`, { headers: { ApiSecret: keys.apiSecret } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toHaveProperty('count');
    await mock.close();
    await expect(fetch(`${mock.url}/users/count`)).rejects.toThrow();
  });

  it('rejects with the port in the message when the port is in use', async () => {
    const busyPort = Number(new URL(inject('mockUrl')).port);
    await expect(startMock({ port: busyPort })).rejects.toThrow(`Port ${busyPort} is already in use`);
  });
});
