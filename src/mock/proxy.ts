// The proxy mode (`--proxy <upstream>`, as `prism proxy` has it): every API request goes on to a real server, and
// each answer comes back unchanged, checked against the spec on the way. An answer that breaks the contract is
// reported in the log and in the `x-mock-reason` header, so a self-hoster sees where their server and the toolkit part.

import {
  AnswerValidator,
  createRouter,
  type EmulatorResponse,
  emulatorUsageProblem,
  type ReceivedBody,
  type SpecDocument,
} from '../emulator/index.js';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and those fetch sets itself: never forwarded. */
const notForwarded = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'proxy-connection',
  'te',
  'trailer',
]);

export interface ProxyRequest {
  method: string;
  /** Path and query below the API root. */
  path: string;
  headers: Record<string, string>;
  body: ReceivedBody;
}

export function createProxy(spec: SpecDocument, upstream: string, onViolation: (violation: string) => void) {
  let base: URL;
  try {
    base = new URL(upstream);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error();
  } catch {
    throw new Error(
      `--proxy must be the absolute http(s) URL of a Passwordless.dev API, such as http://localhost:5701; got "${upstream}".`,
    );
  }
  const root = base.href.replace(/\/+$/, '');
  const route = createRouter(spec.operations);
  const validator = new AnswerValidator(spec);

  return async (request: ProxyRequest): Promise<EmulatorResponse> => {
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !notForwarded.has(name)));
    let response: Response;
    try {
      response = await fetch(`${root}${request.path}`, {
        method: request.method,
        headers,
        ...(request.body.size > 0 && request.method !== 'GET' && request.method !== 'HEAD'
          ? { body: request.body.bytes as BufferSource }
          : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      return emulatorUsageProblem(502, 'The upstream server did not answer', `${root}: ${(error as Error).message}`);
    }
    const body = await response.text();
    const answerHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!notForwarded.has(name) && name !== 'content-encoding') answerHeaders[name] = value;
    });
    const match = route(request.method, new URL(request.path, 'http://proxy.invalid').pathname);
    const violations =
      match.kind === 'operation'
        ? validator.check(match.entry, {
            status: response.status,
            contentType: response.headers.get('content-type') ?? undefined,
            body,
          })
        : [];
    for (const violation of violations) onViolation(violation);
    return {
      status: response.status,
      headers: answerHeaders,
      ...(body === '' ? {} : { body }),
      ...(violations.length > 0 ? { reason: `contract violation: ${violations.join(' ')}` } : {}),
    };
  };
}
