// What the contract tests send and expect, read from the bundled spec: for every operation a valid request built
// from its examples, and every named response example with its status. Nothing is written by hand per route.
import { resolveLocalRefs } from '../../src/emulator/spec/local-refs.js';
import { listOperations, loadBundledSpec, type OpenApiOperation } from '../helpers/bundled-spec.js';

export const spec = loadBundledSpec();

/** Follows local `$ref`s through the bundled document. */
export const resolve = <T = unknown>(node: unknown): T => resolveLocalRefs<T>(spec, node);

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema?: { examples?: unknown[]; example?: unknown };
}

interface Media {
  schema?: unknown;
  examples?: Record<string, unknown>;
}

export interface ResponseExample {
  status: number;
  key: string;
  mediaType: string;
  value: unknown;
  /** Whether another status of the operation has an example with the same key (then `code` must be sent too). */
  ambiguous: boolean;
}

export interface OperationCase {
  method: string;
  path: string;
  operation: OpenApiOperation;
  /** The security scheme the operation needs, if any. */
  scheme: string | undefined;
  query: Record<string, unknown>;
  /** The path parameters, from their examples (`{appId}` → `myapp`). */
  pathParams: Record<string, unknown>;
  body: unknown;
  /** The status the mock answers a valid request with: the first 2xx, else the first declared. */
  defaultStatus: number;
  examples: ResponseExample[];
  /** The media type of each status, `undefined` when it has no body. */
  mediaTypes: Map<number, string | undefined>;
}

function parameterExample(parameter: Parameter): unknown {
  return parameter.example ?? parameter.schema?.example ?? parameter.schema?.examples?.[0];
}

function requestBodyExample(operation: OpenApiOperation): unknown {
  const requestBody = resolve<{ content?: Record<string, Media> } | undefined>(operation.requestBody);
  const media = requestBody?.content?.['application/json'];
  if (!media) return undefined;
  const examples = media.examples ?? {};
  const chosen = examples.default ?? Object.values(examples)[0];
  return resolve<{ value?: unknown } | undefined>(chosen)?.value;
}

export function operationCases(): OperationCase[] {
  return listOperations(spec).map(({ method, path, operation }) => {
    const parameters = ((operation.parameters as unknown[] | undefined) ?? []).map((p) => resolve<Parameter>(p));
    const examplesIn = (location: string) =>
      Object.fromEntries(
        parameters
          .filter((p) => p.in === location && parameterExample(p) !== undefined)
          .map((p) => [p.name, parameterExample(p)]),
      );
    const query = examplesIn('query');
    const statuses = Object.keys(operation.responses);
    const mediaTypes = new Map<number, string | undefined>();
    const examples: ResponseExample[] = [];
    for (const status of statuses) {
      const response = resolve<{ content?: Record<string, Media> }>(operation.responses[status]);
      const [mediaType, media] = Object.entries(response.content ?? {})[0] ?? [];
      mediaTypes.set(Number(status), mediaType);
      for (const [key, example] of Object.entries(media?.examples ?? {})) {
        examples.push({
          status: Number(status),
          key,
          mediaType: mediaType!,
          value: resolve<{ value?: unknown }>(example).value,
          ambiguous: false,
        });
      }
    }
    for (const example of examples) {
      example.ambiguous = examples.some((other) => other.key === example.key && other.status !== example.status);
    }
    const security = operation.security ?? [];
    return {
      method,
      path,
      operation,
      scheme: Object.keys(security[0] ?? {})[0],
      query,
      pathParams: examplesIn('path'),
      body: requestBodyExample(operation),
      defaultStatus: Number(statuses.find((status) => status.startsWith('2')) ?? statuses[0]),
      examples,
      mediaTypes,
    };
  });
}

/** Well-formed keys of a made-up app: the mock accepts any key of the right format (any ManagementKey but ''). */
/** The seed app's documented development keys, and the management key the test suite's mock starts with. */
export const keys = {
  apiSecret: 'test:secret:a679563b331846c79c20b114a4f56d02',
  apiKey: 'test:public:2e728aa5986f4ba8b073a5b28a939795',
  managementKey: 'test-suite-management-key',
};
