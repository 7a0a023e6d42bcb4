// `npm run record` against a URL where no server listens: it stops at the first scenario with one line that names the
// runtime's code and asks whether a server is listening, in every mode (throwaway apps through a ManagementKey, an
// existing app through its keys, and --check), instead of failing every scenario the same way.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { listScenarioNames } from '../../src/recording/scenario-folders.js';
import { freePort } from '../helpers/ports.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scenarios = listScenarioNames();
const managementKey = 'a-management-key-long-enough-to-redact';
const appKeys = {
  PASSWORDLESS_API_SECRET: 'mockapp:secret:0123456789abcdef0123456789abcdef',
  PASSWORDLESS_API_KEY: 'mockapp:public:0123456789abcdef0123456789abcdef',
};

async function record(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/record.ts', ...args],
      { cwd: root, env: { ...process.env, PASSWORDLESS_MANAGEMENT_KEY: '', ...env }, timeout: 60_000 },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('npm run record where no server listens', () => {
  it.each([
    ['--management-key', { PASSWORDLESS_MANAGEMENT_KEY: managementKey }, []],
    ['--api-secret and --api-key', appKeys, []],
    ['--check', appKeys, ['--check']],
  ] as const)('with %s: one line with the code and the hint, then it stops', async (_mode, env, extra) => {
    const baseUrl = `http://127.0.0.1:${await freePort()}`;
    const { code, output } = await record(env, '--base-url', baseUrl, '--source', 'nothing', ...extra);
    const lines = output.trim().split('\n');
    expect(code, output).toBe(1);
    expect(lines, output).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^(Recording|Checking) ${scenarios.length} scenarios against ${baseUrl}\\.$`));
    expect(lines[1]).toMatch(/^✗ [\w-]+: .*no answer from http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(lines[1]).toContain(
      `Is a server listening at ${baseUrl}? Stopped: the other ${scenarios.length - 1} scenarios were not run.`,
    );
    for (const key of [managementKey, ...Object.values(appKeys)]) expect(output).not.toContain(key);
  });
});
