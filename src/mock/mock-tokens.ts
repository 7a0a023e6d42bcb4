// The tokens the mock issues (`register_`, `session_`, `verify_`): the prefix, then the base64url of a small JSON
// document carrying what the next step of the ceremony needs, so the steps need no memory in the mock. Clients
// treat tokens as opaque, as they must with the server's (base64url MessagePack envelopes with an HMAC). A token the
// mock did not issue reads as undefined, and the mock then answers from the spec's examples.
import type { VerifiedUser } from './ceremony-values.js';

/** What /register/token put in the token: the request's members, bound, and the app the ApiSecret named. */
export interface RegisterTokenContent {
  kind: 'register';
  app: string;
  userId: string;
  username: string;
  displayName: string | null;
  attestation: string;
  authenticatorType: string | null;
  discoverable: boolean;
  userVerification: string;
  aliases: string[];
  hints: string[];
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** What /register/begin put in the session: the options' values /register/complete checks the credential against. */
export interface RegisterSessionContent {
  kind: 'register-session';
  app: string;
  challenge: string;
  rpId: string | null;
  /** base64url user handle and the userId it encodes. */
  userHandle: string;
  userId: string;
  userVerification: string;
  algorithms: number[];
  aliases: string[];
}

/** What /signin/begin put in the session. */
export interface SigninSessionContent {
  kind: 'signin-session';
  app: string;
  challenge: string;
  rpId: string | null;
  userVerification: string;
  allowCredentials: string[];
  purpose: string;
}

/** What a sign-in token says, for /signin/verify. */
export interface VerifyTokenContent {
  kind: 'verify';
  app: string;
  verified: VerifiedUser;
}

export type TokenContent = RegisterTokenContent | RegisterSessionContent | SigninSessionContent | VerifyTokenContent;

/** Marks the mock's own tokens, so that another token that happens to be base64url JSON is not mistaken for one. */
const issuer = 'passwordless-contract mock';

const prefixes: Record<TokenContent['kind'], string> = {
  register: 'register_',
  'register-session': 'session_',
  'signin-session': 'session_',
  verify: 'verify_',
};

export function issueToken(content: TokenContent): string {
  return `${prefixes[content.kind]}${Buffer.from(JSON.stringify({ iss: issuer, ...content })).toString('base64url')}`;
}

/**
 * The content of a token the mock issued, or undefined for any other token. `kind` is read from the token, so a
 * register session sent to /signin/complete comes back as a register session, which the caller then refuses.
 */
export function readToken(token: unknown): TokenContent | undefined {
  if (typeof token !== 'string') return undefined;
  const match = /^(register|session|verify)_([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return undefined;
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(match[2]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (content === null || typeof content !== 'object') return undefined;
  const { iss, kind, app } = content as Record<string, unknown>;
  if (iss !== issuer || typeof kind !== 'string' || typeof app !== 'string' || !Object.hasOwn(prefixes, kind)) return undefined;
  if (prefixes[kind as TokenContent['kind']] !== `${match[1]}_`) return undefined;
  return content as TokenContent;
}
