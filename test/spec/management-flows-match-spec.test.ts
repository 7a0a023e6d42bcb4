// The management flows recorded against a real server (recordings/flows/, copied unchanged from the real-server
// reference): every exchange's status is declared for its operation, its body validates against that response (an
// empty body against a response without content), and its request against the operation's parameters and body.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBundledSpec } from '../helpers/bundled-spec.js';
import { declaredResponse, matchPathTemplate, validateRequest, validateResponse } from '../helpers/spec-validator.js';

interface FlowExchange {
  name: string;
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  wwwAuthenticate?: string;
  source: string;
  flow: string;
  step: number;
  request: { headers: string[]; body?: unknown };
  body: unknown;
}

const folder = new URL('../../recordings/flows/', import.meta.url);
const exchanges: FlowExchange[] = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, ...JSON.parse(readFileSync(new URL(name, folder), 'utf8')) }))
  .sort((a, b) => a.flow.localeCompare(b.flow) || a.step - b.step);

const spec = loadBundledSpec();
const operationOf = (exchange: FlowExchange) => {
  const template = matchPathTemplate(exchange.path)!;
  return { template, operation: spec.paths[template]![exchange.method.toLowerCase()]! };
};
const schemeOf = (exchange: FlowExchange) => Object.keys(operationOf(exchange).operation.security?.[0] ?? {})[0];

// The recording replaced each key's 32 hex digits with `KEY` and four characters; the spec's key patterns describe
// the real form, so a placeholder is given back that form (28 zeros, then its four characters) before validation.
const placeholderKey = /^(.+):(public|secret):KEY([0-9a-f]{4})$/;

function withRealKeys(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replace(placeholderKey, (_, app, kind, last) => `${app}:${kind}:${'0'.repeat(28)}${last}`);
  if (Array.isArray(value)) return value.map(withRealKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRealKeys(v)]));
  return value;
}
const hasPlaceholder = (exchange: FlowExchange) =>
  JSON.stringify(withRealKeys(exchange.body)) !== JSON.stringify(exchange.body);

/** Requests the server refused for what they held, each with what the spec's request schemas reject in it. */
const refusedRequests: Record<string, string> = {
  'flow-app-lifecycle-400-5.json': 'the app id Bad_Id breaks the pattern of {appId}',
  'flow-app-lifecycle-400-6.json': 'the app id ab is shorter than 3 characters',
  'flow-app-lifecycle-400-11.json': 'scopes are names, where the server takes numbers',
  'flow-app-lifecycle-500-15.json': 'the scope 7 is no PublicKeyScopes number',
  'flow-features-400-4.json': 'a retention period of 91 days is over the maximum of 90',
};

describe('the recorded management flows', () => {
  it('are the 27 exchanges of the two flows, each named after its flow, status and step', () => {
    expect(exchanges).toHaveLength(27);
    expect(new Set(exchanges.map((e) => e.flow))).toEqual(new Set(['app-lifecycle', 'features']));
    for (const exchange of exchanges) {
      expect(exchange.name).toBe(`flow-${exchange.flow}-${exchange.status}-${exchange.step}.json`);
      expect(exchange.source).toMatch(/^bitwarden\/passwordless-server@20232df8/);
    }
  });

  it('exercise ManagementKey operations, and no key value is in them', () => {
    const management = exchanges.filter((exchange) => schemeOf(exchange) === 'ManagementKey');
    expect(new Set(management.map((e) => operationOf(e).operation.operationId))).toEqual(
      new Set([
        'checkAppIdAvailability',
        'createApp',
        'listApiKeys',
        'createPublicKey',
        'createSecretKey',
        'getAppFeatures',
        'replaceAppFeatures',
      ]),
    );
    const text = exchanges.map((exchange) => JSON.stringify(exchange)).join('\n');
    expect(text).not.toMatch(/:(public|secret):[0-9a-f]{32}/);
  });
});

describe.each(exchanges.map((e) => [`${e.name}: ${e.method} ${e.path} ${e.status}`, e] as const))(
  '%s',
  (_, exchange) => {
    const { template, operation } = operationOf(exchange);

    it('has its status declared by its operation', () => {
      expect(operation, `${exchange.method} ${template}`).toBeDefined();
      expect(Object.keys(operation.responses)).toContain(String(exchange.status));
    });

    it('has a body that validates against the declared response', () => {
      const response = declaredResponse(exchange.method, exchange.path, exchange.status)!;
      if (exchange.body === null) {
        expect(exchange.contentType).toBeNull();
        expect(response.content, 'an empty body is a response without content').toBeUndefined();
        return;
      }
      const mediaType = exchange.contentType!.split(';')[0]!;
      expect(Object.keys(response.content ?? {})).toContain(mediaType);
      const result = validateResponse(
        exchange.method,
        exchange.path,
        exchange.status,
        withRealKeys(exchange.body),
        exchange.contentType!,
      );
      expect(result.errors, result.schemaPointer).toEqual([]);
      expect(result.valid).toBe(true);
    });

    it('challenges with the scheme the operation requires, or sent that scheme and was let in', () => {
      const scheme = schemeOf(exchange)!;
      const headerName = (spec.components as { securitySchemes?: Record<string, { name: string }> }).securitySchemes![
        scheme
      ]!.name;
      if (exchange.status === 401) {
        expect(exchange.wwwAuthenticate).toBe(scheme);
        const headers = (declaredResponse(exchange.method, exchange.path, 401) as { headers?: Record<string, unknown> })
          .headers;
        expect(Object.keys(headers ?? {})).toContain('WWW-Authenticate');
      } else {
        expect(exchange.wwwAuthenticate).toBeUndefined();
        expect(exchange.request.headers).toContain(headerName);
      }
    });

    it(
      refusedRequests[exchange.name]
        ? `sent a request the spec rejects: ${refusedRequests[exchange.name]}`
        : 'sent a request the spec accepts',
      () => {
        const result = validateRequest(exchange.method, exchange.path, exchange.request.body);
        if (refusedRequests[exchange.name]) expect(result.valid).toBe(false);
        else expect(result.errors, result.schemaPointer).toEqual([]);
      },
    );
  },
);

describe('what the flows cannot show as recorded', () => {
  it('their placeholder keys fail the key patterns, and nothing else fails', () => {
    const withPlaceholders = exchanges.filter(hasPlaceholder);
    expect(withPlaceholders.map((e) => e.name).sort()).toEqual(
      ['200-10', '200-12', '200-13', '200-16', '200-2', '200-7'].map((s) => `flow-app-lifecycle-${s}.json`).sort(),
    );
    for (const exchange of withPlaceholders) {
      const result = validateResponse(
        exchange.method,
        exchange.path,
        exchange.status,
        exchange.body,
        exchange.contentType!,
      );
      expect(result.valid).toBe(false);
      for (const error of result.errors)
        expect(error.instancePath, exchange.name).toMatch(/\/(apiKey|apiKey[12]|apiSecret[12])$/);
    }
  });

  it('every request answered with a validation or binding problem is one the spec rejects', () => {
    const refused = exchanges.filter((exchange) => {
      const body = exchange.body as { errors?: unknown; title?: string } | null;
      return (
        exchange.status === 400 && (body?.errors !== undefined || body?.title?.startsWith('Failed to read parameter'))
      );
    });
    for (const exchange of refused) expect(Object.keys(refusedRequests)).toContain(exchange.name);
  });
});
