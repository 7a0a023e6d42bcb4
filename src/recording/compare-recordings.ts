// Compares two normalized recordings of the same scenario exchange by exchange, the way the conformance suite and
// `npm run record -- --check` judge a server: the request must be the same, then the status, the content type, the
// kind of body, a problem's `type`, `title`, `errorCode` and `errors` (members and messages), and a success body
// value for value. Three things vary between runs of the very same server and are not compared: the order of
// `/alias/list` values, the order of the key list (by key id, which is random) with the creation times the normalizer
// numbers in that order, and how many fraction digits a time has (.NET trims trailing zeros).
import { isDeepStrictEqual } from 'node:util';
import { type Exchange, mediaTypeOf, type RecordingFile } from './exchange.js';

export interface ExchangeDifference {
  /** Index of the exchange in the recording. */
  index: number;
  method: string;
  path: string;
  /** What differs, in one sentence. */
  what: string;
}

export interface RecordingComparison {
  /** Exchanges compared (the longer recording's count). */
  total: number;
  matching: number;
  differences: ExchangeDifference[];
}

type BodyKind = 'none' | 'json' | 'text';

const bodyKind = (exchange: Exchange): BodyKind =>
  exchange.body === undefined ? 'none' : typeof exchange.body === 'string' ? 'text' : 'json';

const isProblem = (exchange: Exchange) => mediaTypeOf(exchange.contentType) === 'application/problem+json';

const fractionPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.\d+/;

/** The body without what varies between runs of one server. */
function comparable(value: unknown, path: string): unknown {
  if (typeof value === 'string') return value.replace(fractionPattern, '$1');
  if (Array.isArray(value)) return value.map((item) => comparable(item, path));
  if (value === null || typeof value !== 'object') return value;
  const copy = Object.fromEntries(Object.entries(value).map(([key, member]) => [key, comparable(member, path)]));
  // SQLite returns a user's aliases by hash, and the hash depends on the app id, which differs per run; the normalizer
  // numbers hashes in the order they appear, so the hash placeholders say nothing either.
  if (path === '/alias/list' && Array.isArray(copy.values)) {
    copy.values = (copy.values as Record<string, unknown>[])
      .map((alias) => ({ ...alias, alias: typeof alias.alias === 'string' ? '<hash>' : alias.alias }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return copy;
}

/** The key list, in an order that does not depend on the keys' random ids. */
function comparableKeyList(body: unknown): unknown {
  if (!Array.isArray(body)) return body;
  return body
    .map((key: Record<string, unknown>) => ({
      ...key,
      createdAt: typeof key.createdAt === 'string' ? '<date-time>' : key.createdAt,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const comparableBody = (body: unknown, path: string) =>
  comparable(path === '/admin/apps/{appId}/api-keys' ? comparableKeyList(body) : body, path);

const problemPart = (body: unknown) => {
  const { type, title, errorCode, errors } = (body ?? {}) as Record<string, unknown>;
  return { type, title, errorCode, errors };
};

function compareExchange(expected: Exchange, actual: Exchange): string | undefined {
  if (expected.method !== actual.method || expected.path !== actual.path) {
    return `the request differs: ${actual.method} ${actual.path} where ${expected.method} ${expected.path} was expected`;
  }
  if (
    !isDeepStrictEqual(comparable(expected.requestBody, ''), comparable(actual.requestBody, '')) ||
    !isDeepStrictEqual(expected.query, actual.query)
  ) {
    return 'the request body or query differs, so the answers cannot be compared';
  }
  if (expected.status !== actual.status) return `status ${actual.status}, expected ${expected.status}`;
  if (mediaTypeOf(expected.contentType) !== mediaTypeOf(actual.contentType)) {
    return `content type ${actual.contentType ?? 'none'}, expected ${expected.contentType ?? 'none'}`;
  }
  if (bodyKind(expected) !== bodyKind(actual))
    return `a ${bodyKind(actual)} body, expected a ${bodyKind(expected)} body`;
  if (isProblem(expected)) {
    const [want, got] = [problemPart(expected.body), problemPart(actual.body)];
    for (const member of ['type', 'title', 'errorCode', 'errors'] as const) {
      if (!isDeepStrictEqual(want[member], got[member])) {
        return `problem ${member} ${JSON.stringify(got[member])}, expected ${JSON.stringify(want[member])}`;
      }
    }
    return undefined;
  }
  if (!isDeepStrictEqual(comparableBody(expected.body, expected.path), comparableBody(actual.body, actual.path))) {
    return `the body differs: ${JSON.stringify(actual.body)?.slice(0, 300)}, expected ${JSON.stringify(expected.body)?.slice(0, 300)}`;
  }
  return undefined;
}

export function compareRecordings(expected: RecordingFile, actual: RecordingFile): RecordingComparison {
  const total = Math.max(expected.exchanges.length, actual.exchanges.length);
  const differences: ExchangeDifference[] = [];
  for (let index = 0; index < total; index++) {
    const want = expected.exchanges[index];
    const got = actual.exchanges[index];
    const made = want ?? got;
    if (!made) continue;
    const what = !want
      ? 'an exchange the recording does not have'
      : !got
        ? 'this exchange was not made'
        : compareExchange(want, got);
    if (what) differences.push({ index, method: made.method, path: made.path, what });
  }
  return { total, matching: total - differences.length, differences };
}
