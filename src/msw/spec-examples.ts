// The canned answers of every operation, from the bundled spec's named examples: the success example each operation
// answers by default, and every other example under its key (an errorCode such as `expired_token`, or a name such as
// `validation`), which the spec keeps unique across the responses of one operation.
import type { OperationEntry, SpecDocument } from '../mock/openapi-document.js';

/** A response the handlers send as is. */
export interface CannedResponse {
  status: number;
  contentType?: string;
  body?: unknown;
}

export interface OperationAnswers {
  /** The lowest 2xx response, with its `default` (or first) example. */
  success: CannedResponse;
  /** Every named example of every response, by key. */
  examples: Map<string, CannedResponse>;
}

export function specAnswers(spec: SpecDocument): Map<OperationEntry, OperationAnswers> {
  const answers = new Map<OperationEntry, OperationAnswers>();
  for (const entry of spec.operations) {
    const examples = new Map<string, CannedResponse>();
    let success: CannedResponse | undefined;
    const statuses = spec.statuses(entry).filter((status) => /^\d{3}$/.test(status)).sort();
    for (const status of statuses) {
      const named = [...spec.responseExamples(entry, status)].map(
        ([key, { mediaType, value }]) => [key, { status: Number(status), contentType: mediaType, body: value }] as const,
      );
      for (const [key, canned] of named) if (!examples.has(key)) examples.set(key, canned);
      if (!success && status.startsWith('2')) {
        success = (named.find(([key]) => key === 'default') ?? named[0])?.[1] ?? { status: Number(status) };
      }
    }
    answers.set(entry, { success: success ?? { status: 204 }, examples });
  }
  return answers;
}
