// Runs every recorded scenario against a fresh emulator the way `npm run record` runs it against a real server (one
// throwaway app per scenario, created and deleted through the ManagementKey operations), and compares each exchange
// with the real server's recording of the same environment. The emulator runs in-process: the recorder's clients get
// its `fetch`, and waiting moves its fake clock.
import { fileURLToPath } from 'node:url';
import type { EnvironmentName } from '../../src/emulator/index.js';
import { compareRecordings, type ExchangeDifference } from '../../src/recording/compare-recordings.js';
import { readRecording } from '../../src/recording/recording-file.js';
import { runScenario } from '../../src/recording/run-scenario.js';
import type { Scenario } from '../../src/recording/scenario.js';
import { listScenarioNames, recordingFile, scenarioFile } from '../../src/recording/scenario-folders.js';
import { createThrowawayApp, deleteThrowawayApp } from '../../src/recording/throwaway-app.js';
import { inProcessUrl, startEmulator } from '../emulator/harness.js';

export const recordingsOf: Record<EnvironmentName, string> = {
  Development: fileURLToPath(new URL('../../recordings/scenarios', import.meta.url)),
  Production: fileURLToPath(new URL('../../recordings/production', import.meta.url)),
};

export interface ScenarioDifference extends ExchangeDifference {
  scenario: string;
  environment: EnvironmentName;
}

export interface ConformanceRun {
  total: number;
  matching: number;
  differences: ScenarioDifference[];
  contractViolations: string[];
}

const managementKey = 'conformance-management-key-0123456789';

export async function replayScenarios(environment: EnvironmentName): Promise<ConformanceRun> {
  const emulator = await startEmulator({ environment, managementKey });
  const { fetch, clock } = emulator;
  // A scenario that waits for a token to expire moves the emulator's clock instead.
  const wait = async (ms: number) => clock.advance(ms);
  const target = { baseUrl: inProcessUrl, managementKey, adminEmail: 'recorder@example.com', fetch };
  const run: ConformanceRun = { total: 0, matching: 0, differences: [], contractViolations: emulator.violations };
  for (const name of listScenarioNames()) {
    const scenario = ((await import(scenarioFile(name))) as { default: Scenario }).default;
    const app = await createThrowawayApp(target);
    const recorded = await runScenario(name, scenario, {
      baseUrl: inProcessUrl,
      fetch,
      wait,
      apiSecret: app.apiSecret,
      apiKey: app.apiKey,
      secrets: [
        { name: 'ApiSecret', value: app.apiSecret },
        { name: 'ApiKey', value: app.apiKey },
        { name: 'ManagementKey', value: managementKey },
        ...app.spareKeys,
      ],
      source: 'the emulator',
      adminEmail: target.adminEmail,
      managementKey,
    });
    const left = await deleteThrowawayApp(target, app.appId);
    if (left) throw new Error(`The throwaway app of ${name} was not deleted: ${left}`);
    const comparison = compareRecordings(
      readRecording(recordingFile(name, recordingsOf[environment])),
      recorded.recording,
    );
    run.total += comparison.total;
    run.matching += comparison.matching;
    run.differences.push(
      ...comparison.differences.map((difference) => ({ ...difference, scenario: name, environment })),
    );
  }
  return run;
}
