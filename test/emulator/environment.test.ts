// The environment is one settings object: named in any case, refused with the choices when unknown (by the emulator
// and by the command, which parses it the emulator's way), and the source of the README's table of differences.
import { describe, expect, it, vi } from 'vitest';
import { createEmulator } from '../../src/emulator/emulator.js';
import { environmentNames, environments, environmentTable, parseEnvironment } from '../../src/emulator/environment.js';
import { runMockCli } from '../../src/mock/cli.js';
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

  it("is read by the command with the emulator's parsing, naming the flag, before anything starts", async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    const beforeStart = vi.fn(() => {
      throw new Error('stop here');
    });
    await expect(runMockCli(['--environment', 'staging'], { name: 'npm start --', beforeStart })).rejects.toThrow(
      'exit 1',
    );
    expect(errors).toHaveBeenCalledWith('error: --environment must be Production or Development, not "staging".');
    expect(beforeStart).not.toHaveBeenCalled();
    // A known name, in any case, passes: the command goes on to start.
    await expect(runMockCli(['--environment', 'development'], { name: 'npm start --', beforeStart })).rejects.toThrow(
      'exit 1',
    );
    expect(beforeStart).toHaveBeenCalledOnce();
    expect(errors).toHaveBeenLastCalledWith('error: stop here');
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
