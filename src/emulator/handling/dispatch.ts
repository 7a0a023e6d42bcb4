// The boundary between the pipeline and the operations: a routed, authenticated and bound request goes to its
// operation's handler, and the handler's answer becomes what the doors write. The binder has validated the request
// against the spec, so here it takes the types generated from the same spec. An operation of the served spec that the
// emulator has no handler for (a newer spec given with --spec) gets a clear 501, never a made-up answer.
import type { Authentication } from '../auth/authenticate.js';
import type { EnvironmentSettings } from '../environment.js';
import { hasHandler, operationHandlers } from '../operations/operation-handlers.js';
import type { OperationEntry } from '../spec/openapi-document.js';
import type { EmulatorState } from '../state/emulator-state.js';
import { type EmulatorResponse, notImplemented } from '../wire/problems.js';
import { ok, toResponse } from './answers.js';
import type { Answer, OperationContext, OperationId } from './operation-types.js';

export interface BoundOperation {
  entry: OperationEntry;
  auth: Extract<Authentication, { ok: true }>;
  body: Record<string, unknown> | undefined;
  query: Record<string, unknown>;
  path: Record<string, unknown>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  state: EmulatorState;
  environment: EnvironmentSettings;
}

/** What a handler is given: the request's members (all of them), the time and `ok`, and what authentication found. */
type HandlerContext<Found = unknown> = Omit<BoundOperation, 'entry' | 'auth'> & { now: number; ok: typeof ok } & Found;

function handle<Id extends OperationId>(
  operationId: Id,
  context: OperationContext<Id>,
): Answer<Id> | Promise<Answer<Id>> {
  return operationHandlers[operationId](context);
}

/**
 * The operation's answer, at `now`, to a request that passed the pipeline's checks: a promise only when its handler
 * waits for something (not an async function: an answer made at once waits for no promise).
 */
export function answerOperation(operation: BoundOperation, now: number): EmulatorResponse | Promise<EmulatorResponse> {
  const { entry, auth } = operation;
  const operationId = entry.operation.operationId;
  if (!hasHandler(operationId)) {
    return notImplemented(
      `${entry.method.toUpperCase()} ${entry.template} (${operationId ?? 'no operationId'}) has no handler in this ` +
        'emulator: the spec it serves is newer than the emulator.',
    );
  }
  // Written out member by member: a rest and a spread would copy the request twice, on every request. `satisfies`
  // keeps the list whole: a member added to BoundOperation and left out here does not compile.
  const { body, query, path, headers, state, environment } = operation;
  const context = (auth.kind === 'app'
    ? ({
        body,
        query,
        path,
        headers,
        state,
        environment,
        now,
        ok,
        app: auth.app,
        key: auth.key,
      } satisfies HandlerContext<Pick<typeof auth, 'app' | 'key'>>)
    : ({
        body,
        query,
        path,
        headers,
        state,
        environment,
        now,
        ok,
      } satisfies HandlerContext)) as unknown as OperationContext<typeof operationId>;
  const answer = handle(operationId, context);
  return answer instanceof Promise ? answer.then(toResponse) : toResponse(answer);
}
