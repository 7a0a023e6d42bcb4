// The spec's `paths` as the client really answers them: every error response's body carries `status` and an
// `errorCode` narrowed to the operation's `x-passwordless-error-codes`, and any operation may also fail with a body that
// was not a problem (`NonProblemErrorBody`), such as a proxy's 502. Types only: nothing here exists at run time.
import type { paths } from '../../generated/openapi.js';
import type { OperationErrorCodes } from '../../generated/operations.js';
import type { NonProblemErrorBody, WithErrorCode } from './error-body.js';

type IsErrorStatus<Status> = `${Status & (string | number)}` extends `4${string}` | `5${string}` | 'default'
  ? true
  : false;

type ProblemContent<Content, Known extends string> = {
  [Media in keyof Content]: Content[Media] extends infer Problem
    ? Problem extends object
      ? WithErrorCode<Problem, Known>
      : Problem
    : never;
};

/** An error response: its problem bodies narrowed, or a body-less one (`content?: never`) given the non-problem body. */
type ErrorResponse<Response, Known extends string> = Response extends { content: infer Content extends object }
  ? {
      headers: Response extends { headers: infer Headers } ? Headers : unknown;
      content: ProblemContent<Content, Known>;
    }
  : {
      headers: Response extends { headers: infer Headers } ? Headers : unknown;
      content: { 'application/problem+json': NonProblemErrorBody };
    };

type Responses<AllResponses, Known extends string> = {
  [Status in keyof AllResponses]: IsErrorStatus<Status> extends true
    ? ErrorResponse<AllResponses[Status], Known>
    : AllResponses[Status];
} & ('default' extends keyof AllResponses // Whatever status the spec lists, a proxy or the runtime may answer with a non-problem error of any status.
  ? unknown
  : {
      default: { headers: { [name: string]: unknown }; content: { 'application/problem+json': NonProblemErrorBody } };
    });

type KnownCodes<ErrorCodes, Path, Method> = Path extends keyof ErrorCodes
  ? Method extends keyof ErrorCodes[Path]
    ? ErrorCodes[Path][Method] & string
    : never
  : never;

type Operation<Op, Known extends string> = Op extends { responses: infer AllResponses }
  ? { [Member in keyof Op]: Member extends 'responses' ? Responses<AllResponses, Known> : Op[Member] }
  : Op;

/**
 * `paths` from generated/openapi.ts, with the error bodies the client guarantees, for the paths of one operation table
 * (`ErrorCodes`, generated beside it, lists their error codes): a client is typed for the operations it sends keys to.
 */
export type TypedPaths<ErrorCodes> = {
  [Path in keyof paths as Path extends keyof ErrorCodes ? Path : never]: {
    [Method in keyof paths[Path]]: Operation<paths[Path][Method], KnownCodes<ErrorCodes, Path, Method>>;
  };
};

/**
 * The app client's paths: those of generated/operations.ts. The ManagementKey paths are not among them, so this
 * client would send them without a key; the management client (src/management.ts) has them.
 */
export type PasswordlessPaths = TypedPaths<OperationErrorCodes>;
