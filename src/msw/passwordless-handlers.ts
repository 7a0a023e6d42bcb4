// msw handlers that answer the Passwordless.dev API in a downstream team's tests, in Node (msw/node) or a browser's
// service worker (msw/browser): the same emulator as the mock server (src/emulator/), with its state, its passkey
// ceremonies and its answers to mistakes, behind msw instead of a socket. Nothing here needs a Node built-in.
import { type HttpHandler, HttpResponse, http } from 'msw';
import bundledSpec from '../../generated/openapi.json' with { type: 'json' };
import {
  createEmulator,
  type Emulator,
  EmulatorClock,
  type EmulatorOptions,
  type EmulatorResponse,
  type ExportStateOptions,
  type OpenApiDocument,
  reasonHeader,
  reasonHeaderValue,
  SpecDocument,
  type StateDump,
  type StateSnapshot,
  exampleKeys as specExampleKeys,
} from '../emulator/index.js';
import { type ScenarioName, ScenarioReplay } from './scenario-replay.js';

export interface PasswordlessHandlersOptions extends Omit<EmulatorOptions, 'spec' | 'answerFromOutside'> {
  /** The API root your client calls, or several. Default `https://v4.passwordless.dev`. */
  baseUrl?: string | readonly string[];
  /**
   * Replays a recorded scenario: each operation it recorded answers with its recorded responses, in the recorded
   * order (the last one repeats); other operations answer from the emulator's state. A request that breaks the spec
   * gets the server's answer, and still takes its turn.
   */
  scenario?: ScenarioName;
}

export const defaultBaseUrl = 'https://v4.passwordless.dev';

let sharedSpec: SpecDocument | undefined;
// The bundled spec is imported, not read from disk, so the handlers work wherever the package is installed.
const specDocument = () =>
  (sharedSpec ??= new SpecDocument(bundledSpec as unknown as OpenApiDocument, 'generated/openapi.json'));

/** Every example name of the spec, for `useExample` and its error message. */
export function exampleKeys(): string[] {
  return specExampleKeys(specDocument());
}

/** An emulator behind msw: its handlers, and the state controls a test suite needs between tests. */
export interface PasswordlessEmulator {
  /** Put them in `setupServer(...emulator.handlers)` or `setupWorker(...emulator.handlers)`. */
  readonly handlers: HttpHandler[];
  /** Back to the starting state (the seed app `test`, or the state given); issued tokens stop verifying. */
  reset(): Promise<void>;
  /** The state, without each app's token-signing key and secret hashes unless `{ includeSecrets: true }`. */
  exportState(options: { includeSecrets: true }): Promise<StateSnapshot>;
  exportState(options?: ExportStateOptions): Promise<StateDump>;
  /** Replaces the whole state; rejects with an Error that says what is wrong with the snapshot. */
  importState(snapshot: unknown): Promise<void>;
  /**
   * The emulator's clock, as `/__mock/clock` moves it: `clock.advance(120)` expires a token of 60 s without waiting,
   * `clock.set('2026-03-01T12:00:00Z')` sets it (never back past an issued token unless `{ allowBackwards: true }`).
   */
  readonly clock: EmulatorClock;
}

/**
 * Starts an emulator for msw. Its state lives as long as the returned object: reset it between tests
 * (`afterEach(() => emulator.reset())`) so each test starts clean.
 */
export function passwordlessEmulator(options: PasswordlessHandlersOptions = {}): PasswordlessEmulator {
  const { baseUrl, scenario, ...emulatorOptions } = options;
  if (emulatorOptions.example !== undefined && !exampleKeys().includes(emulatorOptions.example)) {
    throw new Error(
      `No operation of the spec has an example named "${emulatorOptions.example}"; the examples are: ${exampleKeys().join(', ')}.`,
    );
  }
  const replay = scenario === undefined ? undefined : new ScenarioReplay(scenario);
  // Made now, so a test can move it before the first request creates the emulator.
  const clock =
    emulatorOptions.clock instanceof EmulatorClock ? emulatorOptions.clock : new EmulatorClock(emulatorOptions.clock);
  // Created on the first request: creating it hashes the seed keys with WebCrypto, which is asynchronous.
  let created: Promise<Emulator> | undefined;
  const emulator = () =>
    (created ??= createEmulator({
      ...emulatorOptions,
      clock,
      spec: specDocument(),
      ...(replay ? { answerFromOutside: replay.answerFromOutside } : {}),
    }));
  const handlers = [baseUrl ?? defaultBaseUrl].flat().map((root) => {
    const { href, pathname: rootPath } = parseBaseUrl(root);
    return http.all(`${href}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const bytes = new Uint8Array(await request.arrayBuffer());
      const answer = await (await emulator()).handle({
        method: request.method,
        path: `${url.pathname.slice(rootPath.length) || '/'}${url.search}`,
        headers: Object.fromEntries(request.headers),
        body: { bytes, size: bytes.length },
      });
      return toHttpResponse(answer);
    });
  });
  return {
    handlers,
    reset: async () => {
      replay?.rewind();
      await (await emulator()).reset();
    },
    exportState: (async (exportOptions?: ExportStateOptions) =>
      (await emulator()).exportState(exportOptions)) as PasswordlessEmulator['exportState'],
    importState: async (snapshot) => (await emulator()).importState(snapshot),
    clock,
  };
}

/** Handlers for every operation of the spec, answered by a new emulator: `setupServer(...passwordlessHandlers())`. */
export function passwordlessHandlers(options: PasswordlessHandlersOptions = {}): HttpHandler[] {
  return passwordlessEmulator(options).handlers;
}

/**
 * Per test: `server.use(...useScenario('alias-conflict'))` replays that recorded scenario until `resetHandlers()`. The
 * scenarios were recorded from a server in Development, so that is the environment requests the recording does not
 * answer get, unless you choose another.
 */
export function useScenario(
  name: ScenarioName,
  options: Omit<PasswordlessHandlersOptions, 'scenario'> = {},
): HttpHandler[] {
  return passwordlessHandlers({ environment: 'Development', ...options, scenario: name });
}

/** Per test: `server.use(...useExample('expired_token'))` answers with that example wherever the spec has it. */
export function useExample(key: string, options: Omit<PasswordlessHandlersOptions, 'example'> = {}): HttpHandler[] {
  return passwordlessHandlers({ ...options, example: key });
}

/** The API root as msw matches it (`origin` + path, no trailing slash) and the path to strip before routing. */
function parseBaseUrl(baseUrl: string): { href: string; pathname: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(
      `baseUrl must be an absolute http(s) URL such as ${defaultBaseUrl}; got ${JSON.stringify(baseUrl)}.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`baseUrl must use http or https, not ${url.protocol}`);
  const pathname = url.pathname.replace(/\/+$/, '');
  return { href: `${url.origin}${pathname}`, pathname };
}

function toHttpResponse(response: EmulatorResponse): HttpResponse<string> {
  const headers = {
    ...response.headers,
    ...(response.reason ? { [reasonHeader]: reasonHeaderValue(response.reason) } : {}),
  };
  return new HttpResponse(response.body ?? null, { status: response.status, headers });
}
