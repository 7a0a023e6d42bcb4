// Forcing a named example without a `Prefer` header, for clients that cannot set one (the official browser client
// builds its own requests): every operation that has an example with that key answers with it, the others answer as
// usual, exactly like `Prefer: example=<key>` and the msw handlers' `example` option. Two ways in:
//   - the API URL: `http://127.0.0.1:4010/__example/expired_token` as the client's `apiUrl`, so one page can fail
//     while another works, and parallel tests do not disturb each other;
//   - `npm start -- --example expired_token` (`startMock({ example })`) for every request of the process.

import type { OperationEntry, SpecDocument } from '../spec/openapi-document.js';
import type { EmulatorResponse } from '../wire/problems.js';
import { emulatorUsageProblem } from '../wire/problems.js';
import { type ResponsePreference, resolvePreference } from './prefer-header.js';

export const forcedExamplePrefix = '/__example/';

/** Every example key of the spec's responses, sorted. */
export function exampleKeys(spec: SpecDocument): string[] {
  const keys = new Set<string>();
  for (const entry of spec.operations) {
    for (const status of spec.statuses(entry))
      for (const key of spec.responseExamples(entry, status).keys()) keys.add(key);
  }
  return [...keys].sort();
}

/** `/__example/<key>/register/begin` → the key and `/register/begin`; other paths come back unchanged. */
export function splitForcedExample(pathname: string): { example?: string; pathname: string } {
  if (!pathname.toLowerCase().startsWith(forcedExamplePrefix)) return { pathname };
  const rest = pathname.slice(forcedExamplePrefix.length);
  const slash = rest.indexOf('/');
  const key = slash === -1 ? rest : rest.slice(0, slash);
  let example: string;
  try {
    example = decodeURIComponent(key);
  } catch {
    example = key;
  }
  return { example, pathname: slash === -1 ? '/' : rest.slice(slash) };
}

export function unknownExample(spec: SpecDocument, example: string): string {
  return `No operation of the spec has an example named "${example}"; the examples are: ${exampleKeys(spec).join(', ')}.`;
}

export function unknownExampleProblem(spec: SpecDocument, example: string): EmulatorResponse {
  return emulatorUsageProblem(404, 'Unknown example', unknownExample(spec, example));
}

/** The preference a forced example gives this operation, or undefined when the operation has no such example. */
export function forcedPreference(
  spec: SpecDocument,
  entry: OperationEntry,
  example: string,
): ResponsePreference | undefined {
  const resolved = resolvePreference(spec, entry, `example="${example}"`);
  return resolved.ok ? resolved.preference : undefined;
}
