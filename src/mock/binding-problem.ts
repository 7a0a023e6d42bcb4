// The server's own words when ASP.NET cannot bind a request (api-inventory §1.5, the Development-mode
// BadHttpRequestException problems): 'Failed to read parameter "<Type> <name>" from the request body as JSON.',
// 'Required parameter "<type> <Name>" was not provided from query string.', 'Failed to bind parameter "<type> <Name>"
// from "<value>".'. The C# type and name of each parameter come from the spec's examples of those problems; an
// operation without such an example gets names derived from its schemas.
import type { Binder } from './binding.js';
import { frameworkProblem, type MockResponse } from './mock-response.js';
import type { OperationEntry, ResolvedParameter, SpecDocument } from './openapi-document.js';

const csharpTypes: Record<string, string> = { integer: 'int', boolean: 'bool', number: 'double', string: 'string' };

export class BindingProblems {
  private readonly titleCache = new Map<OperationEntry, string[]>();

  constructor(
    private readonly spec: SpecDocument,
    private readonly binder: Binder,
  ) {}

  /** `RegisterToken request`: the C# body parameter, as the operation's binding examples name it. */
  bodyParameter(entry: OperationEntry): string {
    for (const title of this.titles(entry)) {
      const name = /^Failed to read parameter "([^"]+)" from the request body as JSON\.$/.exec(title)?.[1];
      if (name) return name;
    }
    const schemaName = (entry.body?.schema.$ref as string | undefined)?.split('/').pop() ?? 'Object';
    return `${schemaName} request`;
  }

  /** `int PageNumber`: a query parameter's C# type and name. */
  queryParameter(entry: OperationEntry, parameter: ResolvedParameter): string {
    for (const title of this.titles(entry)) {
      const declared = /parameter "([^"]+) (\w+)"/.exec(title);
      if (declared && declared[2]!.toLowerCase() === parameter.name.toLowerCase()) return `${declared[1]} ${declared[2]}`;
    }
    const schema = this.binder.flatten(parameter.schema);
    const type = ([] as unknown[]).concat(schema.type ?? 'string').find((t) => t !== 'null') as string;
    const csharp =
      schema.format === 'date' ? 'DateOnly' : schema.format === 'int64' ? 'long' : (csharpTypes[type] ?? 'string');
    return `${csharp} ${parameter.name}`;
  }

  unreadableBody(entry: OperationEntry, detail: string): MockResponse {
    return frameworkProblem(400, `Failed to read parameter "${this.bodyParameter(entry)}" from the request body as JSON.`, detail);
  }

  missingQuery(entry: OperationEntry, parameter: ResolvedParameter): MockResponse {
    return frameworkProblem(
      400,
      `Required parameter "${this.queryParameter(entry, parameter)}" was not provided from query string.`,
      `Add ?${parameter.name}= to the URL.`,
    );
  }

  unconvertibleQuery(entry: OperationEntry, parameter: ResolvedParameter, value: unknown): MockResponse {
    return frameworkProblem(400, `Failed to bind parameter "${this.queryParameter(entry, parameter)}" from "${String(value)}".`);
  }

  private titles(entry: OperationEntry): string[] {
    let titles = this.titleCache.get(entry);
    if (!titles) {
      titles = [...this.spec.responseExamples(entry, '400').values()]
        .map(({ value }) => (value as { title?: unknown } | undefined)?.title)
        .filter((title): title is string => typeof title === 'string');
      this.titleCache.set(entry, titles);
    }
    return titles;
  }
}
