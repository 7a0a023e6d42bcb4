// Reading and writing recording files: the 2-space JSON of the file plus a newline. compare-recordings.ts compares
// them exchange by exchange.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Exchange, RecordingFile } from './exchange.js';
import { assertNoSecrets, type NamedSecret } from './redact.js';

export function serializeRecording(recording: RecordingFile): string {
  return `${JSON.stringify(recording, null, 2)}\n`;
}

export function readRecording(path: string): RecordingFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not a readable JSON recording: ${(error as Error).message}`);
  }
  const problem = describeInvalidRecording(parsed);
  if (problem) throw new Error(`${path} is not a recording: ${problem}`);
  return parsed as RecordingFile;
}

/** Writes a recording after checking, once more, that no secret is in the text. */
export function writeRecording(path: string, recording: RecordingFile, secrets: readonly NamedSecret[]): void {
  const text = serializeRecording(recording);
  assertNoSecrets(text, secrets, `The recording for ${recording.scenario ?? path}`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function describeInvalidRecording(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'expected an object';
  const recording = value as Partial<RecordingFile>;
  if (typeof recording.source !== 'string') return 'missing "source"';
  if (!Array.isArray(recording.exchanges)) return 'missing "exchanges"';
  for (const [index, exchange] of (recording.exchanges as Partial<Exchange>[]).entries()) {
    if (
      typeof exchange.method !== 'string' ||
      typeof exchange.path !== 'string' ||
      typeof exchange.status !== 'number'
    ) {
      return `exchange ${index} needs "method", "path" and "status"`;
    }
  }
  return undefined;
}
