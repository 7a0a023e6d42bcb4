// The rules of the control plane (`/__mock/*`: the state, and whatever else lives under the prefix) in the HTTP door,
// in this one place: it belongs to the developer, not to every web page they visit. A request is refused (403) when its
// `Host` is not a name of this machine (a DNS-rebound name, allowed-hosts.ts), when a browser says it comes from a page
// of another origin (`Origin`, `Sec-Fetch-Site`), and, when the emulator is reachable from other machines or a token
// was given, without the control token (401). Its answers carry no CORS headers (the emulator core adds none there).
// The msw door has no such rules: there the only caller is the page or test that created the emulator.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type EmulatorResponse, emulatorUsageProblem, maskFromNowOn, secretsEqual } from '../emulator/index.js';
import { AllowedHosts, hostOfHeader, isLoopback } from './allowed-hosts.js';

export interface ControlPlaneOptions {
  /** The interface the emulator listens on (`--host`). */
  listenHost: string;
  /** More names the control plane answers to (`--allowed-host`), as Vite's `server.allowedHosts`. */
  allowedHosts?: readonly string[];
  /** The token it requires; without one, a token is generated when `listenHost` is not a loopback address. */
  token?: string;
}

/** The token a control-plane request must carry, or undefined when the emulator listens on loopback only. */
export function controlToken(options: ControlPlaneOptions): string | undefined {
  if (options.token !== undefined) return options.token;
  return isLoopback(options.listenHost) ? undefined : randomBytes(24).toString('base64url');
}

const prefix = 'The control plane (/__mock/*)';

function refused(status: 401 | 403, title: string, detail: string, headers: Record<string, string> = {}) {
  const problem = emulatorUsageProblem(status, title, detail);
  return { ...problem, headers: { ...problem.headers, ...headers } };
}

/**
 * Checks a control-plane request: undefined when it may go on, else the answer that refuses it. `withoutToken` lets
 * a request pass without the token, on the other rules: the state page's HTML, which holds no state (its script sends
 * the token with each request for the state).
 */
export function controlPlaneGuard(options: ControlPlaneOptions, token: string | undefined) {
  const hosts = new AllowedHosts(options.listenHost, options.allowedHosts ?? []);
  if (token !== undefined && token.length < 16)
    throw new Error('The control token must be at least 16 characters long, so that it cannot be guessed.');
  maskFromNowOn(token);
  return async (
    headers: IncomingHttpHeaders,
    { withoutToken = false }: { withoutToken?: boolean } = {},
  ): Promise<EmulatorResponse | undefined> => {
    const host = hostOfHeader(headers.host);
    if (host === undefined || !hosts.allows(host)) {
      return refused(
        403,
        'Host not allowed',
        `${prefix} answers only requests addressed to this machine, and ${
          host === undefined ? 'this one has no valid Host header' : `"${host}" is not one of its names`
        } (localhost, loopback addresses, the --host it listens on, and names added with --allowed-host).${
          host === undefined ? '' : ` To reach it as ${host}, start the emulator with --allowed-host ${host}.`
        }`,
      );
    }
    const origin = headers.origin;
    if (origin !== undefined && !isSameOrigin(origin, headers.host ?? '')) {
      return refused(
        403,
        'Cross-origin request refused',
        `${prefix} takes no requests from web pages of another origin (this one came from ${origin}); use it from ` +
          'your test runner or a terminal.',
      );
    }
    const site = headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return refused(
        403,
        'Cross-site request refused',
        `${prefix} takes no requests from web pages of another site (Sec-Fetch-Site: ${site}).`,
      );
    }
    if (token !== undefined && !withoutToken && !(await carriesToken(headers.authorization, token))) {
      return refused(
        401,
        'Control token required',
        `${prefix} of an emulator reachable from other machines needs its token: send "Authorization: Bearer ` +
          '<token>" with the token it printed at start (or the one given with --control-token).',
        { 'www-authenticate': 'Bearer realm="passwordless-mock control plane"' },
      );
    }
    return undefined;
  };
}

/** A page served by the emulator itself sends its own origin: the same scheme, host and port as the request. */
function isSameOrigin(origin: string, hostHeader: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && url.origin === new URL(`http://${hostHeader.trim()}`).origin;
  } catch {
    return false;
  }
}

async function carriesToken(authorization: string | undefined, token: string): Promise<boolean> {
  const given = /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  // Compared in constant time even when missing, so the answer's time tells nothing about the token.
  return (await secretsEqual(given ?? '', token)) && given !== undefined;
}
