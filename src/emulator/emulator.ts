// The emulator: one engine that answers every operation of the spec exactly as the Passwordless.dev server does, from
// a stateful model of what the server stores. It knows nothing of sockets: the HTTP mock (src/mock/) and the msw
// handlers (src/msw/) both hand it a request and write out its answer, so both give the same answers, in Node and in
// a browser's service worker. The steps below follow the server's pipeline: routing, CORS, authentication and scopes,
// binding and validation, then the operation's handler.
import { type Authentication, authenticate } from './auth/authenticate.js';
import { createRequestBinding } from './binding/bind-request.js';
import { isJsonMediaType, type ReceivedBody } from './binding/json-body.js';
import { AnswerValidator } from './contract/answer-validator.js';
import { type EnvironmentName, environments, parseEnvironment } from './environment.js';
import { exampleAnswer } from './examples/example-answer.js';
import {
  exampleKeys,
  forcedPreference,
  splitForcedExample,
  unknownExample,
  unknownExampleProblem,
} from './examples/forced-example.js';
import { resolvePreference } from './examples/prefer-header.js';
import { answerOperation, type BoundOperation } from './handling/dispatch.js';
import type { OperationEntry, SpecDocument } from './spec/openapi-document.js';
import { createRouter, type RouteMatch } from './spec/routing.js';
import { EmulatorClock } from './state/emulator-clock.js';
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
import {
  type EmulatorResponse,
  emulatorFull,
  isTransportAnswer,
  methodNotAllowed,
  preflightAnswer,
  routeNotFound,
  serverErrorResponse,
  unsupportedMediaType,
} from './wire/problems.js';
import { type RequestTarget, readRequestTarget } from './wire/request-target.js';

export interface EmulatorRequest {
  /** Upper or lower case. */
  method: string;
  /** The path and query below the API root: `/register/token`, `/credentials/list?userId=42`. */
  path: string;
  /** Header names in lower case, values as received (several values joined with `, `). */
  headers: Record<string, string>;
  body: ReceivedBody;
}

/**
 * A starting state handed over to the emulator: it keeps the snapshot's records as they are instead of a copy, so the
 * caller must not change or use them afterwards (the HTTP door's state file, just read: a million users held once).
 */
export class HandedOverState {
  constructor(readonly snapshot: unknown) {}
}

export interface EmulatorOptions {
  spec: SpecDocument;
  /** How the server answers the mistakes that differ by environment; Production (the cloud's way) by default. */
  environment?: EnvironmentName;
  /** Apps to start with besides the server's Development seed app `test`. */
  apps?: AppSeed[];
  /**
   * Starts from this exported state instead of the seed apps: a copy of it, or, handed over (`HandedOverState`), its
   * records as they are.
   */
  state?: unknown;
  /** Enables the ManagementKey operations with this key; without one they answer 401, as a server without one does. */
  managementKey?: string;
  /** Answers every operation that has an example with this name with that example (`--example`). */
  example?: string;
  limits?: Partial<EmulatorLimits>;
  /** Checks every answer against the spec and reports each violation (tests, `--check-answers`). */
  onContractViolation?: (violation: string) => void;
  /**
   * The emulator's clock, or what it runs with (milliseconds since the epoch); `Date.now` by default. The clock
   * (`emulator.clock`, `/__mock/clock`) moves away from its source by an offset. A door that offers the clock before
   * the emulator exists (msw's) makes it and passes it here.
   */
  clock?: (() => number) | EmulatorClock;
  /**
   * Answers decided outside the emulator (the msw handlers replay a recorded scenario with it): called once for each
   * request routed to an operation, with `passed` false when the request failed the emulator's checks (keys, binding,
   * Prefer) and got their answer. For a request that passed, an answer it returns replaces the state's; a forced
   * example still wins.
   */
  answerFromOutside?: (operation: RoutedOperation, passed: boolean) => EmulatorResponse | undefined;
}

/** The operation a request was routed to, as `answerFromOutside` sees it. */
export interface RoutedOperation {
  operationId: string;
  /** Upper case. */
  method: string;
  /** The path template as the spec writes it, e.g. `/admin/apps/{appId}/features`. */
  template: string;
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
  /** What the emulator reads wherever the server reads its clock: move it to expire tokens without waiting. */
  readonly clock: EmulatorClock;
  readonly spec: SpecDocument;
  readonly environment: EnvironmentName;
}

/** Where a request's checks left it: answered (refused, or not an operation), or ready for its operation's answer. */
type Checked =
  | {
      kind: 'answered';
      response: EmulatorResponse;
      /** The operation the request was routed to, when it got that far. */
      entry?: OperationEntry;
      preflight?: boolean;
    }
  | {
      kind: 'ready';
      entry: OperationEntry;
      /** What the operation's handler gets (and the time, read when it answers). */
      operation: BoundOperation;
      forced?: EmulatorResponse;
    };

export async function createEmulator(options: EmulatorOptions): Promise<Emulator> {
  const { spec } = options;
  // Checked here too: a caller in JavaScript (or reading an environment variable) can pass any string.
  const environment = environments[parseEnvironment(options.environment ?? 'Production', 'environment')];
  const compiled = compiledFor(spec);
  const { knownExamples, route } = compiled;
  if (options.example !== undefined && !knownExamples.has(options.example))
    throw new Error(unknownExample(spec, options.example));
  const clock = options.clock instanceof EmulatorClock ? options.clock : new EmulatorClock(options.clock ?? Date.now);
  const seeds = [developmentSeedApp, ...(options.apps ?? [])];
  const state = new EmulatorState(resolveLimits(options.limits), seeds, clock);
  const handedOver = options.state instanceof HandedOverState;
  const given = options.state instanceof HandedOverState ? options.state.snapshot : options.state;
  await state.start(given === undefined ? undefined : await startingState(given, seeds), { owned: handedOver });
  const bind = compiled.binding(environment.name);
  const contract = options.onContractViolation ? compiled.contract() : undefined;
  const control = stateControl(state);
  maskFromNowOn(options.managementKey);

  // The pipeline's steps are plain functions, a promise only where one waits (the control plane, a key's lookup, a
  // handler): an async function allocates its frame on every call, and these run on every request.

  /** The checks of a request up to authentication, in the server's order. */
  function check(
    request: EmulatorRequest,
    method: string,
    url: RequestTarget,
    controlPlane: boolean,
  ): Checked | Promise<Checked> {
    const headers = request.headers;
    if (controlPlane) {
      const whole = url instanceof URL ? url : new URL(url.pathname + url.search, base);
      return control(method, whole, request.body).then((response): Checked => ({ kind: 'answered', response }));
    }
    const { example: urlExample, pathname } = splitForcedExample(url.pathname);
    if (urlExample !== undefined && !knownExamples.has(urlExample))
      return { kind: 'answered', response: unknownExampleProblem(spec, urlExample) };

    if (isPreflight(method, headers))
      return { kind: 'answered', response: preflightAnswer(preflightHeaders(headers)), preflight: true };
    const match = route(method, pathname);
    // Development maps nothing at `/` (Program.cs maps the greeting outside Development only): an unknown route there.
    const unmapped =
      match.kind === 'operation' && environment.root === 'unmapped' && match.entry.operation.operationId === 'getRoot';
    if (match.kind === 'not-found' || unmapped) {
      return {
        kind: 'answered',
        response: routeNotFound(
          `No operation of the API matches ${method} ${pathname}${unmapped ? ` in ${environment.name}` : ''}.`,
        ),
      };
    }
    if (match.kind === 'method-not-allowed') {
      const allowed = match.allowed.join(', ');
      return {
        kind: 'answered',
        response: methodNotAllowed(allowed, `${pathname} does not take ${method}; it takes ${allowed}.`),
      };
    }
    const { entry } = match;
    // ASP.NET's routing refuses another media type before authentication (its Accepts matcher policy); a request
    // without a Content-Type passes routing and is refused later, when the body is read.
    if (entry.body && headers['content-type'] !== undefined && !isJsonMediaType(headers['content-type'])) {
      return {
        kind: 'answered',
        entry,
        response: unsupportedMediaType(
          `Expected a JSON body (application/json), not "${headers['content-type'] ?? ''}".`,
        ),
      };
    }
    const auth = authenticate(spec, entry, headers, state, options.managementKey);
    return auth instanceof Promise
      ? auth.then((known) => checkAuthenticated(request, url, match, urlExample, known))
      : checkAuthenticated(request, url, match, urlExample, auth);
  }

  /** The checks after authentication: binding, then the Prefer header or a forced example. */
  function checkAuthenticated(
    request: EmulatorRequest,
    url: RequestTarget,
    { entry, pathParams }: Extract<RouteMatch, { kind: 'operation' }>,
    urlExample: string | undefined,
    auth: Authentication,
  ): Checked {
    if (!auth.ok) return { kind: 'answered', entry, response: auth.response };
    const headers = request.headers;
    const bound = bind({ entry, pathParams, headers, body: request.body, url });
    if (!bound.ok) return { kind: 'answered', entry, response: bound.response };

    const preferred = resolvePreference(spec, entry, headers.prefer);
    if (!preferred.ok) return { kind: 'answered', entry, response: preferred.response };
    let preference = preferred.preference;
    const forcedExample = urlExample ?? options.example;
    if (Object.keys(preference).length === 0 && forcedExample !== undefined)
      preference = forcedPreference(spec, entry, forcedExample) ?? preference;
    const operation: BoundOperation = {
      entry,
      auth,
      body: bound.body,
      query: bound.query,
      path: bound.path,
      headers,
      state,
      environment,
    };
    return {
      kind: 'ready',
      entry,
      operation,
      ...(Object.keys(preference).length > 0 ? { forced: exampleAnswer(spec, entry, preference) } : {}),
    };
  }

  /** The answer to a checked request: its refusal, a forced example, an answer from outside, or the handler's. */
  function answer(checked: Checked): EmulatorResponse | Promise<EmulatorResponse> {
    const outside =
      checked.entry && options.answerFromOutside
        ? options.answerFromOutside(routedOperation(checked.entry), checked.kind === 'ready')
        : undefined;
    if (checked.kind === 'answered') return checked.response;
    return checked.forced ?? outside ?? answerOperation(checked.operation, clock.now());
  }

  async function handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const method = request.method.toUpperCase();
    const url = readRequestTarget(target(request.path), base);
    const controlPlane = isControlPlanePath(url.pathname);
    let entry: OperationEntry | undefined;
    let preflight = false;
    let response: EmulatorResponse;
    try {
      state.runDueChores();
      const checking = check(request, method, url, controlPlane);
      // Awaited only when a promise: awaiting an answer at hand would still wait a turn.
      const checked = checking instanceof Promise ? await checking : checking;
      entry = checked.entry;
      preflight = checked.kind === 'answered' && checked.preflight === true;
      const answering = answer(checked);
      response = answering instanceof Promise ? await answering : answering;
    } catch (error) {
      response =
        error instanceof LimitReached
          ? emulatorFull(error.message)
          : serverErrorResponse(`The emulator failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    // What may write changes the state's revision, once written: the state page reads the state again.
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') state.changed();
    if (options.onContractViolation && contract && entry && !response.aboutEmulator && !isTransportAnswer(response)) {
      for (const violation of contract.check(entry, {
        status: response.status,
        contentType: response.headers['content-type'],
        body: response.body,
      })) {
        options.onContractViolation(violation);
      }
    }
    // CORS answers a preflight before the security headers middleware runs; the control plane (`/__mock/*`) is the
    // developer's, so no CORS header lets another origin read its answers.
    const headers = preflight
      ? { ...response.headers }
      : controlPlane
        ? { ...securityHeaders, ...response.headers }
        : { ...securityHeaders, ...corsHeaders(request.headers), ...response.headers };
    return { ...response, headers };
  }

  return {
    handle,
    reset: () => state.reset(),
    exportState: ((options?: ExportStateOptions) => exportState(state, options)) as Emulator['exportState'],
    importState: (snapshot) => importState(state, snapshot),
    state,
    clock,
    spec,
    environment: environment.name,
  };
}

/** What the emulator compiles from a spec: pure functions of it, so every emulator of the same spec shares them. */
interface Compiled {
  knownExamples: ReadonlySet<string>;
  route: ReturnType<typeof createRouter>;
  binding(environment: EnvironmentName): ReturnType<typeof createRequestBinding>;
  contract(): AnswerValidator;
}

const compiledSpecs = new WeakMap<SpecDocument, Compiled>();

function compiledFor(spec: SpecDocument): Compiled {
  let compiled = compiledSpecs.get(spec);
  if (!compiled) {
    const bindings = new Map<EnvironmentName, ReturnType<typeof createRequestBinding>>();
    let contract: AnswerValidator | undefined;
    compiled = {
      knownExamples: new Set(exampleKeys(spec)),
      route: createRouter(spec.operations),
      binding(environment) {
        let binding = bindings.get(environment);
        if (!binding) {
          binding = createRequestBinding(spec, environment);
          bindings.set(environment, binding);
        }
        return binding;
      },
      contract: () => (contract ??= new AnswerValidator(spec)),
    };
    compiledSpecs.set(spec, compiled);
  }
  return compiled;
}

/** What a request's path is read against. */
const base = 'http://emulator.invalid';
const target = (path: string) => (path.startsWith('/') ? path : `/${path}`);

const routedOperation = (entry: OperationEntry): RoutedOperation => ({
  operationId: entry.operation.operationId ?? '',
  method: entry.method.toUpperCase(),
  template: entry.template,
});
