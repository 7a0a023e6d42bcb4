// The errors both entries (passwordless-contract and passwordless-contract/management) export, from one place so the
// two stay the same classes: `instanceof` works with either entry's.
export {
  PasswordlessApiError,
  PasswordlessNetworkError,
  PasswordlessOptionError,
  PasswordlessTimeoutError,
  type OperationRef,
} from './errors.js';
export type {
  ErrorCode,
  ErrorCodeOrUnknown,
  NonProblemErrorBody,
  PasswordlessErrorBody,
  ProblemErrorBody,
} from './error-body.js';
