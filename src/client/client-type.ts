// The call signatures of the client: openapi-fetch's own, except that results are not passed through its `Readable`
// helper. `Readable` only strips readOnly/writeOnly markers, which this spec's types do not use, and it would turn the
// `string & {}` of `errorCode` (any code, with the known ones still suggested) into an object type.
import type { Client, MaybeOptionalInit, ParseAsResponse } from 'openapi-fetch';
import type { PasswordlessPaths } from './typed-paths.js';

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

type PathsWith<Paths, Method extends HttpMethod> = {
  [Path in keyof Paths]: Paths[Path] extends { [M in Method]: unknown } ? Path : never;
}[keyof Paths];

// biome-ignore lint/complexity/noBannedTypes: `{} extends Pick<T, K>` is how TypeScript tells an optional key.
type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** Every key of every member of a union (`keyof` of a union gives only the keys they share). */
type KeysOfUnion<T> = T extends unknown ? keyof T : never;
/** The type of `Key` in the members of a union that have it. */
type ValueInUnion<T, Key extends PropertyKey> = T extends unknown ? (Key extends keyof T ? T[Key] : never) : never;

/**
 * `Actual` with each member that `Expected` does not declare, at any depth, typed `never`. openapi-fetch infers the
 * options as a type parameter, so TypeScript's own excess-member check never fires on a body: without this,
 * `{ userId: '42', ttl: 60 }` compiles, and since the server ignores members it does not know, the typo silently
 * changes nothing. Member names are checked as written; the server's case-insensitive binding is no excuse for a
 * name the spec does not have. (A sentence in place of `never` would read better in the error, but a literal type
 * there would make TypeScript reduce the whole body to `never` and flag every member.)
 */
type Exactly<Actual, Expected> = unknown extends Expected
  ? Actual
  : Actual extends readonly (infer Item)[]
    ? NonNullable<Expected> extends readonly (infer Wanted)[]
      ? readonly Exactly<Item, Wanted>[]
      : Actual
    : Actual extends object
      ? {
          [Key in keyof Actual]: Key extends KeysOfUnion<NonNullable<Expected>>
            ? Exactly<Actual[Key], ValueInUnion<NonNullable<Expected>, Key>>
            : never;
        }
      : Actual;

/** The body an operation's options declare. */
type BodyOf<Expected> = Exclude<Expected, undefined> extends { body?: infer Body } ? Body : never;

// As openapi-fetch does: the options argument is required only when the operation has required parameters or a body.
// A call takes no `fetch` of its own: the client's deadline, retries and error bodies live in the fetch it was created
// with, so pass `fetch` to createPasswordlessClient(). The body may have no member the spec does not declare.
type CallInit<Init, Expected> = Init & { fetch?: never; [key: string]: unknown } & (Init extends { body: infer Body }
    ? { body: Exactly<Body, BodyOf<Expected>> }
    : unknown);
type InitParam<Init, Expected> =
  RequiredKeysOf<Init> extends never ? [CallInit<Init, Expected>?] : [CallInit<Init, Expected>];

type StatusClass<Status> = `${Status & (string | number)}` extends `${infer Digit}${string}` ? Digit : never;

/** The bodies of the responses whose status starts with one of `Classes` (`undefined` for a response without one). */
type Bodies<Responses, Classes extends string> = {
  [Status in keyof Responses]: StatusClass<Status> extends Classes
    ? Responses[Status] extends { content: infer Content }
      ? Content[keyof Content]
      : undefined
    : never;
}[keyof Responses];

type ErrorBodies<Responses> = Bodies<Responses, '4' | '5' | 'd'>;

/** What a call resolves to: openapi-fetch's `{ data, error, response }`. */
export type CallResult<Operation, Init> = Operation extends { responses: infer Responses }
  ?
      | { data: ParseAsResponse<Bodies<Responses, '2'>, Init>; error?: never; response: Response }
      | { data?: never; error: ErrorBodies<Responses>; response: Response }
  : never;

type Method<Paths, M extends HttpMethod> = <
  Path extends PathsWith<Paths, M>,
  Init extends MaybeOptionalInit<Paths[Path], M & keyof Paths[Path]>,
>(
  url: Path,
  ...init: InitParam<Init, MaybeOptionalInit<Paths[Path], M & keyof Paths[Path]>>
) => Promise<CallResult<Paths[Path][M & keyof Paths[Path]], Init>>;

/** openapi-fetch's client, typed by the spec: `Paths` are the app client's, or the management client's. */
export interface TypedClient<Paths extends {} = PasswordlessPaths> extends Pick<Client<Paths>, 'use' | 'eject'> {
  request<
    M extends HttpMethod,
    Path extends PathsWith<Paths, M>,
    Init extends MaybeOptionalInit<Paths[Path], M & keyof Paths[Path]>,
  >(
    method: M,
    url: Path,
    ...init: InitParam<Init, MaybeOptionalInit<Paths[Path], M & keyof Paths[Path]>>
  ): Promise<CallResult<Paths[Path][M & keyof Paths[Path]], Init>>;
  GET: Method<Paths, 'get'>;
  PUT: Method<Paths, 'put'>;
  POST: Method<Paths, 'post'>;
  DELETE: Method<Paths, 'delete'>;
  OPTIONS: Method<Paths, 'options'>;
  HEAD: Method<Paths, 'head'>;
  PATCH: Method<Paths, 'patch'>;
  TRACE: Method<Paths, 'trace'>;
}
