// The server's own words when ASP.NET cannot bind a request (api-inventory §1.5, the Development-mode
// BadHttpRequestException problems): 'Failed to read parameter "<Type> <name>" from the request body as JSON.',
// 'Required parameter "<type> <Name>" was not provided from query string.', 'Failed to bind parameter "<type> <Name>"
// from "<value>".'. The C# type and name of each parameter come from the operation's
// `x-passwordless-csharp-parameters`.
// A body parameter without [FromBody] is one ASP.NET infers, and a missing or `null` body gets other words for it.

import { type EnvironmentName, environments } from '../environment.js';
import type { OperationEntry, ResolvedParameter } from '../spec/openapi-document.js';
import { type EmulatorResponse, emptyResponse, frameworkProblem } from '../wire/problems.js';
import type { Binder } from './binder.js';

const csharpTypes: Record<string, string> = { integer: 'int', boolean: 'bool', number: 'double', string: 'string' };

/**
 * Operations whose handler takes its body parameter without [FromBody], so ASP.NET infers it: `POST /apps/features`
 * (`SetFeaturesAsync(SetFeaturesRequest payload, IApplicationService service)`, src/Api/Endpoints/Apps.cs). Every other
 * body parameter of the server is marked [FromBody].
 */
export const inferredBodyOperations: ReadonlySet<string> = new Set(['setAppFeatures']);

export class BindingProblems {
  constructor(
    private readonly binder: Binder,
    private readonly environment: EnvironmentName,
  ) {}

  /** A parameter's C# declaration (`RegisterToken request`, `int PageNumber`): `x-passwordless-csharp-parameters`. */
  private declared(entry: OperationEntry, name: string): string | undefined {
    const declarations = entry.operation['x-passwordless-csharp-parameters'] as Record<string, string> | undefined;
    return declarations?.[name];
  }

  /** `RegisterToken request`: the C# body parameter; derived from the schema's name when the spec does not say. */
  bodyParameter(entry: OperationEntry): string {
    const schemaName = (entry.body?.schema.$ref as string | undefined)?.split('/').pop() ?? 'Object';
    return this.declared(entry, 'body') ?? `${schemaName} request`;
  }

  /** `int PageNumber`: a query parameter's C# type and name. */
  queryParameter(entry: OperationEntry, parameter: ResolvedParameter): string {
    const declared = this.declared(entry, parameter.name);
    if (declared) return declared;
    const { schema, nullable } = this.binder.shapeOf(parameter.schema);
    const type = ([] as unknown[]).concat(schema.type ?? 'string').find((t) => t !== 'null') as string;
    const csharp =
      schema.format === 'date' ? 'DateOnly' : schema.format === 'int64' ? 'long' : (csharpTypes[type] ?? 'string');
    const declaration = nullable && csharp !== 'string' ? `Nullable<${csharp}>` : csharp;
    return `${declaration} ${parameter.name}`;
  }

  /**
   * The value a parameter keeps when ASP.NET cannot bind it: its C# default. A value type's (`int` 0, `bool` false)
   * stays; undefined stands for null (`string`, arrays, `Nullable<…>`), which is the parameter left out.
   */
  parameterDefault(entry: OperationEntry, parameter: ResolvedParameter): unknown {
    const type = this.queryParameter(entry, parameter).split(' ')[0] ?? 'string';
    if (type.startsWith('Nullable<') || type.endsWith('?') || type.endsWith('[]')) return undefined;
    if (['int', 'long', 'short', 'double', 'float', 'decimal'].includes(type)) return 0;
    return type === 'bool' ? false : undefined;
  }

  /** The server's answer to a request it cannot bind: a titled problem in Development, an empty 400 in Production. */
  failure(title: string, reason: string, status: 400 | 415 = 400): EmulatorResponse {
    if (environments[this.environment].unreadableRequest === 'empty')
      return emptyResponse(status, `${title} ${reason}`);
    return { ...frameworkProblem(status, title), reason };
  }

  /** A body that is missing or the JSON literal `null`. */
  missingBody(entry: OperationEntry): EmulatorResponse {
    const parameter = this.bodyParameter(entry);
    const reason = 'The request has no body (or the JSON null); this operation needs a JSON object.';
    if (inferredBodyOperations.has(entry.operation.operationId ?? '')) {
      const name = parameter.split(' ').at(-1) ?? parameter;
      return this.failure(
        `Implicit body inferred for parameter "${name}" but no body was provided. ` +
          'Did you mean to use a Service instead?',
        reason,
      );
    }
    return this.failure(`Required parameter "${parameter}" was not provided from body.`, reason);
  }

  unreadableBody(entry: OperationEntry, reason: string): EmulatorResponse {
    return this.failure(
      `Failed to read parameter "${this.bodyParameter(entry)}" from the request body as JSON.`,
      reason,
    );
  }

  missingQuery(entry: OperationEntry, parameter: ResolvedParameter): EmulatorResponse {
    return this.failure(
      `Required parameter "${this.queryParameter(entry, parameter)}" was not provided from query string.`,
      `Add ?${parameter.name}= to the URL.`,
    );
  }

  unconvertibleQuery(entry: OperationEntry, parameter: ResolvedParameter, value: unknown): EmulatorResponse {
    return this.failure(
      `Failed to bind parameter "${this.queryParameter(entry, parameter)}" from "${String(value)}".`,
      `${parameter.name} cannot be read as its type.`,
    );
  }
}
