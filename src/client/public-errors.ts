// The errors both entries (passwordless-contract and passwordless-contract/management) export, from one place so the
// two stay the same classes: `instanceof` works with either entry's.

export type {
  ErrorCode,
  ErrorCodeOrUnknown,
  NonProblemErrorBody,
  PasswordlessErrorBody,
  ProblemErrorBody,
} from './error-body.js';
export {
  type OperationRef,
  PasswordlessApiError,
  PasswordlessBodyError,
  PasswordlessNetworkError,
  PasswordlessOptionError,
  PasswordlessTimeoutError,
} from './errors.js';
