// Normalization of recorded exchanges: every rule in one list, applied in order to every string of a recording
// (query values, request bodies, response bodies). Two runs against the same server give byte-identical recordings,
// no key survives, and every value keeps its shape, so a normalized recording still validates against the spec.
//
// One principle decides what changes: values the scenario wrote itself are deterministic and kept; values the server
// (or the virtual authenticator) produced are replaced by placeholders. A placeholder is numbered in the order its
// original first appears, and the same original always gets the same placeholder, so a token issued in one exchange
// and sent back in a later one still matches.
import { createHash } from 'node:crypto';
import type { Exchange } from './exchange.js';
import { keyPattern, minimumSecretLength, type NamedSecret } from './redact.js';

export interface NormalizeOptions {
  /** The key values of the run (ApiSecret, ApiKey, ManagementKey): all of them are replaced wherever they appear. */
  secrets: readonly NamedSecret[];
  /** The ids of the apps in play: the scenario's own app first, then any the scenario created, in order. */
  appIds?: readonly string[];
}

/** What a normalized recording calls the app. */
export const placeholderAppId = 'recordedapp';
/** What it calls the apps a scenario created: recordedapp2, recordedapp3… */
const appIdPlaceholder = (index: number) => (index === 0 ? placeholderAppId : `${placeholderAppId}${index + 1}`);
/** The instant every normalized date-time counts from: the first one becomes this, the next one second later… */
const placeholderEpoch = Date.UTC(2025, 0, 1);

type Path = readonly (string | number)[];

interface Leaf {
  /** Where the string sits: `query`, `requestBody` or `body`, then the members and indexes down to it. */
  path: Path;
  /** True when the value was first seen in a response, i.e. the server produced it. */
  serverProduced: boolean;
}

export interface NormalizationRule {
  name: string;
  /** The rule in one sentence, as the README lists it. */
  rule: string;
  /** The new value, or undefined to leave the value as it is. */
  apply(value: string, leaf: Leaf, run: NormalizationRun): string | undefined;
}

const tokenPattern = /^(register|verify|session)_[A-Za-z0-9_-]+$/;
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const nilGuid = '00000000-0000-0000-0000-000000000000';
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const traceIdPattern = /^00-[0-9a-f]{32}-[0-9a-f]{16}-([0-9a-f]{2})$/;
const aliasHashPattern = /^[A-Za-z0-9+/]{43}=$/;
const echoPattern = /(started with:? ')([^']{1,64})(')/g;
const expiredTitlePattern = /^The token expired .+ ago\.$/;
const keyIdPattern = /^[0-9a-f]{4}$/;
/** A secret key as the key list shows it: `<appId>:secret:` and asterisks, then its last four characters. */
const maskedKeyPattern = /^([a-z][a-z0-9]*:(?:secret|public):\*+)([0-9a-f]{4})$/i;

/** Members that carry bytes the server or the authenticator chose (credential ids, keys, challenges, WebAuthn payloads). */
const binaryMembers = new Set([
  'credentialId',
  'publicKey',
  'challenge',
  'rawId',
  'clientDataJSON',
  'attestationObject',
  'authenticatorData',
  'signature',
]);
/** DER-encoded ECDSA signatures vary in length from run to run (70 to 72 bytes), so theirs is fixed. */
const fixedByteLengths: Record<string, number> = { signature: 72 };
/** An `id` inside one of these is a credential id; `rp.id` and `user.id` are not. */
const credentialIdParents = new Set(['descriptor', 'allowCredentials', 'excludeCredentials', 'response']);

export const normalizationRules: readonly NormalizationRule[] = [
  {
    name: 'keys',
    rule:
      'The ApiSecret, ApiKey and ManagementKey values, and any other `<appId>:secret|public:<32 hex>` key, are removed: ' +
      "a key becomes its app's placeholder (`recordedapp`), `:secret:` (or `:public:`) and a 32-hex counter, the " +
      'ManagementKey `redacted-management-key`.',
    apply(value, _leaf, run) {
      let result = value;
      for (const secret of run.secretsLongestFirst)
        result = result.split(secret.value).join(run.secretPlaceholder(secret.value));
      return result.replace(keyPattern, (key) => (run.isPlaceholder(key) ? key : run.keyPlaceholder(key)));
    },
  },
  {
    name: 'key-ids',
    rule:
      "A key id (the last four characters of a key: an event's `apiKeyId`, an `id` of the key list, the end of a masked " +
      "`<appId>:secret:****…` key) becomes the last four characters of that key's placeholder, or `0000` for an " +
      '`apiKeyId` of a key never seen.',
    apply(value, leaf, run) {
      const member = leaf.path.at(-1);
      if (member === 'apiKeyId') return run.keyIdPlaceholder(value);
      if (member === 'id' && keyIdPattern.test(value)) return run.knownKeyIdPlaceholder(value);
      const masked = maskedKeyPattern.exec(value);
      if (!masked) return undefined;
      const [, prefix = '', keyId = ''] = masked;
      return `${prefix}${run.knownKeyIdPlaceholder(keyId) ?? keyId}`;
    },
  },
  {
    name: 'app-ids',
    rule:
      'The app id becomes `recordedapp` (the ids of apps the scenario created `recordedapp2`, `recordedapp3`…), as a ' +
      'whole value or as a word inside a text.',
    apply(value, _leaf, run) {
      return run.appIdPatterns.reduce(
        (result, { pattern, placeholder }) => result.replace(pattern, placeholder),
        value,
      );
    },
  },
  {
    name: 'tokens',
    rule:
      'Tokens the server issued (`register_`, `verify_`, `session_` then base64url) become the prefix and the base64url ' +
      'of `recorded <prefix> token <n>`; tokens the scenario wrote itself are kept, so a malformed one stays malformed.',
    apply(value, leaf, run) {
      const prefix = tokenPattern.exec(value)?.[1];
      if (!prefix || !leaf.serverProduced) return undefined;
      return run.placeholder(
        `token:${prefix}`,
        value,
        (n) => `${prefix}_${Buffer.from(`recorded ${prefix} token ${n}`).toString('base64url')}`,
      );
    },
  },
  {
    name: 'guids',
    rule:
      'GUIDs the server produced (token ids, AAGUIDs it reports) become `00000000-0000-4000-8000-<n as 12 hex>` in ' +
      'their original case; the nil GUID and GUIDs the scenario wrote are kept.',
    apply(value, leaf, run) {
      if (!guidPattern.test(value) || value === nilGuid || !leaf.serverProduced) return undefined;
      const placeholder = run.placeholder('guid', value.toLowerCase(), (n) => `00000000-0000-4000-8000-${hex(n, 12)}`);
      return /[A-F]/.test(value) ? placeholder.toUpperCase() : placeholder;
    },
  },
  {
    name: 'date-times',
    rule:
      'Date-times the server produced become 2025-01-01T00:00:00 plus one second per distinct value, keeping their ' +
      'fraction digits and their zone as written: `Z`, an offset such as `+00:00`, or none.',
    apply(value, leaf, run) {
      const match = dateTimePattern.exec(value);
      if (!match || !leaf.serverProduced) return undefined;
      const [, fraction = '', zone = ''] = match;
      const instant = run.placeholder('date-time', value, (n) =>
        new Date(placeholderEpoch + (n - 1) * 1000).toISOString().slice(0, 19),
      );
      return `${instant}${fraction && `.${'0'.repeat(fraction.length - 1)}`}${zone}`;
    },
  },
  {
    name: 'dates',
    rule: 'Dates (`yyyy-MM-dd`) the server produced become 2025-01-01 plus one day per distinct value.',
    apply(value, leaf, run) {
      if (!datePattern.test(value) || !leaf.serverProduced) return undefined;
      return run.placeholder('date', value, (n) =>
        new Date(placeholderEpoch + (n - 1) * 86_400_000).toISOString().slice(0, 10),
      );
    },
  },
  {
    name: 'bytes',
    rule:
      'Bytes the server or the authenticator chose (credential ids, public keys, challenges, WebAuthn payloads, alias ' +
      'hashes) become fixed bytes of the same length in the same alphabet: base64 stays base64 with its padding, ' +
      'base64url stays base64url (a whole number of 3-byte groups is written in letters and digits only, valid in ' +
      'both); the same bytes get the same placeholder in either alphabet. A `signature`, whose DER length varies from ' +
      'run to run, always gets 72 bytes.',
    apply(value, leaf, run) {
      const member = leaf.path.at(-1);
      const isAliasHash = member === 'alias' && aliasHashPattern.test(value);
      if (!isAliasHash && !isBinaryMember(leaf.path)) return undefined;
      return run.bytesPlaceholder(value, typeof member === 'string' ? fixedByteLengths[member] : undefined);
    },
  },
  {
    name: 'trace-ids',
    rule: 'A .NET `traceId` becomes `00-<n as 32 hex>-<n as 16 hex>-` and its original flags.',
    apply(value, _leaf, run) {
      const flags = traceIdPattern.exec(value)?.[1];
      return flags && run.placeholder('trace', value, (n) => `00-${hex(n, 32)}-${hex(n, 16)}-${flags}`);
    },
  },
  {
    name: 'expired-token-age',
    rule: 'The age in `The token expired … ago.` depends on timing and becomes `10 seconds`.',
    apply(value) {
      return expiredTitlePattern.test(value) ? 'The token expired 10 seconds ago.' : undefined;
    },
  },
  {
    name: 'echoed-prefixes',
    rule:
      "A title that echoes the start of a value (`It started with: '…'`, `The value you sent started with '…'`) " +
      "echoes the start of that value's placeholder instead.",
    apply(value, _leaf, run) {
      return value.replace(echoPattern, (whole, before: string, echoed: string, after: string) => {
        const placeholder = run.placeholderOfPrefix(echoed);
        return placeholder === undefined ? whole : `${before}${placeholder.slice(0, echoed.length)}${after}`;
      });
    },
  },
];

/** The state of one normalization: a recording's placeholders, numbered per kind in order of first appearance. */
export class NormalizationRun {
  readonly secretsLongestFirst: readonly NamedSecret[];
  readonly appIdPatterns: readonly { appId: string; placeholder: string; pattern: RegExp }[];
  private readonly kinds = new Map<string, Map<string, string>>();

  constructor(options: NormalizeOptions) {
    this.secretsLongestFirst = options.secrets
      .filter((secret) => secret.value.length >= minimumSecretLength)
      .toSorted((a, b) => b.value.length - a.value.length);
    this.appIdPatterns = (options.appIds ?? [])
      .map((appId, index) => ({ appId, placeholder: appIdPlaceholder(index) }))
      .filter(({ appId }) => appId.length >= 3 && appId !== placeholderAppId)
      .map(({ appId, placeholder }) => ({
        appId,
        placeholder,
        pattern: new RegExp(`(?<![A-Za-z0-9])${appId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g'),
      }));
    // Keys get their numbers in the order the options list them, so a key id can refer to a key never seen in a body.
    for (const secret of options.secrets)
      for (const key of secret.value.match(keyPattern) ?? []) this.keyPlaceholder(key);
  }

  /** The placeholder of `original` within `kind`, made on first use from the next number of that kind. */
  placeholder(kind: string, original: string, make: (n: number) => string): string {
    let originals = this.kinds.get(kind);
    if (!originals) {
      originals = new Map();
      this.kinds.set(kind, originals);
    }
    let placeholder = originals.get(original);
    if (placeholder === undefined) {
      placeholder = make(originals.size + 1);
      originals.set(original, placeholder);
    }
    return placeholder;
  }

  keyPlaceholder(key: string): string {
    const kind = /:public:/i.test(key) ? 'public' : 'secret';
    const appId = key.slice(0, key.indexOf(':'));
    const app = this.appIdPatterns.find((known) => known.appId === appId)?.placeholder ?? placeholderAppId;
    return this.placeholder(`key:${kind}`, key.toLowerCase(), (n) => `${app}:${kind}:${hex(n, 32)}`);
  }

  secretPlaceholder(value: string): string {
    return value.match(keyPattern)?.[0] === value ? this.keyPlaceholder(value) : 'redacted-management-key';
  }

  keyIdPlaceholder(keyId: string): string {
    return this.knownKeyIdPlaceholder(keyId) ?? '0'.repeat(keyId.length);
  }

  /** The end of the placeholder of the key that `keyId` ends, when such a key has been seen. */
  knownKeyIdPlaceholder(keyId: string): string | undefined {
    for (const kind of ['key:secret', 'key:public']) {
      for (const [key, placeholder] of this.kinds.get(kind) ?? []) {
        if (keyId.length > 0 && key.endsWith(keyId.toLowerCase())) return placeholder.slice(-keyId.length);
      }
    }
    return undefined;
  }

  isPlaceholder(value: string): boolean {
    return [...this.kinds.values()].some((originals) => [...originals.values()].includes(value));
  }

  /** The token or key placeholder whose original starts with `prefix` (titles echo a value's first characters). */
  placeholderOfPrefix(prefix: string): string | undefined {
    for (const [kind, originals] of this.kinds) {
      if (!kind.startsWith('token:') && !kind.startsWith('key:')) continue;
      for (const [original, placeholder] of originals) if (original.startsWith(prefix)) return placeholder;
    }
    return undefined;
  }

  /** Bytes of the same length (or `length`) in the same alphabet, numbered by the original bytes. */
  bytesPlaceholder(value: string, length?: number): string | undefined {
    const alphabet = alphabetOf(value);
    if (!alphabet) return undefined;
    const bytes = Buffer.from(value, alphabet === 'base64url' ? 'base64url' : 'base64');
    const n = Number(this.placeholder('bytes', bytes.toString('hex'), (count) => String(count)));
    const size = length ?? bytes.length;
    // A whole number of 3-byte groups needs no padding, and whether its encoding shows `+/` or `-_` depends on the
    // random content: such a placeholder is written in letters and digits only, valid in both alphabets, so the same
    // bytes always give the same text.
    if (size % 3 === 0) {
      for (let attempt = 1; ; attempt++) {
        const encoded = placeholderBytes(n, size, attempt).toString('base64');
        if (!/[+/=]/.test(encoded)) return encoded;
      }
    }
    if (alphabet === 'base64') {
      const encoded = placeholderBytes(n, size).toString('base64');
      return value.endsWith('=') ? encoded : encoded.replace(/=+$/, '');
    }
    return placeholderBytes(n, size).toString('base64url');
  }
}

/** Normalizes the exchanges of one recording. Pure: the same input and options always give the same output. */
export function normalizeExchanges(exchanges: readonly Exchange[], options: NormalizeOptions): Exchange[] {
  const run = new NormalizationRun(options);
  const firstSeenInResponse = new Map<string, boolean>();
  for (const exchange of exchanges) {
    for (const [part, inResponse] of [
      ['query', false],
      ['requestBody', false],
      ['body', true],
    ] as const) {
      mapStrings(exchange[part], [], (value) => {
        if (!firstSeenInResponse.has(value)) firstSeenInResponse.set(value, inResponse);
        return value;
      });
    }
  }
  const normalizeValue = (value: unknown, part: 'query' | 'requestBody' | 'body') =>
    mapStrings(value, [part], (original, path) =>
      normalizationRules.reduce((current, rule) => {
        const leaf = { path, serverProduced: firstSeenInResponse.get(original) === true };
        return rule.apply(current, leaf, run) ?? current;
      }, original),
    );
  return exchanges.map((exchange) => {
    const normalized: Exchange = { ...exchange };
    if (exchange.query !== undefined) normalized.query = normalizeValue(exchange.query, 'query') as Exchange['query'];
    if (exchange.requestBody !== undefined)
      normalized.requestBody = normalizeValue(exchange.requestBody, 'requestBody');
    if (exchange.body !== undefined) normalized.body = normalizeValue(exchange.body, 'body');
    return normalized;
  });
}

function mapStrings(value: unknown, path: Path, visit: (value: string, path: Path) => string): unknown {
  if (typeof value === 'string') return visit(value, path);
  if (Array.isArray(value)) return value.map((item, index) => mapStrings(item, [...path, index], visit));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapStrings(item, [...path, key], visit)]),
    );
  }
  return value;
}

function isBinaryMember(path: Path): boolean {
  const member = path.at(-1);
  if (typeof member !== 'string') return false;
  if (binaryMembers.has(member)) return true;
  if (member !== 'id' && member !== 'rawId') return false;
  const parent = path.slice(0, -1).findLast((segment) => typeof segment === 'string');
  return typeof parent === 'string' && credentialIdParents.has(parent);
}

function alphabetOf(value: string): 'base64' | 'base64url' | 'either' | undefined {
  if (value === '' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) return undefined;
  const standard = /[+/=]/.test(value);
  const urlSafe = /[-_]/.test(value);
  if (standard && urlSafe) return undefined;
  if (standard) return 'base64';
  if (urlSafe || value.length % 4 !== 0) return 'base64url';
  return 'either';
}

/** `length` bytes that depend only on the placeholder's number (and an attempt counter). */
function placeholderBytes(n: number, length: number, attempt = 0): Buffer {
  const chunks: Buffer[] = [];
  for (let block = 0; chunks.length * 32 < length; block++) {
    chunks.push(createHash('sha256').update(`passwordless-contract placeholder ${n}/${attempt}/${block}`).digest());
  }
  return Buffer.concat(chunks).subarray(0, length);
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
