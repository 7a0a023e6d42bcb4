// Runs every recorded scenario against a fresh emulator the way `npm run record` runs it against a real server (one
// throwaway app per scenario, created and deleted through the ManagementKey operations), and compares each exchange
// with the real server's recording of the same environment.
import { fileURLToPath } from 'node:url';
import type { EnvironmentName } from '../../src/emulator/environment.js';
import { startMock } from '../../src/mock/index.js';
import { compareRecordings, type ExchangeDifference } from '../../src/recording/compare-recordings.js';
import { readRecording } from '../../src/recording/recording-file.js';
import { runScenario } from '../../src/recording/run-scenario.js';
import type { Scenario } from '../../src/recording/scenario.js';
import { listScenarioNames, recordingFile, scenarioFile } from '../../src/recording/scenario-folders.js';
import { createThrowawayApp, deleteThrowawayApp } from '../../src/recording/throwaway-app.js';

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
  const contractViolations: string[] = [];
  const mock = await startMock({
    port: 0,
    environment,
    managementKey,
    onContractViolation: (violation) => contractViolations.push(violation),
  });
  const target = { baseUrl: mock.url, managementKey, adminEmail: 'recorder@example.com' };
  const run: ConformanceRun = { total: 0, matching: 0, differences: [], contractViolations };
  try {
    for (const name of listScenarioNames()) {
      const scenario = ((await import(scenarioFile(name))) as { default: Scenario }).default;
      const app = await createThrowawayApp(target);
      const recorded = await runScenario(name, scenario, {
        baseUrl: mock.url,
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
  } finally {
    await mock.close();
  }
  return run;
}
