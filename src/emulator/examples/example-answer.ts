// The answer a forced example gives (`Prefer: example=…`, `Prefer: code=…`, `--example`, `/__example/<name>`): the
// spec's named example of that response, exactly as written, with the media type the spec gives it. Reached only on
// purpose: without a preference the emulator answers from its state.
import { requiredHeaderScheme } from '../auth/authenticate.js';
import type { OperationEntry, ResponseObject, SpecDocument } from '../spec/openapi-document.js';
import { type EmulatorResponse, jsonContentType } from '../wire/problems.js';
import type { ResponsePreference } from './prefer-header.js';

export function exampleAnswer(
  spec: SpecDocument,
  entry: OperationEntry,
  preference: ResponsePreference,
): EmulatorResponse {
  const status = String(preference.code ?? successStatus(spec, entry));
  const examples = spec.responseExamples(entry, status);
  const chosen =
    preference.exampleKey !== undefined
      ? examples.get(preference.exampleKey)
      : (examples.get('default') ?? examples.values().next().value);
  const reason = `The spec's example ${preference.exampleKey ?? (chosen ? 'of this status' : '(no content)')}, as asked for.`;
  if (!chosen) {
    // A response without content (204, the server's empty 400s and 404s) has no example to show.
    const response = spec.deref(entry.operation.responses?.[status], '').node as ResponseObject | undefined;
    const mediaType = Object.keys(response?.content ?? {})[0];
    return { status: Number(status), headers: mediaType ? { 'content-type': contentTypeOf(mediaType) } : {}, reason };
  }
  const body =
    typeof chosen.value === 'string' && !/json/i.test(chosen.mediaType) ? chosen.value : JSON.stringify(chosen.value);
  // A 401 names the scheme the operation wants, as the server's challenge does.
  const scheme = status === '401' ? requiredHeaderScheme(spec, entry)?.scheme : undefined;
  return {
    status: Number(status),
    headers: { 'content-type': contentTypeOf(chosen.mediaType), ...(scheme ? { 'www-authenticate': scheme } : {}) },
    body,
    reason,
  };
}

const contentTypeOf = (mediaType: string): string => (mediaType === 'application/json' ? jsonContentType : mediaType);

function successStatus(spec: SpecDocument, entry: OperationEntry): string {
  return spec.statuses(entry).find((status) => status.startsWith('2')) ?? '200';
}
