// Sign a user in without a passkey ceremony (after they confirmed an email you sent, say): a `verify_` token that
// POST /signin/verify accepts like one from the browser.
import { passwordless } from './create-client.js';

export async function createSignInToken(userId: string): Promise<string> {
  const { data, error } = await passwordless.POST('/signin/generate-token', {
    // In seconds, at most 7 days. A validation problem names it `timeToLiveSeconds`, the server's own name for it.
    body: { userId, timeToLive: 300 },
  });
  if (error) throw new Error(`Could not create a sign-in token (${error.status}): ${error.title}`);
  return data.token;
}
