// Reading, writing and comparing recording files. The text on disk is the 2-space JSON of the file plus a newline, so
// a fresh run and a committed file compare as text and a drift prints as a line diff.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { diff } from 'node:util';
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

/** A line diff of two recording texts (`-` committed, `+` fresh), with two lines of context; '' when equal. */
export function diffRecordingTexts(committed: string, fresh: string): string {
  if (committed === fresh) return '';
  // util.diff marks lines found only in its first argument with 1, lines only in its second with -1.
  const operations = diff(committed.split('\n'), fresh.split('\n'));
  const lines = operations.map(([operation, line]) => `${operation === 0 ? ' ' : operation === 1 ? '-' : '+'} ${line}`);
  const changed = new Set(operations.flatMap(([operation], index) => (operation === 0 ? [] : [index])));
  const shown = lines.filter((_, index) => [-2, -1, 0, 1, 2].some((offset) => changed.has(index + offset)));
  return shown.join('\n');
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
