// The browser's half of registration and sign-in, played by the virtual authenticator through the typed client, so
// that scenarios can create real credentials and passkey sign-ins to record.
import { expectData, type ScenarioContext } from './scenario.js';

/** Registers a passkey for `userId` and returns the `verify_` token /register/complete gives. */
export async function registerPasskey(
  context: ScenarioContext,
  userId: string,
  nickname = 'Recorder passkey',
): Promise<string> {
  const { client, authenticator, origin, rpId } = context;
  const { token } = expectData(
    await client.POST('/register/token', { body: { userId, username: `${userId}@example.com`, displayName: userId } }),
    'POST /register/token',
  );
  const begin = expectData(
    await client.POST('/register/begin', { body: { token, origin, rpid: rpId } }),
    'POST /register/begin',
  );
  const response = authenticator.createCredential(begin.data, rpId);
  const complete = expectData(
    await client.POST('/register/complete', {
      body: { session: begin.session, response, nickname, origin, rpid: rpId },
    }),
    'POST /register/complete',
  );
  return complete.token;
}

/** Signs `userId` in with the passkey registered last and returns the `verify_` token /signin/complete gives. */
export async function signInWithPasskey(context: ScenarioContext, userId: string): Promise<string> {
  const { client, authenticator, origin, rpId } = context;
  const begin = expectData(
    await client.POST('/signin/begin', { body: { userId, origin, rpid: rpId } }),
    'POST /signin/begin',
  );
  const response = authenticator.getAssertion(begin.data, rpId);
  const complete = expectData(
    await client.POST('/signin/complete', { body: { session: begin.session, response, origin, rpid: rpId } }),
    'POST /signin/complete',
  );
  return complete.token;
}
