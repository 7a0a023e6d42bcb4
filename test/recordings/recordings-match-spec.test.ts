import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/recording/recording-file.js';
import { listScenarioNames, recordingFile } from '../../src/recording/scenario-folders.js';
import { loadBundledSpec } from '../helpers/bundled-spec.js';
import { validateExchange, validateResponse } from '../helpers/spec-validator.js';

const folder = new URL('../../recordings/historical/', import.meta.url);
const recordings = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, ...readRecording(fileURLToPath(new URL(name, folder))) }));

/**
 * Historical bodies that today's schemas must reject, each with the reason. The test asserts that they ARE rejected,
 * so a schema that loosens enough to accept them shows up here.
 */
const toleranceCases: Record<string, string> = {
  'signin-verify-200-1.json':
    'A 2021 docs example: it spells the member `rpid` where the current server writes `rpId`, and lacks `tokenId`, `type` and `purpose`.',
  'register-begin-200-1.json':
    'An iOS SDK fixture whose values were blanked by its authors: its `session` is "", which no server sends (a session token starts with `session_`).',
};

describe('recorded real responses match the spec', () => {
  it('has the 15 historical recordings, each with its provenance', () => {
    expect(recordings).toHaveLength(15);
    for (const recording of recordings) {
      expect(recording.source).toMatch(/^[\w-]+\/[\w.-]+@[0-9a-f]{8,}/);
      expect(recording.exchanges).toHaveLength(1);
    }
  });

  it.each(recordings.filter((r) => !toleranceCases[r.name]))(
    '$name validates against its response schema',
    (recording) => {
      for (const exchange of recording.exchanges) {
        const result = validateExchange(exchange);
        expect(result.errors, result.schemaPointer).toEqual([]);
        expect(result.valid).toBe(true);
      }
    },
  );

  it.each(Object.entries(toleranceCases))('%s is rejected by the current schema (%s)', (name) => {
    const recording = recordings.find((r) => r.name === name)!;
    const [exchange] = recording.exchanges;
    expect(validateResponse(exchange!.method, exchange!.path, exchange!.status, exchange!.body).valid).toBe(false);
  });
});

const scenarioNames = listScenarioNames();
// The real server's answers to the scenarios, in Development (beside each scenario) and in Production.
const productionFolder = fileURLToPath(new URL('../../recordings/production/', import.meta.url));
const scenarioExchanges = scenarioNames
  .filter((scenario) => existsSync(recordingFile(scenario)))
  .flatMap((scenario) => [
    ...readRecording(recordingFile(scenario)).exchanges.map((exchange, index) => ({
      scenario,
      environment: 'Development',
      index,
      ...exchange,
    })),
    ...readRecording(recordingFile(scenario, productionFolder)).exchanges.map((exchange, index) => ({
      scenario,
      environment: 'Production',
      index,
      ...exchange,
    })),
  ]);

describe('recorded scenarios match the spec', () => {
  it('has a recording for every scenario, named after its folder', () => {
    expect(scenarioNames.length).toBeGreaterThan(0);
    for (const scenario of scenarioNames) {
      expect(existsSync(recordingFile(scenario)), `${scenario}/recording.json`).toBe(true);
      const recording = readRecording(recordingFile(scenario));
      expect(recording.scenario).toBe(scenario);
      expect(recording.source).not.toBe('');
      expect(recording.exchanges.length).toBeGreaterThan(0);
    }
  });

  it('has recordings of every scenario made by the real server the spec names, in both environments', () => {
    const { commit } = (loadBundledSpec().info as { 'x-passwordless-server': { commit: string } })[
      'x-passwordless-server'
    ];
    const madeBy = new RegExp(`^npm run record against bitwarden/passwordless-server@${commit.slice(0, 8)} `);
    for (const scenario of scenarioNames) {
      expect(readRecording(recordingFile(scenario)).source, scenario).toMatch(madeBy);
      expect(readRecording(recordingFile(scenario, productionFolder)).source, scenario).toMatch(madeBy);
    }
  });

  it.each(scenarioExchanges)(
    '$scenario ($environment) exchange $index ($method $path $status) validates',
    (exchange) => {
      const result = validateExchange(exchange);
      expect(result.errors, result.schemaPointer).toEqual([]);
      expect(result.valid).toBe(true);
    },
  );
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
