// Where scenarios and their recordings live: recordings/scenarios/<scenario-name>/{scenario.ts, recording.json}.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const scenariosFolder = fileURLToPath(new URL('../../recordings/scenarios/', import.meta.url));

/** The scenario names (folder names holding a scenario.ts), sorted. */
export function listScenarioNames(folder = scenariosFolder): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'scenario.ts')))
    .map((entry) => entry.name)
    .sort();
}

export const scenarioFile = (name: string, folder = scenariosFolder) => join(folder, name, 'scenario.ts');
export const recordingFile = (name: string, folder = scenariosFolder) => join(folder, name, 'recording.json');
