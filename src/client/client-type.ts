// The call signatures of the client: openapi-fetch's own, except that results are not passed through its `Readable`
// helper. `Readable` only strips readOnly/writeOnly markers, which this spec's types do not use, and it would turn the
// `string & {}` of `errorCode` (any code, with the known ones still suggested) into an object type.
import type { Client, MaybeOptionalInit, ParseAsResponse } from 'openapi-fetch';
import type { PasswordlessPaths } from './typed-paths.js';

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

type PathsWith<Method extends HttpMethod> = {
  [Path in keyof PasswordlessPaths]: PasswordlessPaths[Path] extends { [M in Method]: unknown } ? Path : never;
}[keyof PasswordlessPaths];

type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

// As openapi-fetch does: the options argument is required only when the operation has required parameters or a body.
// A call takes no `fetch` of its own: the client's deadline, retries and error bodies live in the fetch it was created
// with, so pass `fetch` to createPasswordlessClient().
type CallInit<Init> = Init & { fetch?: never; [key: string]: unknown };
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [CallInit<Init>?] : [CallInit<Init>];

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

type Method<M extends HttpMethod> = <Path extends PathsWith<M>, Init extends MaybeOptionalInit<PasswordlessPaths[Path], M>>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<CallResult<PasswordlessPaths[Path][M & keyof PasswordlessPaths[Path]], Init>>;

/** openapi-fetch's client, typed by the spec. */
export interface TypedClient extends Pick<Client<PasswordlessPaths>, 'use' | 'eject'> {
  request<M extends HttpMethod, Path extends PathsWith<M>, Init extends MaybeOptionalInit<PasswordlessPaths[Path], M>>(
    method: M,
    url: Path,
    ...init: InitParam<Init>
  ): Promise<CallResult<PasswordlessPaths[Path][M & keyof PasswordlessPaths[Path]], Init>>;
  GET: Method<'get'>;
  PUT: Method<'put'>;
  POST: Method<'post'>;
  DELETE: Method<'delete'>;
  OPTIONS: Method<'options'>;
  HEAD: Method<'head'>;
  PATCH: Method<'patch'>;
  TRACE: Method<'trace'>;
}
