// msw handlers that answer the Passwordless.dev API in a downstream team's unit tests: valid requests get the spec's
// success example, a recorded scenario's answers, or a named error example; requests that break the spec get the
// problem the mock (and the real server) gives them.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { requiredHeaderScheme } from '../mock/authentication.js';
import type { MockResponse } from '../mock/mock-response.js';
import type { OperationEntry } from '../mock/openapi-document.js';
import type { ResponsePreference } from '../mock/prefer.js';
import type { RecordingFile } from '../recording/exchange.js';
import { recordedScenarios, type ScenarioName } from './recorded-scenarios.js';
import { requestChecks } from './request-checks.js';
import { specAnswers, type CannedResponse, type OperationAnswers } from './spec-examples.js';

export interface PasswordlessHandlersOptions {
  /** The API root your client calls, or several. Default `https://v4.passwordless.dev`. */
  baseUrl?: string | readonly string[];
  /**
   * Replays a recorded scenario: each operation it recorded answers with its recorded responses, in the recorded
   * order (the last one repeats); other operations answer with the spec's success example. A request that breaks the
   * spec gets the mock's problem, and still takes its turn.
   */
  scenario?: ScenarioName;
  /**
   * Answers every operation that has an example with this key with that example: an errorCode (`expired_token`,
   * `alias_conflict`), `validation`, `missing_scope`, `invalid_api_secret`… Other operations answer as usual.
   */
  example?: string;
}

export const defaultBaseUrl = 'https://v4.passwordless.dev';

/** The names of the recorded scenarios `useScenario` accepts. */
export const scenarioNames = Object.keys(recordedScenarios) as ScenarioName[];

let answersCache: Map<OperationEntry, OperationAnswers> | undefined;
const answersFor = () => (answersCache ??= specAnswers(requestChecks().spec));

/** Every example key of the spec, for `useExample` and its error message. */
export function exampleKeys(): string[] {
  return [...new Set([...answersFor().values()].flatMap((answers) => [...answers.examples.keys()]))].sort();
}

/** Handlers for every operation of the spec; put them in `setupServer(...passwordlessHandlers())`. */
export function passwordlessHandlers(options: PasswordlessHandlersOptions = {}): HttpHandler[] {
  const { scenario, example } = options;
  if (scenario !== undefined && !Object.hasOwn(recordedScenarios, scenario)) {
    throw new Error(`Unknown scenario "${String(scenario)}"; the recorded scenarios are: ${scenarioNames.join(', ')}.`);
  }
  if (example !== undefined && !exampleKeys().includes(example)) {
    throw new Error(`No operation of the spec has an example named "${example}"; the examples are: ${exampleKeys().join(', ')}.`);
  }
  const replay = scenario === undefined ? undefined : new ScenarioReplay(recordedScenarios[scenario]);
  const baseUrls = [options.baseUrl ?? defaultBaseUrl].flat();
  return baseUrls.map((baseUrl) => {
    const root = parseBaseUrl(baseUrl);
    return http.all(`${root.href}/*`, async ({ request }) => {
      const pathname = new URL(request.url).pathname.slice(root.pathname.length) || '/';
      const checks = requestChecks();
      const checked = await checks.check(request, pathname);
      if (!checked.ok) {
        // A request that breaks the spec still takes its turn in the scenario, so the ones after it stay in step.
        if (checked.entry) replay?.next(checked.entry);
        return toHttpResponse(checked.response);
      }
      const { entry, preference } = checked;
      const canned = chooseAnswer(answersFor().get(entry)!, entry, preference, example, replay);
      const scheme = canned.status === 401 ? requiredHeaderScheme(checks.spec, entry)?.scheme : undefined;
      return cannedResponse(canned, scheme);
    });
  });
}

/** Per test: `server.use(...useScenario('alias-conflict'))` replays that recorded scenario until `resetHandlers()`. */
export function useScenario(name: ScenarioName, options: Omit<PasswordlessHandlersOptions, 'scenario'> = {}): HttpHandler[] {
  return passwordlessHandlers({ ...options, scenario: name });
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
    throw new Error(`baseUrl must be an absolute http(s) URL such as ${defaultBaseUrl}; got ${JSON.stringify(baseUrl)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`baseUrl must use http or https, not ${url.protocol}`);
  const pathname = url.pathname.replace(/\/+$/, '');
  return { href: `${url.origin}${pathname}`, pathname };
}

/** A `Prefer` header first (as the mock honours it), then the chosen example, then the scenario, then success. */
function chooseAnswer(
  answers: OperationAnswers,
  entry: OperationEntry,
  preference: ResponsePreference,
  example: string | undefined,
  replay: ScenarioReplay | undefined,
): CannedResponse {
  if (preference.exampleKey) return answers.examples.get(preference.exampleKey)!;
  if (preference.code !== undefined) {
    return [...answers.examples.values()].find((canned) => canned.status === preference.code) ?? { status: preference.code };
  }
  const chosen = example === undefined ? undefined : answers.examples.get(example);
  return chosen ?? replay?.next(entry) ?? answers.success;
}

/** The answers of one recorded scenario, per operation in the recorded order; the last one repeats. */
class ScenarioReplay {
  private readonly served = new Map<string, number>();

  constructor(private readonly recording: RecordingFile) {}

  next(entry: OperationEntry): CannedResponse | undefined {
    const method = entry.method.toUpperCase();
    const exchanges = this.recording.exchanges.filter((exchange) => exchange.method === method && exchange.path === entry.template);
    if (exchanges.length === 0) return undefined;
    const key = `${method} ${entry.template}`;
    const index = this.served.get(key) ?? 0;
    this.served.set(key, index + 1);
    const { status, contentType, body } = exchanges[Math.min(index, exchanges.length - 1)]!;
    return { status, ...(contentType === undefined ? {} : { contentType }), ...(body === undefined ? {} : { body }) };
  }
}

function cannedResponse(canned: CannedResponse, wwwAuthenticate: string | undefined): HttpResponse<string> {
  const headers: Record<string, string> = wwwAuthenticate ? { 'www-authenticate': wwwAuthenticate } : {};
  if (canned.body === undefined || canned.status === 204) return new HttpResponse(null, { status: canned.status, headers });
  const contentType = canned.contentType ?? (typeof canned.body === 'string' ? 'text/plain' : 'application/json');
  const text = /json/i.test(contentType) ? JSON.stringify(canned.body) : String(canned.body);
  return new HttpResponse(text, { status: canned.status, headers: { ...headers, 'content-type': contentType } });
}

function toHttpResponse(response: MockResponse): HttpResponse<string> {
  return new HttpResponse(response.body ?? null, { status: response.status, headers: response.headers });
}
