// The recorded scenarios the msw handlers replay: the recordings of recordings/scenarios/, imported by a module that
// `npm run generate` writes from the folders there (generated/recorded-scenarios.ts), so that they ship inside the
// bundle and a new scenario needs no edit here.
import { type ScenarioName, scenarioRecordings } from '../../generated/recorded-scenarios.js';
import type { RecordingFile } from '../recording/exchange.js';

export type { ScenarioName };

// Typed as RecordingFile rather than inferred from the JSON, so the published types stay small; the test checks each
// file's content.
export const recordedScenarios = scenarioRecordings as Record<ScenarioName, RecordingFile>;
