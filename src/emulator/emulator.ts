// The emulator: one engine that answers every operation of the spec exactly as the Passwordless.dev server does, from
// a stateful model of what the server stores. It knows nothing of sockets: the HTTP mock (src/mock/) and the msw
// handlers (src/msw/) both hand it a request and write out its answer, so both give the same answers, in Node and in
// a browser's service worker. The steps below follow the server's pipeline: routing, CORS, authentication and scopes,
// binding and validation, then the operation's handler.
import { authenticate } from './auth/authenticate.js';
import { createRequestBinding } from './binding/bind-request.js';
import { isJsonMediaType, type ReceivedBody } from './binding/json-body.js';
import { AnswerValidator } from './contract/answer-validator.js';
import type { EnvironmentName } from './environment.js';
import { exampleAnswer } from './examples/example-answer.js';
import {
  exampleKeys,
  forcedPreference,
  splitForcedExample,
  unknownExample,
  unknownExampleProblem,
} from './examples/forced-example.js';
import { resolvePreference } from './examples/prefer-header.js';
import { operationHandlers } from './operations/operation-handlers.js';
import type { OperationEntry, SpecDocument } from './spec/openapi-document.js';
import { createRouter } from './spec/routing.js';
import { type AppSeed, developmentSeedApp, EmulatorState } from './state/emulator-state.js';
import { type EmulatorLimits, LimitReached, resolveLimits } from './state/limits.js';
import type { StateSnapshot } from './state/state-snapshot.js';
import {
  type ExportStateOptions,
  exportState,
  importState,
  isControlPlanePath,
  type StateDump,
  startingState,
  stateControl,
} from './state-control.js';
import { corsHeaders, isPreflight, preflightHeaders, securityHeaders } from './wire/cors.js';
import { maskFromNowOn } from './wire/key-masking.js';
import { type EmulatorResponse, emptyResponse, emulatorUsageProblem, serverError } from './wire/problems.js';

export interface EmulatorRequest {
  /** Upper or lower case. */
  method: string;
  /** The path and query below the API root: `/register/token`, `/credentials/list?userId=42`. */
  path: string;
  /** Header names in lower case, values as received (several values joined with `, `). */
  headers: Record<string, string>;
  body: ReceivedBody;
}

export interface EmulatorOptions {
  spec: SpecDocument;
  /** How the server answers the mistakes that differ by environment; Production (the cloud's way) by default. */
  environment?: EnvironmentName;
  /** Apps to start with besides the server's Development seed app `test`. */
  apps?: AppSeed[];
  /** Starts from this exported state instead of the seed apps. */
  state?: unknown;
  /** Enables the ManagementKey operations with this key; without one they answer 401, as a server without one does. */
  managementKey?: string;
  /** Answers every operation that has an example with this name with that example (`--example`). */
  example?: string;
  limits?: Partial<EmulatorLimits>;
  /** Checks every answer against the spec and reports each violation (tests, `--check-answers`). */
  onContractViolation?: (violation: string) => void;
  /** Milliseconds since the epoch; `Date.now` by default. Tests move it to expire tokens. */
  clock?: () => number;
  /**
   * Answers recorded elsewhere (a replayed scenario, in the msw handlers): asked for each request routed to an
   * operation, in order, with `passed` false when the request already failed (it still takes its turn); its answer
   * replaces the state's. A forced example still wins.
   */
  recordedAnswers?: (entry: OperationEntry, passed: boolean) => EmulatorResponse | undefined;
}

export interface Emulator {
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  /** Back to the starting state (the seed apps, or the state it started from); issued tokens stop verifying. */
  reset(): Promise<void>;
  /** The state, without what lets its reader mint tokens or keys unless `includeSecrets` (see state-control.ts). */
  exportState(options: { includeSecrets: true }): StateSnapshot;
  exportState(options?: ExportStateOptions): StateDump;
  /** Replaces the whole state with an export (one that withheld its secrets too); throws an Error that says what is wrong. */
  importState(snapshot: unknown): void;
  readonly state: EmulatorState;
  readonly spec: SpecDocument;
  readonly environment: EnvironmentName;
}

interface Answer {
  response: EmulatorResponse;
  /** The operation the request was routed to, when it got that far. */
  entry?: OperationEntry;
  preflight?: boolean;
  /** An answer of the control plane (`/__mock/*`): the developer's, so no CORS header lets another origin read it. */
  controlPlane?: boolean;
}

export async function createEmulator(options: EmulatorOptions): Promise<Emulator> {
  const { spec } = options;
  const environment = options.environment ?? 'Production';
  const knownExamples = new Set(exampleKeys(spec));
  if (options.example !== undefined && !knownExamples.has(options.example))
    throw new Error(unknownExample(spec, options.example));
  const clock = options.clock ?? Date.now;
  const seeds = [developmentSeedApp, ...(options.apps ?? [])];
  const state = new EmulatorState(resolveLimits(options.limits), seeds, clock);
  await state.start(options.state === undefined ? undefined : await startingState(options.state, seeds));
  const route = createRouter(spec.operations);
  const bind = createRequestBinding(spec, environment);
  const contract = options.onContractViolation ? new AnswerValidator(spec) : undefined;
  const control = stateControl(state);
  maskFromNowOn(options.managementKey);

  async function answer(request: EmulatorRequest, method: string, url: URL): Promise<Answer> {
    const headers = request.headers;
    if (isControlPlanePath(url.pathname))
      return { response: await control(method, url, request.body), controlPlane: true };
    const { example: urlExample, pathname } = splitForcedExample(url.pathname);
    if (urlExample !== undefined && !knownExamples.has(urlExample))
      return { response: unknownExampleProblem(spec, urlExample) };

    if (isPreflight(method, headers))
      return { response: { status: 204, headers: preflightHeaders(headers) }, preflight: true };
    const match = route(method, pathname);
    // Development maps nothing at `/` (Program.cs maps the greeting outside Development only): an unknown route there.
    const unmapped =
      match.kind === 'operation' && environment === 'Development' && match.entry.operation.operationId === 'getRoot';
    if (match.kind === 'not-found' || unmapped) {
      return {
        response: emptyResponse(
          404,
          `No operation of the API matches ${method} ${pathname}${unmapped ? ' in Development' : ''}.`,
        ),
      };
    }
    if (match.kind === 'method-not-allowed') {
      const allowed = match.allowed.join(', ');
      return {
        response: emptyResponse(405, `${pathname} does not take ${method}; it takes ${allowed}.`, { allow: allowed }),
      };
    }
    const { entry, pathParams } = match;
    // ASP.NET's routing refuses another media type before authentication (its Accepts matcher policy); a request
    // without a Content-Type passes routing and is refused later, when the body is read.
    if (entry.body && headers['content-type'] !== undefined && !isJsonMediaType(headers['content-type'])) {
      options.recordedAnswers?.(entry, false);
      return {
        entry,
        response: emptyResponse(
          415,
          `Expected a JSON body (application/json), not "${headers['content-type'] ?? ''}".`,
        ),
      };
    }
    const failed = (response: EmulatorResponse): Answer => {
      options.recordedAnswers?.(entry, false);
      return { entry, response };
    };
    const auth = await authenticate(spec, entry, headers, state, options.managementKey);
    if (!auth.ok) return failed(auth.response);
    const bound = bind({ entry, pathParams, headers, body: request.body, searchParams: url.searchParams });
    if (!bound.ok) return failed(bound.response);

    const preferred = resolvePreference(spec, entry, headers.prefer);
    if (!preferred.ok) return failed(preferred.response);
    let preference = preferred.preference;
    const forced = urlExample ?? options.example;
    if (Object.keys(preference).length === 0 && forced !== undefined)
      preference = forcedPreference(spec, entry, forced) ?? preference;
    const recorded = options.recordedAnswers?.(entry, true);
    if (Object.keys(preference).length > 0) return { entry, response: exampleAnswer(spec, entry, preference) };
    if (recorded) return { entry, response: recorded };

    const handler = operationHandlers[entry.operation.operationId ?? ''];
    if (!handler) return { entry, response: exampleAnswer(spec, entry, {}) };
    const response = await handler({
      entry,
      spec,
      auth,
      body: bound.body ?? {},
      hasBody: bound.body !== undefined,
      query: bound.query,
      path: bound.path,
      headers,
      state,
      environment,
      now: clock(),
    });
    return { entry, response };
  }

  async function handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const method = request.method.toUpperCase();
    let url: URL;
    try {
      url = new URL(request.path.startsWith('/') ? request.path : `/${request.path}`, 'http://emulator.invalid');
    } catch {
      url = new URL('http://emulator.invalid/');
    }
    let result: Answer;
    try {
      result = await answer(request, method, url);
    } catch (error) {
      result = {
        response:
          error instanceof LimitReached
            ? emulatorUsageProblem(507, 'The emulator is full', error.message)
            : serverError(`The emulator failed: ${error instanceof Error ? error.message : String(error)}`),
      };
    }
    const { response, entry } = result;
    // Kestrel's 413 comes before any endpoint, like an unknown route: transport, not an operation's answer.
    if (contract && entry && !response.aboutEmulator && response.status !== 413) {
      for (const violation of contract.check(entry, {
        status: response.status,
        contentType: response.headers['content-type'],
        body: response.body,
      })) {
        options.onContractViolation!(violation);
      }
    }
    // CORS answers a preflight before the security headers middleware runs; the control plane has no CORS at all.
    const pipelineHeaders = result.preflight
      ? {}
      : { ...securityHeaders, ...(result.controlPlane ? {} : corsHeaders(request.headers)) };
    return { ...response, headers: { ...pipelineHeaders, ...response.headers } };
  }

  return {
    handle,
    reset: () => state.reset(),
    exportState: ((options?: ExportStateOptions) => exportState(state, options)) as Emulator['exportState'],
    importState: (snapshot) => importState(state, snapshot),
    state,
    spec,
    environment,
  };
}
