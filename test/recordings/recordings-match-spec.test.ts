import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateResponse } from '../helpers/spec-validator.js';

interface HistoricalRecording {
  method: string;
  path: string;
  status: number;
  source: string;
  body: unknown;
}

const folder = new URL('./historical/', import.meta.url);
const recordings = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, ...(JSON.parse(readFileSync(new URL(name, folder), 'utf8')) as HistoricalRecording) }));

/**
 * Historical bodies that today's schemas must reject, each with the reason. The test asserts that they ARE rejected,
 * so a schema that loosens enough to accept them shows up here.
 */
const toleranceCases: Record<string, string> = {
  'signin-verify-200-1.json':
    'A 2021 docs example: it spells the member `rpid` where the current server writes `rpId`, and lacks `tokenId`, `type` and `purpose`.',
};

describe('recorded real responses match the spec', () => {
  it('has the 15 historical recordings, each with its provenance', () => {
    expect(recordings).toHaveLength(15);
    for (const recording of recordings) expect(recording.source).toMatch(/^[\w-]+\/[\w.-]+@[0-9a-f]{8,}/);
  });

  it.each(recordings.filter((r) => !toleranceCases[r.name]))('$name validates against its response schema', (recording) => {
    const result = validateResponse(recording.method, recording.path, recording.status, recording.body);
    expect(result.errors, result.schemaPointer).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.each(Object.entries(toleranceCases))('%s is rejected by the current schema (%s)', (name) => {
    const recording = recordings.find((r) => r.name === name)!;
    expect(validateResponse(recording.method, recording.path, recording.status, recording.body).valid).toBe(false);
  });
});

describe('the validator rejects bodies that break the spec', () => {
  it('rejects the credential list as a bare array, as the docs show it', () => {
    const bareArray = [{ userId: '107fb578', descriptor: { type: 'public-key', id: 'Y3JlZA' } }];
    expect(validateResponse('GET', '/credentials/list?userId=1', 200, bareArray).valid).toBe(false);
  });

  it('rejects a problem body without its title', () => {
    const problem = { type: 'https://docs.passwordless.dev/guide/errors.html#ApiSecret', status: 401 };
    expect(validateResponse('GET', '/credentials/list', 401, problem).valid).toBe(false);
  });

  it('rejects a database date written with a Z where the server writes none, and accepts the server form', () => {
    const users = (lastUsedAt: string) => ({
      values: [{ userId: 'u1', aliasCount: 0, aliases: [], credentialsCount: 1, lastUsedAt }],
    });
    expect(validateResponse('GET', '/users/list', 200, users('2023-04-21T13:33:50.0764103')).valid).toBe(true);
    expect(validateResponse('GET', '/users/list', 200, users('2023-04-21T13:33:50.0764103Z')).valid).toBe(false);
  });
});
