// `npm run record` end to end against the emulator exactly as against a live server (no live server is reachable in
// CI): a throwaway app per scenario through the ManagementKey operations, every scenario recorded into a temporary
// folder by the real CLI, every file valid against the spec and free of keys, and --check passing on an unchanged run
// and failing, naming the difference, on a changed file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readRecording } from '../../src/recording/recording-file.js';
import { listScenarioNames, recordingFile } from '../../src/recording/scenario-folders.js';
import { validateExchange } from '../helpers/spec-validator.js';
import { keys as seedKeys } from '../mock/spec-examples.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The management key the test suite's mock was started with (test/setup/mock-server.ts).
const managementKey = 'test-suite-management-key';
const apiSecret = 'mockapp:secret:0123456789abcdef0123456789abcdef';

interface RecordRun {
  code: number;
  output: string;
}

/** Runs scripts/record.ts as `npm run record` does; the keys go in through the environment, as the help advises. */
async function record(...args: string[]): Promise<RecordRun> {
  return recordWith(
    { PASSWORDLESS_MANAGEMENT_KEY: managementKey, PASSWORDLESS_API_SECRET: '', PASSWORDLESS_API_KEY: '' },
    ...args,
  );
}

async function recordWith(keys: Record<string, string>, ...args: string[]): Promise<RecordRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/record.ts', ...args],
      {
        cwd: root,
        env: { ...process.env, ...keys },
        timeout: 60_000,
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const scenarios = listScenarioNames();
let out: string;
let firstRun: RecordRun;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'passwordless-recordings-'));
  firstRun = await record('--base-url', inject('mockUrl'), '--out', out, '--source', 'the mock');
}, 90_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run record against the mock', () => {
  it('records every scenario, with one progress line each', () => {
    expect(firstRun.output).toContain(`Recording ${scenarios.length} scenarios against`);
    expect(firstRun.code, firstRun.output).toBe(0);
    for (const scenario of scenarios)
      expect(firstRun.output).toMatch(new RegExp(`^✓ ${scenario}: \\d+ exchanges`, 'm'));
    expect(readdirSync(out).sort()).toEqual(scenarios);
  });

  it('writes recordings whose every exchange validates against the spec', () => {
    for (const scenario of scenarios) {
      const recording = readRecording(recordingFile(scenario, out));
      expect(recording).toMatchObject({ scenario, source: 'npm run record against the mock' });
      for (const [index, exchange] of recording.exchanges.entries()) {
        const result = validateExchange(exchange);
        expect(result.errors, `${scenario} exchange ${index}: ${result.schemaPointer}`).toEqual([]);
      }
    }
  });

  it('writes no key and prints none: neither the ManagementKey nor any key of the throwaway apps', () => {
    for (const scenario of scenarios) {
      const text = readFileSync(recordingFile(scenario, out), 'utf8');
      expect(text).not.toContain(managementKey);
      // Every key left in a recording is a placeholder of a recorded app, never a key the emulator issued.
      for (const key of text.match(/\w+:(secret|public):[0-9a-f]{32}/g) ?? [])
        expect(key).toMatch(/^recordedapp\d*:(secret|public):0{24}/);
    }
    expect(firstRun.output).not.toContain(managementKey);
    expect(firstRun.output).not.toMatch(/:(secret|public):[0-9a-f]{32}/);
  });

  it('deletes each throwaway app with mark-delete, leaving none behind', () => {
    expect(firstRun.output).not.toContain('was not deleted');
  });

  it('--check passes when a fresh run gives the same recordings', async () => {
    const check = await record(
      ...['--base-url', inject('mockUrl'), '--out', out, '--source', 'the mock', '--check'],
      ...['--scenario', 'register-token', '--scenario', 'passkey-sign-in'],
    );
    expect(check.code, check.output).toBe(0);
    expect(check.output).toMatch(/^✓ register-token: all 2 exchanges match/m);
    expect(check.output).toMatch(/^✓ passkey-sign-in: all 7 exchanges match/m);
    expect(check.output).toMatch(/^conformance: 9\/9 exchanges match$/m);
  });

  it('--check exits non-zero on drift and prints the difference', async () => {
    const path = recordingFile('unknown-user-id', out);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"status": 200', '"status": 299'));
    const check = await record(
      '--base-url',
      inject('mockUrl'),
      '--out',
      out,
      '--source',
      'the mock',
      '--check',
      '--scenario',
      'unknown-user-id',
    );
    expect(check.code).toBe(1);
    expect(check.output).toMatch(/^✗ unknown-user-id: 2\/3 exchanges match/m);
    expect(check.output).toMatch(/^ +0: GET \/credentials\/list: status 200, expected 299$/m);
    expect(check.output).toMatch(/^conformance: 2\/3 exchanges match$/m);
  });
});

describe('npm run record refuses bad input with a clear message', () => {
  it('prints the usage with --help', async () => {
    const help = await record('--help');
    expect(help.code).toBe(0);
    expect(help.output).toContain('Usage: npm run record -- --base-url <url>');
    expect(help.output).toContain('--check');
  });

  it('needs --base-url', async () => {
    const run = await record();
    expect(run.code).toBe(2);
    expect(run.output).toContain('--base-url is required.');
  });

  it('without a ManagementKey, runs on an existing app and skips the management scenarios, saying why', async () => {
    const run = await recordWith(
      {
        PASSWORDLESS_MANAGEMENT_KEY: '',
        PASSWORDLESS_API_SECRET: seedKeys.apiSecret,
        PASSWORDLESS_API_KEY: seedKeys.apiKey,
      },
      ...['--base-url', inject('mockUrl'), '--out', out, '--source', 'the mock', '--check'],
      ...['--scenario', 'register-token', '--scenario', 'management-api-keys'],
    );
    expect(run.output).toContain(
      '– management-api-keys: skipped, it calls the management operations: give --management-key.',
    );
    expect(run.output).toMatch(/^✓ register-token: /m);
    expect(run.code).toBe(0);
    expect(run.output).not.toContain(seedKeys.apiSecret);
  });

  it('names an unknown scenario and lists the known ones', async () => {
    const run = await record('--base-url', 'http://127.0.0.1:9', '--scenario', 'no-such-scenario');
    expect(run.code).toBe(2);
    expect(run.output).toContain('Unknown scenario no-such-scenario; the scenarios are: ');
  });

  it('never echoes a stray argument, which may be a key', async () => {
    const run = await record('--base-url', 'http://127.0.0.1:9', apiSecret);
    expect(run.code).toBe(2);
    expect(run.output).not.toContain(apiSecret);
    expect(run.output).toContain('Unexpected argument');
  });

  it('reports an unreachable server per scenario and exits 1', async () => {
    const run = await record('--base-url', 'http://127.0.0.1:9', '--scenario', 'register-token', '--source', 'nowhere');
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/^✗ register-token: /m);
    expect(run.output).not.toContain(apiSecret);
  });
});
