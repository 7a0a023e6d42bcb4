// Whether a scenario failed because no server answered at all (refused, unknown host, reset), as opposed to a server
// that answered wrongly: the recorder stops at the first such failure, since every other scenario would fail the same.
import { PasswordlessNetworkError, PasswordlessTimeoutError } from '../index.js';

/** The client's network error behind `error` (itself or a `cause` of it), unless it is a missed deadline. */
export function connectionFailure(error: unknown): PasswordlessNetworkError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth++) {
    if (current instanceof PasswordlessNetworkError && !(current instanceof PasswordlessTimeoutError)) return current;
    current = current.cause;
  }
  return undefined;
}
