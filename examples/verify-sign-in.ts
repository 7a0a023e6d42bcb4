// The browser signed in and sent you its `verify_` token: check it, and sign in the user it names.
import { passwordless } from './create-client.js';

export async function verifySignIn(token: string): Promise<string | null> {
  const { data, error } = await passwordless.POST('/signin/verify', { body: { token } });
  if (error) {
    switch (error.errorCode) {
      // The token came from the visitor's browser: a missing, malformed, unknown or expired one means "not signed
      // in", not an outage.
      case 'missing_token':
      case 'invalid_token':
      case 'invalid_token_format':
      case 'expired_token':
        return null;
      default:
        throw new Error(`Could not verify the sign-in (${error.status}): ${error.title}`);
    }
  }
  return data.userId;
}
