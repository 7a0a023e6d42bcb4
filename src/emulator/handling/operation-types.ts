// What an operation's handler receives and may answer, read from the spec's generated types (generated/openapi.ts,
// generated/emulator-operations.ts) by operationId: its bound request (body, query, path), the app and key that made
// it, and only the statuses, bodies and error codes its operation declares. A handler that answers anything else, or
// an operation without a handler, fails to compile.
import type { ErrorCode, ErrorCodesByOperationId, KeyByOperationId } from '../../../generated/emulator-operations.js';
import type { operations } from '../../../generated/openapi.js';
import type { EnvironmentSettings } from '../environment.js';
import type { AppState } from '../state/app-state.js';
import type { EmulatorState } from '../state/emulator-state.js';
import type { ApiKeyRecord } from '../state/records.js';

export type { ErrorCode };

/** Every operation of the spec, by its operationId. */
export type OperationId = keyof operations & keyof KeyByOperationId;

type Operation<Id extends OperationId> = operations[Id];

type JsonIn<Body> = Body extends { content: { 'application/json': infer Json } } ? Json : undefined;
type Parameters<Given> = [NonNullable<Given>] extends [never] ? Record<string, never> : NonNullable<Given>;

/** The JSON body as the server bound it; undefined when the operation takes none, or an optional one was not sent. */
export type RequestBody<Id extends OperationId> = JsonIn<Operation<Id>['requestBody']>;
/** The query parameters as bound, under their spec names. */
export type RequestQuery<Id extends OperationId> = Parameters<Operation<Id>['parameters']['query']>;
/** The path parameters as bound. */
export type RequestPath<Id extends OperationId> = Parameters<Operation<Id>['parameters']['path']>;

type Responses<Id extends OperationId> = Operation<Id>['responses'];
type Status<Id extends OperationId> = keyof Responses<Id> & number;
type ContentAt<Id extends OperationId, S extends Status<Id>> = Responses<Id>[S] extends { content: infer Content }
  ? Content
  : never;
/** The statuses whose response has this media type. */
type StatusWith<Id extends OperationId, MediaType extends string> = {
  [S in Status<Id>]: MediaType extends keyof ContentAt<Id, S> ? S : never;
}[Status<Id>];
/** The statuses whose response has no content. */
type EmptyStatus<Id extends OperationId> = {
  [S in Status<Id>]: [ContentAt<Id, S>] extends [never] ? S : never;
}[Status<Id>];
/** The JSON body of one status. */
export type JsonBody<Id extends OperationId, S extends number> =
  S extends Status<Id> ? (ContentAt<Id, S> extends { 'application/json': infer Json } ? Json : never) : never;

/** Why the emulator answered as it did, for a human: the doors' log line and `x-mock-reason`, never a body. */
interface Explained {
  reason?: string;
}

export interface JsonAnswer<S extends number, Body> extends Explained {
  kind: 'json';
  status: S;
  json: Body;
  /** Written indented, as the server's health checks are. */
  indented?: boolean;
}

export interface TextAnswer<S extends number> extends Explained {
  kind: 'text';
  status: S;
  text: string;
  contentType: string;
}

/** A status with no body and no content type, as ASP.NET writes `Results.NoContent()`, `Results.NotFound()`. */
export interface EmptyAnswer<S extends number> extends Explained {
  kind: 'empty';
  status: S;
}

/** An ApiException of the server: its status, code and title, and members it adds before `errorCode`. */
export interface ApiError<S extends number, Code extends ErrorCode | null> extends Explained {
  kind: 'api-error';
  status: S;
  errorCode: Code;
  title: string;
  extras?: Record<string, unknown>;
}

/** An exception the server does not handle: its generic 500; `reason` says which. */
export interface ServerError extends Explained {
  kind: 'server-error';
  status: 500;
  reason: string;
}

/** Everything an operation may answer: what its spec declares, by status, and its own error codes. */
export type Answer<Id extends OperationId> =
  | { [S in StatusWith<Id, 'application/json'>]: JsonAnswer<S, JsonBody<Id, S>> }[StatusWith<Id, 'application/json'>]
  | TextAnswer<StatusWith<Id, 'text/plain'>>
  | EmptyAnswer<EmptyStatus<Id>>
  | ApiError<StatusWith<Id, 'application/problem+json'>, ErrorCodesByOperationId[Id] | null>
  | (500 extends StatusWith<Id, 'application/problem+json'> ? ServerError : never);

/** The answer `ok(json)` makes, where the operation declares a JSON 200: its body typed from the spec. */
export type Ok<Id extends OperationId> = [JsonBody<Id, 200>] extends [never]
  ? never
  : (json: JsonBody<Id, 200>, options?: { reason?: string; indented?: boolean }) => JsonAnswer<200, JsonBody<Id, 200>>;

interface RequestContext<Id extends OperationId> {
  body: RequestBody<Id>;
  query: RequestQuery<Id>;
  path: RequestPath<Id>;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  state: EmulatorState;
  environment: EnvironmentSettings;
  /** Milliseconds since the epoch, from the emulator's clock. */
  now: number;
  ok: Ok<Id>;
}

/** The app and key of a request made with an app key (ApiSecret or ApiKey). */
interface AppKeyContext {
  app: AppState;
  key: Readonly<ApiKeyRecord>;
}

/** What a handler gets: the request as bound, and the app and key when the operation takes an app key. */
export type OperationContext<Id extends OperationId> = RequestContext<Id> &
  (KeyByOperationId[Id] extends 'app' ? AppKeyContext : Record<never, never>);

export type OperationHandler<Id extends OperationId> = (
  context: OperationContext<Id>,
) => Answer<Id> | Promise<Answer<Id>>;

/** A group of handlers, one per operation named. */
export type Handlers<Ids extends OperationId> = { readonly [Id in Ids]: OperationHandler<Id> };
