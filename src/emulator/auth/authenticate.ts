// Authenticates a request the way the server's HeaderHandler and DefaultProblemDetailWriter do (api-inventory §1.2):
// the header the operation's security names is looked up in the emulator's state (a key of an app it does not know, a
// locked key, a key of a frozen app: all 401), then the operation's scopes are checked (403). A failed key gets the
// server's 401 problem with `WWW-Authenticate: <scheme>` and the `detail` for that mistake. Key values are only
// compared here; none is ever logged, stored or echoed beyond the ten characters the server itself quotes.

import type { OperationEntry, SpecDocument } from '../spec/openapi-document.js';
import { appIdOfKey } from '../state/app-keys.js';
import type { AppState } from '../state/app-state.js';
import type { EmulatorState } from '../state/emulator-state.js';
import type { ApiKeyRecord } from '../state/records.js';
import { type EmulatorResponse, problemResponse } from '../wire/problems.js';
import { secretsEqual } from './constant-time-equal.js';

export interface HeaderScheme {
  /** The security scheme's name in the spec, also the `WWW-Authenticate` value and the header's name. */
  scheme: string;
  header: string;
  /** The header's name in lower case, as the request's headers are keyed. */
  headerKey: string;
  /** Scopes the operation requires (any one of them). */
  scopes: string[];
}

export type Authentication =
  | { ok: true; kind: 'anonymous' }
  | { ok: true; kind: 'app'; app: AppState; key: Readonly<ApiKeyRecord>; scheme: HeaderScheme }
  | { ok: true; kind: 'management' }
  | { ok: false; response: EmulatorResponse };

/** The word each app key carries (`<appId>:<word>:<32 hex>`), and the other scheme the server names in its detail. */
const appKeys: Record<
  string,
  {
    kind: 'public' | 'secret';
    word: string;
    otherWord: string;
    /** `:<otherWord>:`, what the other kind of key holds. */
    otherInfix: string;
    otherScheme: string;
    otherLabel: string;
  }
> = {
  ApiSecret: {
    kind: 'secret',
    word: 'secret',
    otherWord: 'public',
    otherInfix: ':public:',
    otherScheme: 'ApiKey',
    otherLabel: 'public ApiKey',
  },
  ApiKey: {
    kind: 'public',
    word: 'public',
    otherWord: 'secret',
    otherInfix: ':secret:',
    otherScheme: 'ApiSecret',
    otherLabel: 'ApiSecret',
  },
};

// Worked out once per operation of a spec: every request asks.
const schemesOf = new WeakMap<SpecDocument, WeakMap<OperationEntry, HeaderScheme | null>>();

/** The header scheme an operation requires (its own `security`, else the document's), or undefined if anonymous. */
export function requiredHeaderScheme(spec: SpecDocument, entry: OperationEntry): HeaderScheme | undefined {
  let schemes = schemesOf.get(spec);
  if (!schemes) {
    schemes = new WeakMap();
    schemesOf.set(spec, schemes);
  }
  let scheme = schemes.get(entry);
  if (scheme === undefined) {
    scheme = headerSchemeOf(spec, entry) ?? null;
    schemes.set(entry, scheme);
  }
  return scheme ?? undefined;
}

function headerSchemeOf(spec: SpecDocument, entry: OperationEntry): HeaderScheme | undefined {
  const requirements = entry.operation.security ?? spec.document.security ?? [];
  // An empty requirement object means anonymous access is allowed.
  if (requirements.some((requirement) => Object.keys(requirement).length === 0)) return undefined;
  const schemes = (spec.document.components?.securitySchemes ?? {}) as Record<
    string,
    { type?: string; in?: string; name?: string }
  >;
  for (const requirement of requirements) {
    for (const [scheme, scopes] of Object.entries(requirement)) {
      const definition = schemes[scheme];
      if (definition?.type === 'apiKey' && definition.in === 'header' && definition.name) {
        return { scheme, header: definition.name, headerKey: definition.name.toLowerCase(), scopes };
      }
    }
  }
  return undefined;
}

const headerValue = (headers: Record<string, string>, name: string): string | undefined => headers[name.toLowerCase()];

/**
 * The `detail` the server writes for a key it rejected (DefaultProblemDetailWriter), from the header's value alone;
 * a well-formed key the server could not validate gets "The value of your '…' is not valid.".
 */
export function rejectionDetail(scheme: HeaderScheme, headers: Record<string, string>): string | undefined {
  const key = appKeys[scheme.scheme];
  if (!key) return undefined;
  const value = headers[scheme.headerKey];
  if (value === undefined || value === '') {
    if (headerValue(headers, key.otherScheme)) {
      return `A '${key.otherScheme}' header was supplied when a '${scheme.header}' header should have been supplied.`;
    }
    return `A valid '${scheme.header}' header is required.`;
  }
  return formProblem(scheme, key, value) ?? notValid(scheme);
}

/**
 * The detail for a value that is not a key of the scheme's kind at all (a token, the other kind of key, anything
 * else), or undefined for one of the right form. Made only for a refusal: every request asks.
 */
function formProblem(scheme: HeaderScheme, key: (typeof appKeys)[string], value: string): string | undefined {
  if (value.startsWith('verify_')) return `A verify token was supplied instead of your '${scheme.header}'.`;
  if (value.startsWith('register_')) return `A register token was supplied instead of your '${scheme.header}'.`;
  if (value.includes(key.otherInfix)) {
    return `Your ${scheme.header} header contained a ${key.otherLabel} instead of your '${scheme.header}'.`;
  }
  if (!value.includes(key.word)) {
    // The server quotes the first ten characters, never more, so the whole value is never echoed.
    return `We don't recognize the value you supplied for your '${scheme.header}'. It started with: '${value.slice(0, 10)}'.`;
  }
  return undefined;
}

/** The detail for a key of the right form that the server could not validate. */
const notValid = (scheme: HeaderScheme) => `The value of your '${scheme.header}' is not valid.`;

export function unauthorized(scheme: HeaderScheme, detail: string | undefined, reason: string): EmulatorResponse {
  return {
    ...problemResponse(
      {
        type: `https://docs.passwordless.dev/guide/errors.html#${scheme.scheme}`,
        title: `A valid '${scheme.header}' header is required.`,
        status: 401,
        ...(detail === undefined ? {} : { detail }),
      },
      { 'www-authenticate': scheme.scheme },
    ),
    reason,
  };
}

export function forbidden(scopes: readonly string[]): EmulatorResponse {
  return {
    ...problemResponse({
      type: 'https://docs.passwordless.dev/guide/errors.html#forbidden',
      title: 'You are forbidden from accessing this resource.',
      status: 403,
      detail: `You are unable to access this resource because you do not have the required permissions. Required scopes: ${scopes.join(', ')}`,
    }),
    reason: `The key lacks the scope ${scopes.join(' or ')}.`,
  };
}

/**
 * Which app (or the management key) the request acts for, or the server's 401/403: at once when the key needs no
 * hashing (a secret sent lately, or none), else a promise. Not an async function: every request is authenticated.
 */
export function authenticate(
  spec: SpecDocument,
  entry: OperationEntry,
  headers: Record<string, string>,
  state: EmulatorState,
  managementKey: string | undefined,
): Authentication | Promise<Authentication> {
  const scheme = requiredHeaderScheme(spec, entry);
  if (!scheme) return anonymous;
  const value = headers[scheme.headerKey];
  const key = appKeys[scheme.scheme];
  if (!key) return authenticateManagement(scheme, value, managementKey);
  if (value === undefined || value === '') {
    return refused(
      scheme,
      rejectionDetail(scheme, headers) ?? notValid(scheme),
      `No ${scheme.header} header was sent.`,
    );
  }
  // The detail quotes the start of a wrong value, as the server's does; the log line never repeats it.
  const problem = formProblem(scheme, key, value);
  if (problem !== undefined) {
    const reason = `The ${scheme.header} header is not a key of the form <appId>:${key.word}:<32 hex digits>.`;
    return refused(scheme, problem, reason);
  }
  const app = state.app(appIdOfKey(value));
  if (!app) {
    const reason = `The emulator knows no app "${appIdOfKey(value)}"; its apps are ${state.appIdsInBrief()}.`;
    return refused(scheme, notValid(scheme), reason);
  }
  // The server looks a key up by its last four characters, and a locked one counts before its secret is compared.
  const byId = app.keys.byId(key.kind, value.slice(-4));
  const found = byId?.isLocked ? byId : app.keys.find(value, key.kind);
  return found instanceof Promise
    ? found.then((record) => authenticateKey(app, scheme, key, value, record))
    : authenticateKey(app, scheme, key, value, found);
}

const anonymous: Authentication = { ok: true, kind: 'anonymous' };

/** The ManagementKey scheme: compared with the configured key; a server without one refuses every value. */
async function authenticateManagement(
  scheme: HeaderScheme,
  value: string | undefined,
  managementKey: string | undefined,
): Promise<Authentication> {
  if (value !== undefined && managementKey !== undefined && (await secretsEqual(value, managementKey)))
    return { ok: true, kind: 'management' };
  const reason =
    managementKey === undefined
      ? 'The emulator has no management key; start it with --management-key <key> (or PASSWORDLESS_MANAGEMENT_KEY).'
      : `The ${scheme.header} header ${value === undefined ? 'is missing' : 'does not match the management key'}.`;
  return { ok: false, response: unauthorized(scheme, undefined, reason) };
}

/** The app's key the value is (or none): refused when missing or locked, forbidden without the operation's scopes. */
function authenticateKey(
  app: AppState,
  scheme: HeaderScheme,
  key: (typeof appKeys)[string],
  value: string,
  found: Readonly<ApiKeyRecord> | undefined,
): Authentication {
  if (!found) {
    logFailedKey(app, key, value, false);
    return refused(scheme, notValid(scheme), `The app "${app.appId}" has no such ${scheme.header}.`);
  }
  if (found.isLocked) {
    logFailedKey(app, key, value, true);
    const reason = `This ${scheme.header} of "${app.appId}" is locked (locked alone, by freezing the app, or by marking it for deletion).`;
    return refused(scheme, notValid(scheme), reason);
  }
  if (scheme.scopes.length > 0 && !scheme.scopes.some((scope) => (found.scopes as readonly string[]).includes(scope))) {
    return { ok: false, response: forbidden(scheme.scopes) };
  }
  return { ok: true, kind: 'app', app, key: found, scheme };
}

const refused = (scheme: HeaderScheme, detail: string, reason: string): Authentication => ({
  ok: false,
  response: unauthorized(scheme, detail, reason),
});

/** The server's key event for a key it refused, logged even though the request fails; it needs the key's shape. */
function logFailedKey(app: AppState, key: (typeof appKeys)[string], value: string, locked: boolean): void {
  if (!value.includes(`:${key.word}:`)) return;
  const secret = key.kind === 'secret';
  app.events.log(
    {
      eventType: `ApiAuth${locked ? 'Disabled' : 'Invalid'}${secret ? 'Secret' : 'Public'}KeyUsed`,
      message: locked
        ? `Disabled ${secret ? 'Api' : 'Public'} Key used.`
        : `A request using an invalid ${secret ? 'ApiSecret' : 'PublicKey'} was attempted.`,
      performedBy: 'Unknown User',
      severity: 'Alert',
    },
    value.slice(-4),
  );
}
