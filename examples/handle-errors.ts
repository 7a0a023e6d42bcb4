// Every `error` has `status`, `title` and `errorCode`: a known code narrows, an unknown one (a newer server) is still a
// string, and `null` means the API raised none: a validation or key problem, or a body that was not a problem at all
// (a proxy's 502 page), which keeps its text in `rawBody`. Network failures and deadlines throw.
import { PasswordlessNetworkError } from '../src/index.js';
import { passwordless } from './create-client.js';

export type AliasOutcome = 'saved' | 'taken' | 'invalid' | 'try-later';

export async function setAliases(userId: string, aliases: string[]): Promise<AliasOutcome> {
  try {
    const { error } = await passwordless.POST('/alias', { body: { userId, aliases } });
    if (!error) return 'saved';
    switch (error.errorCode) {
      case 'alias_conflict':
        return 'taken';
      case null:
        if (typeof error.rawBody === 'string') return 'try-later';
        if (error.status === 400) return 'invalid';
        throw new Error(`Passwordless.dev refused the call (${error.status}): ${error.title}`);
      default:
        throw new Error(`Passwordless.dev error ${error.errorCode}: ${error.title}`);
    }
  } catch (failure) {
    // No answer: the connection failed or the deadline passed (idempotent calls were already retried).
    if (failure instanceof PasswordlessNetworkError) return 'try-later';
    throw failure;
  }
}
