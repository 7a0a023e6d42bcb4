// Picks the one answer the server gives for a request that failed, from everything validation found, in the
// server's order (api-inventory §1.5): query binding, then body binding, then the validation filter. An operation
// whose 400 response cannot be a ValidationProblemDetails has no validation filter on the server: there a missing
// member is the handler's own problem (the spec's example whose title names it) or, failing that, a binding error.

import type { OperationEntry, ResolvedParameter, SpecDocument } from '../spec/openapi-document.js';
import { type EmulatorResponse, problemResponse } from '../wire/problems.js';
import type { BindingProblems } from './binding-problems.js';
import { type ValidationIssue, validationProblem } from './validation-problem.js';

export class RequestProblems {
  private readonly validationFilter = new Map<OperationEntry, boolean>();

  constructor(
    private readonly spec: SpecDocument,
    private readonly binding: BindingProblems,
  ) {}

  /** The query and path parameters the request's values could not be bound to (missing, or not of their type). */
  unboundParameters(entry: OperationEntry, issues: ValidationIssue[]): ResolvedParameter[] {
    return issues
      .filter((issue) => issue.source !== 'body' && issue.kind !== 'constraint')
      .flatMap((issue) => entry.parameters.filter((p) => p.name.toLowerCase() === issue.member.toLowerCase()));
  }

  /**
   * The validation filter's problem for the values as bound (`filtered`: the unbound parameters at their C# defaults),
   * or undefined when it finds nothing wrong.
   */
  filterAnswer(unbound: ResolvedParameter[], filtered: ValidationIssue[]): EmulatorResponse | undefined {
    const checked = filtered.filter((issue) => issue.kind !== 'conversion');
    if (checked.length === 0) return undefined;
    const defaults = unbound.map((parameter) => parameter.name).join(', ');
    const atDefault = defaults ? ` with ${defaults} at the C# default` : ' with the body null';
    return {
      ...validationProblem(checked),
      reason:
        `The validation filter ran on the parameters as bound,${atDefault}: outside Development, ASP.NET runs ` +
        'the filters before it answers a binding failure.',
    };
  }

  answer(entry: OperationEntry, issues: ValidationIssue[]): EmulatorResponse {
    for (const issue of issues.filter((i) => i.source !== 'body' && i.kind !== 'constraint')) {
      const parameter = entry.parameters.find((p) => p.name.toLowerCase() === issue.member.toLowerCase());
      if (!parameter) continue;
      return issue.kind === 'missing'
        ? this.binding.missingQuery(entry, parameter)
        : this.binding.unconvertibleQuery(entry, parameter, issue.value);
    }
    const conversion = issues.find((issue) => issue.source === 'body' && issue.kind === 'conversion');
    if (conversion) return this.binding.unreadableBody(entry, conversion.message);
    if (this.hasValidationFilter(entry)) return validationProblem(issues);
    const [first] = issues;
    if (!first) return this.binding.unreadableBody(entry, 'The request could not be bound.');
    const handler = this.handlerProblem(entry, first.member);
    if (handler) return handler;
    const parameter = entry.parameters.find((p) => p.name.toLowerCase() === first.member.toLowerCase());
    if (first.source !== 'body' && parameter) return this.binding.unconvertibleQuery(entry, parameter, first.value);
    return this.binding.unreadableBody(entry, first.message);
  }

  /** Whether the operation has the validation filter: its 400 response admits a ValidationProblemDetails. */
  hasValidationFilter(entry: OperationEntry): boolean {
    let cached = this.validationFilter.get(entry);
    if (cached === undefined) {
      const response = this.spec.deref(entry.operation.responses?.['400'], '').node as
        | { content?: Record<string, { schema?: Record<string, unknown> }> }
        | undefined;
      const schemas = Object.values(response?.content ?? {}).flatMap(({ schema }) =>
        schema ? [schema, ...((schema.anyOf ?? schema.oneOf ?? []) as Record<string, unknown>[])] : [],
      );
      cached = schemas.some((schema) => String(schema.$ref ?? '').endsWith('/ValidationProblemDetails'));
      this.validationFilter.set(entry, cached);
    }
    return cached;
  }

  /** The operation's own check on a member, when a 400 example without an errorCode names that member. */
  private handlerProblem(entry: OperationEntry, member: string): EmulatorResponse | undefined {
    const word = new RegExp(`\\b${(member.split(/[.[]/)[0] ?? '').replace(/[^\w]/g, '')}\\b`, 'i');
    for (const { value } of this.spec.responseExamples(entry, '400').values()) {
      const problem = value as { type?: string; title?: string; errorCode?: unknown } | undefined;
      if (problem?.title && problem.errorCode === null && word.test(problem.title)) {
        return problemResponse({ ...problem, type: problem.type ?? 'about:blank', title: problem.title, status: 400 });
      }
    }
    return undefined;
  }
}
