// The handlers replay exactly the committed recordings: one per scenario folder (generated/recorded-scenarios.ts), with
// the file's content.
import { describe, expect, it } from 'vitest';
import { recordedScenarios, scenarioNames } from '../../src/msw/index.js';
import { readRecording } from '../../src/recording/recording-file.js';
import { listScenarioNames, recordingFile } from '../../src/recording/scenario-folders.js';

describe('the recorded scenarios inside the msw handlers', () => {
  it('are the scenario folders, no more and no fewer', () => {
    expect([...scenarioNames].sort()).toEqual(listScenarioNames());
  });

  it.each(listScenarioNames())('%s is the recording on disk', (name) => {
    expect(recordedScenarios[name as keyof typeof recordedScenarios]).toEqual(readRecording(recordingFile(name)));
  });
});
