// The environment is one settings object: named in any case, refused with the choices when unknown (by the emulator
// and by the command, which parses it the emulator's way), and the source of the README's table of differences.
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/emulator.js';
import { environmentNames, environments, environmentTable, parseEnvironment } from '../../src/emulator/environment.js';
import { type CliSettings, cliFlags, UsageError } from '../../src/mock/cli-flags.js';
import { bundledSpecDocument } from './harness.js';

describe('the environment', () => {
  it('is named in any case', () => {
    expect(parseEnvironment('development')).toBe('Development');
    expect(parseEnvironment('PRODUCTION')).toBe('Production');
  });

  it('is refused with the choices when unknown, by the emulator too (a caller in JavaScript can pass any string)', async () => {
    expect(() => parseEnvironment('staging')).toThrow(
      'The environment must be Production or Development, not "staging".',
    );
    await expect(createEmulator({ spec: bundledSpecDocument(), environment: 'staging' as never })).rejects.toThrow(
      'environment must be Production or Development, not "staging".',
    );
  });

  it("is read by the command with the emulator's parsing, naming the flag", () => {
    const settings: CliSettings = { mock: {}, log: 'text' };
    cliFlags.environment?.apply?.('development', settings);
    expect(settings.mock.environment).toBe('Development');
    const wrong = () => cliFlags.environment?.apply?.('staging', settings);
    expect(wrong).toThrow(UsageError);
    expect(wrong).toThrow('--environment must be Production or Development, not "staging".');
  });

  it('has one settings object per name, and a table row per setting with what each environment answers', () => {
    expect(Object.keys(environments).sort()).toEqual([...environmentNames].sort());
    for (const name of environmentNames) expect(environments[name].name).toBe(name);
    const settings = Object.keys(environments.Production).filter((setting) => setting !== 'name');
    const rows = environmentTable();
    expect(rows).toHaveLength(settings.length);
    // Every setting differs between the two, or it would not be a difference.
    for (const row of rows) expect(row.production, row.situation).not.toBe(row.development);
  });
});
