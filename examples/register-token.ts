// A signed-in user adds a passkey: create a registration token and hand it to the browser client's register().
import { passwordless } from './create-client.js';

export async function createRegisterToken(userId: string, email: string): Promise<string> {
  const { data, error } = await passwordless.POST('/register/token', {
    body: { userId, username: email, displayName: email, aliases: [email] },
  });
  if (error) throw new Error(`Could not create a registration token (${error.status}): ${error.title}`);
  return data.token;
}
