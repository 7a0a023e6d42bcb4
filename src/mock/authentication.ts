// Checks the key header an operation's `security` names, with the server's HeaderHandler semantics
// (api-inventory §1.2): a 401 problem with `WWW-Authenticate: <scheme>` and the `detail` the server gives for each
// mistake, checked in the server's order. Key values are only compared here; none is ever logged or stored.
import type { OperationEntry, SpecDocument } from './openapi-document.js';
import { problemResponse, type MockResponse } from './mock-response.js';

/** The word each key kind carries (`<appId>:<word>:<32 hex>`); the server's two header schemes. */
const keyWords: Record<string, { word: string; otherScheme: string; otherLabel: string }> = {
  ApiSecret: { word: 'secret', otherScheme: 'ApiKey', otherLabel: 'public ApiKey' },
  ApiKey: { word: 'public', otherScheme: 'ApiSecret', otherLabel: 'ApiSecret' },
};

export interface HeaderScheme {
  /** The security scheme's name in the spec, also the `WWW-Authenticate` value. */
  scheme: string;
  /** The header it is read from. */
  header: string;
}

/** The header scheme an operation requires (its own `security`, else the document's), or undefined if anonymous. */
export function requiredHeaderScheme(spec: SpecDocument, entry: OperationEntry): HeaderScheme | undefined {
  const requirements = entry.operation.security ?? spec.document.security ?? [];
  // An empty requirement object means anonymous access is allowed.
  if (requirements.some((requirement) => Object.keys(requirement).length === 0)) return undefined;
  const schemes = (spec.document.components?.securitySchemes ?? {}) as Record<string, { type?: string; in?: string; name?: string }>;
  for (const requirement of requirements) {
    for (const scheme of Object.keys(requirement)) {
      const definition = schemes[scheme];
      if (definition?.type === 'apiKey' && definition.in === 'header' && definition.name) {
        return { scheme, header: definition.name };
      }
    }
  }
  return undefined;
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Why the server would reject this request's key, as its `detail`; undefined when the key would be accepted. */
export function rejectionDetail(
  { scheme, header }: HeaderScheme,
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const value = headerValue(headers, header);
  const kind = keyWords[scheme];
  if (value === undefined || value === '') {
    if (kind && headerValue(headers, kind.otherScheme)) {
      return `A '${kind.otherScheme}' header was supplied when a '${header}' header should have been supplied.`;
    }
    return `A valid '${header}' header is required.`;
  }
  if (!kind) return undefined;
  if (value.startsWith('verify_')) return `A verify token was supplied instead of your '${header}'.`;
  if (value.startsWith('register_')) return `A register token was supplied instead of your '${header}'.`;
  const otherWord = scheme === 'ApiSecret' ? 'public' : 'secret';
  if (value.includes(`:${otherWord}:`)) {
    return `Your ${header} header contained a ${kind.otherLabel} instead of your '${header}'.`;
  }
  if (!value.includes(kind.word)) {
    // The server quotes the first ten characters, never more, so the whole value is never echoed.
    return `We don't recognize the value you supplied for your '${header}'. It started with: '${value.slice(0, 10)}'.`;
  }
  // The real server looks the key up; the mock accepts any key of the right format for any app id.
  const wellFormed = new RegExp(`^[A-Za-z][A-Za-z0-9]{2,62}:${kind.word}:[0-9a-f]{32}$`);
  return wellFormed.test(value) ? undefined : `The value of your '${header}' is not valid.`;
}

export function authenticate(
  spec: SpecDocument,
  entry: OperationEntry,
  headers: Record<string, string | string[] | undefined>,
): MockResponse | undefined {
  const required = requiredHeaderScheme(spec, entry);
  if (!required) return undefined;
  const detail = rejectionDetail(required, headers);
  if (detail === undefined) return undefined;
  return unauthorized(required.scheme, required.header, detail);
}

export function unauthorized(scheme: string, header: string, detail: string): MockResponse {
  return problemResponse(
    {
      type: `https://docs.passwordless.dev/guide/errors.html#${scheme}`,
      title: `A valid '${header}' header is required.`,
      status: 401,
      // Only the app keys' schemes have a detail writer on the server: its ManagementKey 401 says nothing more.
      ...(keyWords[scheme] ? { detail } : {}),
    },
    { 'www-authenticate': scheme },
  );
}
