// Passkey ceremonies against an in-process emulator, with the payloads the official browser client sends
// (`AttestationObject`, `clientDataJson`, `RPID`, `Origin`) made by a software authenticator.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { VirtualAuthenticator } from '../../src/recording/virtual-authenticator.js';
import type { Answer, Harness } from './harness.js';

export const origin = 'http://localhost:5173';
export const rpId = 'localhost';

type Credential = ReturnType<VirtualAuthenticator['createCredential']>;
type Assertion = ReturnType<VirtualAuthenticator['getAssertion']>;

/** What the client sends to /register/complete: its own member names, no transports, no authenticatorAttachment. */
export function registrationPayload(session: string, credential: Credential, nickname?: string) {
  return {
    session,
    response: {
      id: credential.id,
      rawId: credential.rawId,
      type: credential.type,
      clientExtensionResults: credential.clientExtensionResults,
      response: {
        AttestationObject: credential.response.attestationObject,
        clientDataJson: credential.response.clientDataJSON,
      },
    },
    ...(nickname === undefined ? {} : { nickname }),
    RPID: rpId,
    Origin: origin,
  };
}

/** What the client sends to /signin/complete: no userHandle. */
export function signinPayload(session: string, assertion: Assertion) {
  return {
    session,
    response: {
      id: assertion.id,
      rawId: assertion.rawId,
      type: assertion.type,
      clientExtensionResults: assertion.clientExtensionResults,
      response: {
        authenticatorData: assertion.response.authenticatorData,
        clientDataJson: assertion.response.clientDataJSON,
        signature: assertion.response.signature,
      },
    },
    RPID: rpId,
    Origin: origin,
  };
}

/** The ceremonies of one app, by its keys. */
export function ceremoniesOf(harness: Harness, keys: { apiSecret: string; apiKey: string }) {
  const { post } = harness;
  const secret = { ApiSecret: keys.apiSecret };
  const publicKey = { ApiKey: keys.apiKey };

  /** What `register(token)` of @passwordlessdev/passwordless-client sends to /register/begin. */
  const beginRegistration = (token: string, page = { origin, rpId }, key = keys.apiKey): Promise<Answer> =>
    post('/register/begin', { token, RPID: page.rpId, Origin: page.origin }, { ApiKey: key });

  async function registerToken(body: Record<string, unknown> = {}, apiSecret = keys.apiSecret): Promise<string> {
    const userId = `user-${randomUUID()}`;
    const answer = await post(
      '/register/token',
      { userId, username: `${userId}@example.com`, ...body },
      { ApiSecret: apiSecret },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.token;
  }

  /** A full registration; returns the user, the authenticator holding the passkey and the verify token. */
  async function registerUser(aliases: string[] = [], userId = `user-${randomUUID()}`) {
    const token = (await post('/register/token', { userId, username: `${userId}@example.com`, aliases }, secret)).body
      .token as string;
    const begin = await beginRegistration(token);
    const authenticator = new VirtualAuthenticator(origin);
    const credential = authenticator.createCredential(begin.body.data, rpId);
    const complete = await post(
      '/register/complete',
      registrationPayload(begin.body.session, credential, 'Test key'),
      publicKey,
    );
    expect(complete.status, JSON.stringify(complete.body)).toBe(200);
    return { userId, authenticator, credential, token: complete.body.token as string };
  }

  /** A sign-in ceremony with the authenticator; returns the /signin/complete answer. */
  async function signIn(authenticator: VirtualAuthenticator, begin: Record<string, unknown> = {}): Promise<Answer> {
    const options = await post('/signin/begin', { ...begin, RPID: rpId, Origin: origin }, publicKey);
    expect(options.status, JSON.stringify(options.body)).toBe(200);
    const assertion = authenticator.getAssertion(options.body.data, rpId);
    return post('/signin/complete', signinPayload(options.body.session, assertion), publicKey);
  }

  const verify = (token: string) => post('/signin/verify', { token }, secret);

  return { secret, publicKey, beginRegistration, registerToken, registerUser, signIn, verify };
}
