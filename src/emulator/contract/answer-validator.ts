// Checks an answer against the contract: its status is one the operation declares, its media type one that status
// declares (none when the response has no content), and its body valid against that schema (ajv, JSON Schema 2020-12,
// formats on). The emulator runs it on its own answers when asked (tests, `--check-answers`), so its state can never
// drift from the spec, and the proxy runs it on a real server's answers.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import {
  escapeSegment,
  type OperationEntry,
  type ResponseObject,
  type SpecDocument,
} from '../spec/openapi-document.js';
import { schemaRef, specAjv } from '../spec/spec-ajv.js';

const documentId = 'contract-openapi.json';

export interface AnswerToCheck {
  status: number;
  contentType?: string;
  /** The body as text; undefined or '' when there is none. */
  body?: string;
}

export class AnswerValidator {
  private readonly ajv: Ajv2020;

  constructor(private readonly spec: SpecDocument) {
    this.ajv = specAjv(spec.document, documentId, { strict: false, allErrors: true });
  }

  /** What is wrong with the answer, one sentence each; empty when it keeps the contract. */
  check(entry: OperationEntry, answer: AnswerToCheck): string[] {
    const name = `${entry.method.toUpperCase()} ${entry.template}`;
    const declared = entry.operation.responses ?? {};
    const statusKey = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find(
      (key) => key in declared,
    );
    if (!statusKey) return [`${name} answered ${answer.status}, a status the spec does not declare for it.`];
    const { node, pointer } = this.spec.deref(
      declared[statusKey] as ResponseObject,
      `${entry.pointer}/responses/${escapeSegment(statusKey)}`,
    );
    const content = node?.content ?? {};
    const mediaType = answer.contentType?.split(';')[0]?.trim().toLowerCase();
    const body = answer.body ?? '';
    const hasBody = body !== '';
    if (Object.keys(content).length === 0) {
      return hasBody || mediaType
        ? [`${name} ${answer.status} has no content in the spec, but the answer has a body.`]
        : [];
    }
    if (!hasBody) {
      // The server sends some statuses with no body at all (a binding failure in Production): the spec marks them.
      if ((node as Record<string, unknown>)['x-passwordless-may-be-empty'] === true && !mediaType) return [];
      return [
        `${name} ${answer.status} declares a body (${Object.keys(content).join(', ')}), but the answer has none.`,
      ];
    }
    if (!mediaType || !(mediaType in content)) {
      return [
        `${name} ${answer.status} answered ${mediaType ?? 'no media type'}; the spec declares ${Object.keys(content).join(', ')}.`,
      ];
    }
    let value: unknown = body;
    if (/json/.test(mediaType)) {
      try {
        value = JSON.parse(body);
      } catch {
        return [`${name} ${answer.status} answered ${mediaType} that is not JSON.`];
      }
    }
    const schemaPointer = `${pointer}/content/${escapeSegment(mediaType)}/schema`;
    const validate = this.ajv.getSchema(schemaRef(documentId, schemaPointer));
    if (!validate) return [`${name} ${answer.status}: the schema at ${schemaPointer} does not compile.`];
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${name} ${answer.status}: ${error.instancePath || 'the body'} ${error.message ?? 'is not valid'} (${error.schemaPath}).`,
    );
  }
}
