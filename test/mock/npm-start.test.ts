// `npm start` as a process: the mock's command (src/mock/cli.ts, the same as passwordless-mock) run from source by
// scripts/start.ts. Its flags, what it prints, its log, a busy port, and stopping on SIGINT and SIGTERM,
// both when the signal reaches the mock itself and when it is sent to the npm process that runs it. The programmatic
// startMock() that downstream test suites use is checked last.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it, vi } from 'vitest';
import { runMockCli } from '../../src/mock/cli.js';
import { startMock } from '../../src/mock/index.js';
import { isFree } from '../helpers/ports.js';
import { keys } from './spec-examples.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  /** Resolves with the printed API URL, or rejects with everything printed if the process exits first. */
  url: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Runs scripts/start.ts directly, or with `viaNpm` as `npm start -- <args>` does. */
function startScript(args: string[], env: Record<string, string> = {}, viaNpm = false): Started {
  const [command, commandArgs] = viaNpm
    ? ['npm', ['start', '--', ...args]]
    : [process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args]];
  const child = spawn(command, commandArgs, {
    cwd: root,
    // The toolchain's Node first, as `npm test` has it, whoever runs this file.
    env: { ...process.env, PATH: `${root}node_modules/.bin:${process.env.PATH}`, PORT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stderr,
  }));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const found = /listening on (http:\/\/\S+)|"url":"(http:[^"]+)"/.exec(stdout);
      if (found) resolve((found[1] ?? found[2])!);
    });
    void exit.then(() => reject(new Error(`exited before listening:\n${stdout}${stderr}`)));
  });
  url.catch(() => undefined);
  return { child, output: () => stdout, stderr: () => stderr, url, exit };
}

describe('npm start', () => {
  it('--help lists the flags and exits 0', async () => {
    const started = startScript(['--help']);
    const { code } = await started.exit;
    expect(code).toBe(0);
    for (const flag of ['--port', '--host', '--help', 'PORT', 'Prefer']) expect(started.output()).toContain(flag);
  });

  it('rejects an unknown flag, a bad port and a missing spec file with a one-line error that says what to do', async () => {
    const unknown = await startScript(['--colour']).exit;
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim()).toBe(
      "error: Unknown option '--colour'. Run `npm start -- --help` to see the options.",
    );
    const badPort = await startScript(['--port', 'eighty']).exit;
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr.trim()).toBe('error: --port must be a number from 0 to 65535, not "eighty".');
    const missingSpec = await startScript(['--spec', 'openapi/no-such.yaml']).exit;
    expect(missingSpec.code).not.toBe(0);
    expect(missingSpec.stderr.trim()).toBe(
      `error: --spec: no file at ${root}openapi/no-such.yaml; pass the path of a bundled OpenAPI spec (.yaml or .json).`,
    );
  });

  it('reads the flags before anything else: --help never builds the docs page nor loads the server', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const beforeStart = vi.fn();
    await runMockCli(['--help'], { name: 'npm start --', beforeStart });
    expect(beforeStart).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('Usage: npm start -- [options]'));
  });

  it('--spec <file> serves that spec, JSON too, and no docs page (the one it has describes the bundled spec)', async () => {
    const started = startScript(['--port', '0', '--spec', 'generated/openapi.json']);
    const url = await started.url;
    const json = await fetch(`${url}/openapi.json`).then((response) => response.text());
    const docs = await fetch(`${url}/docs`);
    const answer = await fetch(`${url}/users/count`, { headers: { ApiSecret: keys.apiSecret } });
    started.child.kill('SIGTERM');
    await started.exit;
    expect(json).toBe(readFileSync(`${root}generated/openapi.json`, 'utf8'));
    expect(docs.status).toBe(404);
    expect(answer.status).toBe(200);
    expect(started.output()).not.toContain(`${url}/docs`);
  });

  it('--log json: one JSON object per line, the request log without key values', async () => {
    const started = startScript(['--port', '0', '--log', 'json']);
    const url = await started.url;
    await fetch(`${url}/users/count`, { headers: { ApiSecret: keys.apiSecret } });
    await expect.poll(() => started.output()).toContain('"path":"/users/count"');
    const lines = started
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      message: 'listening',
      url,
      docs: `${url}/docs`,
      openapi: `${url}/openapi.json`,
      state: `${url}/__mock/ui`,
    });
    expect(lines.at(-1)).toEqual({
      time: expect.any(String),
      method: 'GET',
      path: '/users/count',
      status: 200,
      ms: expect.any(Number),
    });
    // An answer whose cause is not obvious carries its reason into the log line as well as the x-mock-reason header.
    const unknownRoute = await fetch(`${url}/no-such-route`, { headers: { ApiSecret: keys.apiSecret } });
    expect(unknownRoute.headers.get('x-mock-reason')).toBe('No operation of the API matches GET /no-such-route.');
    await expect.poll(() => started.output()).toContain('"path":"/no-such-route"');
    const last = JSON.parse(started.output().trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(last).toMatchObject({
      path: '/no-such-route',
      status: 404,
      reason: 'No operation of the API matches GET /no-such-route.',
    });
    expect(started.output()).not.toContain(keys.apiSecret.split(':')[2]);
    started.child.kill('SIGTERM');
    expect((await started.exit).code).toBe(0);
  });

  it('names the port in one line and exits non-zero when the port (from PORT) is in use', async () => {
    const busyPort = new URL(inject('mockUrl')).port;
    const { code, stderr } = await startScript([], { PORT: busyPort }).exit;
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`Port ${busyPort} is already in use`);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints its URLs, logs one line per request without key values, and stops on %s',
    async (signal) => {
      const started = startScript(['--port', '0', '--host', '127.0.0.1']);
      const url = await started.url;
      for (const path of ['/', '/docs', '/openapi.json', '/openapi.yaml', '/__mock/ui']) {
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

      started.child.kill(signal);
      const { code } = await started.exit;
      expect(code).toBe(0);
    },
  );
});

describe('npm start keeps its state and its control plane', () => {
  // What a closed terminal sends; SIGINT and SIGTERM take the same way out (close(), as startMock's tests check).
  it('writes the --state file when it stops on SIGHUP', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'passwordless-signal-'));
    const stateFile = join(folder, 'state.json');
    try {
      const started = startScript(['--port', '0', '--state', stateFile]);
      const url = await started.url;
      const answer = await fetch(`${url}/alias`, {
        method: 'POST',
        headers: { ApiSecret: keys.apiSecret, 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'u1', aliases: ['fry@example.com'], hashing: false }),
      });
      expect(answer.status).toBe(204);
      started.child.kill('SIGHUP');
      expect((await started.exit).code).toBe(0);
      const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
      expect(saved.apps[0].aliases).toEqual([expect.objectContaining({ userId: 'u1', plaintext: 'fry@example.com' })]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a --state it cannot write at start, in one line, instead of losing the state at exit', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'passwordless-unwritable-'));
    try {
      writeFileSync(join(folder, 'file.txt'), 'a file, not a folder');
      const stateFile = join(folder, 'file.txt', 'state.json');
      const { code, stderr } = await startScript(['--port', '0', '--state', stateFile]).exit;
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(
        /^error: The state file .* could not be written on exit: a part of its folder .* is a file/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('--host 0.0.0.0 warns that other machines reach it and prints the token its control plane then needs', async () => {
    const started = startScript(['--port', '0', '--host', '0.0.0.0']);
    const url = (await started.url).replace('0.0.0.0', '127.0.0.1');
    await expect.poll(() => started.stderr()).toMatch(/Bearer (\S+)\./);
    const token = /Bearer (\S+)\./.exec(started.stderr())![1]!;
    const page = /The state page with the token: (\S+)/.exec(started.stderr())?.[1];
    expect(page).toBe(`${url}/__mock/ui#token=${token}`);
    expect(started.stderr()).toMatch(/^warning: listening on 0\.0\.0\.0, so other machines can reach the emulator\./);
    expect((await fetch(`${url}/__mock/state`)).status).toBe(401);
    expect((await fetch(`${url}/__mock/state`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    started.child.kill('SIGTERM');
    expect((await started.exit).code).toBe(0);
    // Never in the request log.
    expect(started.output()).not.toContain(token);
  });

  it('takes the token from PASSWORDLESS_MOCK_CONTROL_TOKEN and does not print it', async () => {
    const token = 'the-token-of-the-compose-file';
    const started = startScript(['--port', '0', '--host', '0.0.0.0', '--allowed-host', 'passwordless-mock'], {
      PASSWORDLESS_MOCK_CONTROL_TOKEN: token,
    });
    const url = (await started.url).replace('0.0.0.0', '127.0.0.1');
    await expect.poll(() => started.stderr()).toContain('the token given with --control-token');
    const answer = await fetch(`${url}/__mock/state`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    started.child.kill('SIGTERM');
    await started.exit;
    expect(started.output() + started.stderr()).not.toContain(token);
  });

  it('refuses a short --control-token, a bad --allowed-host and a bad --proxy-timeout in one line', async () => {
    const short = await startScript(['--control-token', 'abc']).exit;
    expect(short.stderr.trim()).toBe('error: --control-token must be at least 16 characters long, without spaces.');
    const host = await startScript(['--allowed-host', 'http://x/']).exit;
    expect(host.stderr.trim()).toMatch(/^error: --allowed-host takes a host name/);
    const timeout = await startScript(['--proxy-timeout', 'soon']).exit;
    expect(timeout.stderr.trim()).toBe('error: --proxy-timeout must be a number of seconds above 0, not "soon".');
  });
});

describe('npm start --limit', () => {
  it('takes limits from PASSWORDLESS_MOCK_LIMITS and repeated --limit flags, the flags winning', async () => {
    const started = startScript(['--port', '0', '--limit', 'usersPerApp=2', '--limit', 'apps=3'], {
      PASSWORDLESS_MOCK_LIMITS: 'usersPerApp=5, eventsPerApp=7',
    });
    const url = await started.url;
    const { limits } = (await (await fetch(`${url}/__mock/state`)).json()) as {
      limits: Record<string, { limit: number }>;
    };
    expect(limits).toMatchObject({ usersPerApp: { limit: 2 }, apps: { limit: 3 }, eventsPerApp: { limit: 7 } });
    const alias = (userId: string) =>
      fetch(`${url}/alias`, {
        method: 'POST',
        headers: { ApiSecret: keys.apiSecret, 'content-type': 'application/json' },
        body: JSON.stringify({ userId, aliases: [userId] }),
      });
    expect((await alias('u1')).status).toBe(204);
    expect((await alias('u2')).status).toBe(204);
    const full = await alias('u3');
    expect(full.status).toBe(507);
    expect(((await full.json()) as { detail: string }).detail).toMatch(/limit usersPerApp; .* --limit usersPerApp=<n>/);
    started.child.kill('SIGTERM');
    await started.exit;
  });

  it('refuses a limit it does not have, or a value that is not a positive whole number, in one line', async () => {
    const unknown = await startScript(['--limit', 'users=5']).exit;
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      'error: --limit users=5: "users" is not a limit; the limits are apps, usersPerApp, credentialsPerApp, ' +
        'aliasesPerApp, authConfigsPerApp, eventsPerApp, magicLinksPerApp, usersInAll, credentialsInAll, aliasesInAll.',
    );
    const wrong = await startScript([], { PASSWORDLESS_MOCK_LIMITS: 'apps=lots' }).exit;
    expect(wrong.stderr.trim()).toBe('error: PASSWORDLESS_MOCK_LIMITS: apps=lots is not a positive whole number.');
  });
});

describe('npm start, as npm runs it', () => {
  // npm runs the script under `sh -c`; without the `exec` in package.json the shell would take the signal and die,
  // and the mock would go on serving as an orphan.
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s sent to the npm process stops the mock and frees its port',
    async (signal) => {
      const started = startScript(['--port', '0'], {}, true);
      const url = await started.url;
      expect((await fetch(`${url}/health/http`)).status).toBe(200);
      const port = Number(new URL(url).port);
      started.child.kill(signal);
      expect(await started.exit).toMatchObject({ code: 0 });
      await expect.poll(() => isFree(port), { timeout: 10_000, interval: 50 }).toBe(true);
    },
  );

  // How fast (the 2 s targets of a warm start and of a stop) is measured by `npm run bench -- --only mock-startup`.
  it('answers its first request on a warm start without building anything first', async () => {
    const started = startScript(['--port', '0'], {}, true);
    const url = await started.url;
    const answer = await fetch(`${url}/health/http`);
    started.child.kill('SIGTERM');
    await started.exit;
    expect(answer.status).toBe(200);
    // The docs page is fresh (the run's own mock process checked it), so nothing was built.
    expect(started.output()).not.toContain('Building the API docs');
  });
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
