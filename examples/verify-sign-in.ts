// The browser signed in and sent you its `verify_` token: check it, and sign in the user it names.
import { passwordless } from './create-client.js';

export async function verifySignIn(token: string): Promise<string | null> {
  const { data, error } = await passwordless.POST('/signin/verify', { body: { token } });
  if (error) {
    // A bad or stale token is the visitor's problem, not an outage.
    if (error.errorCode === 'invalid_token' || error.errorCode === 'expired_token') return null;
    throw new Error(`Could not verify the sign-in (${error.status}): ${error.title}`);
  }
  return data.userId;
}
