// Reads the `Prefer` header that forces one of the spec's examples (Prism's convention): `code=<status>`,
// `example=<key>`, or both. `example=<key>` alone finds the status whose response has that example. A preference the
// operation cannot satisfy is a clear problem that lists what it has.
import type { OperationEntry, SpecDocument } from '../spec/openapi-document.js';
import { type EmulatorResponse, emulatorUsageProblem } from '../wire/problems.js';

export interface ResponsePreference {
  code?: number;
  exampleKey?: string;
}

/** `code=409, example="alias_conflict"` → its values. Unknown preferences are ignored (RFC 7240). */
export function parsePreferHeader(header: string | undefined): Record<string, string> {
  const preferences: Record<string, string> = {};
  for (const part of (header ?? '').split(/[,;]/)) {
    const [, name, quoted, bare] = /^\s*([\w-]+)\s*(?:=\s*(?:"([^"]*)"|([^\s"]*)))?\s*$/.exec(part) ?? [];
    if (name) preferences[name.toLowerCase()] = quoted ?? bare ?? '';
  }
  return preferences;
}

const mockUsageProblem = (title: string, detail: string): EmulatorResponse => emulatorUsageProblem(400, title, detail);

export function resolvePreference(
  spec: SpecDocument,
  entry: OperationEntry,
  header: string | undefined,
): { ok: true; preference: ResponsePreference } | { ok: false; response: EmulatorResponse } {
  if (header === undefined) return { ok: true, preference: {} };
  const { code: codeText, example } = parsePreferHeader(header);
  const statuses = spec.statuses(entry);
  const preference: ResponsePreference = {};
  const operationName = `${entry.method.toUpperCase()} ${entry.template}`;

  if (codeText !== undefined) {
    if (!/^\d{3}$/.test(codeText) || !statuses.includes(codeText)) {
      return {
        ok: false,
        response: mockUsageProblem(
          'Invalid Prefer header',
          `code=${codeText} is not a status of ${operationName}; it declares ${statuses.join(', ')}.`,
        ),
      };
    }
    preference.code = Number(codeText);
  }
  if (example !== undefined) {
    const candidates = preference.code === undefined ? statuses : [String(preference.code)];
    const status = candidates.find((candidate) => spec.responseExamples(entry, candidate).has(example));
    if (status === undefined) {
      const known = candidates.flatMap((candidate) => [...spec.responseExamples(entry, candidate).keys()]);
      return {
        ok: false,
        response: mockUsageProblem(
          'Invalid Prefer header',
          `${operationName}${preference.code ? ` ${preference.code}` : ''} has no example named "${example}"; ` +
            `its examples are ${known.join(', ') || 'none'}.`,
        ),
      };
    }
    preference.code = Number(status);
    preference.exampleKey = example;
  }
  return { ok: true, preference };
}
