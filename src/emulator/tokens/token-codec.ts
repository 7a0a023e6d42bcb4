// The tokens the emulator issues (`register_`, `session_`, `verify_`), made the way the server makes its own
// (TokenService): the prefix, then base64url of an envelope that names the app's signing key and carries a MAC over
// the content. The emulator verifies only what it issued: a token of another app names a key this app does not have
// ("not issued for this tenant"), a tampered one fails its MAC, and resetting the state replaces every app's key, so
// the tokens issued before stop verifying, exactly as they would on a server whose app was deleted.
import { bytesEqual, fromBase64, fromBase64Url, fromUtf8, nodeCrypto, randomBytes, toBase64, toBase64Url, utf8 } from '../values/bytes.js';

export const tokenPrefixes = { register: 'register_', session: 'session_', verify: 'verify_' } as const;
export type TokenPrefix = (typeof tokenPrefixes)[keyof typeof tokenPrefixes];

/** An app's signing key, as the state keeps it (base64 of 32 random bytes, with its id). */
export interface TokenKey {
  id: number;
  secret: string;
}

export function newTokenKey(): TokenKey {
  return { id: 1 + Math.floor(Math.random() * 0x7fff_fffe), secret: toBase64(randomBytes(32)) };
}

interface Envelope {
  /** The signing key's id. */
  k: number;
  /** The content, as JSON text, which the MAC covers byte for byte. */
  c: string;
  /** base64url HMAC-SHA256 of `c`. */
  m: string;
}

export type DecodedToken<T> =
  | { ok: true; content: T }
  /** Not base64url, or no envelope inside: the server's `invalid_token_format`. */
  | { ok: false; reason: 'format' }
  /** Names a key this app does not have: the server's `invalid_token` ("not issued for this tenant"). */
  | { ok: false; reason: 'tenant' }
  /** The MAC does not match: the server throws ("Bad mac"), which answers 500. */
  | { ok: false; reason: 'mac' };

// Weakly held: a reset replaces the keys, and their imported forms go with them.
const signingKeys = new WeakMap<TokenKey, Promise<CryptoKey>>();
const nodeKeys = new WeakMap<TokenKey, import('node:crypto').KeyObject>();

function signingKey(key: TokenKey): Promise<CryptoKey> {
  let imported = signingKeys.get(key);
  if (!imported) {
    imported = crypto.subtle.importKey('raw', fromBase64(key.secret) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    signingKeys.set(key, imported);
  }
  return imported;
}

/** HMAC-SHA256 of the text: with node:crypto where there is one (a fifth of the cost, see bytes.ts), else WebCrypto. */
async function mac(key: TokenKey, text: string): Promise<Uint8Array> {
  if (nodeCrypto) {
    // A KeyObject: node:crypto checks a raw key's type by catching an exception, on every call.
    let secret = nodeKeys.get(key);
    if (!secret) nodeKeys.set(key, (secret = nodeCrypto.createSecretKey(fromBase64(key.secret)!)));
    return new Uint8Array(nodeCrypto.createHmac('sha256', secret).update(text).digest());
  }
  return new Uint8Array(await crypto.subtle.sign('HMAC', await signingKey(key), utf8(text) as BufferSource));
}

export async function encodeToken(prefix: TokenPrefix, key: TokenKey, content: unknown): Promise<string> {
  const text = JSON.stringify(content);
  const envelope: Envelope = { k: key.id, c: text, m: toBase64Url(await mac(key, text)) };
  return `${prefix}${toBase64Url(utf8(JSON.stringify(envelope)))}`;
}

/** Reads the part after the prefix; the caller has checked the prefix. */
export async function decodeToken<T>(body: string, key: TokenKey): Promise<DecodedToken<T>> {
  const bytes = fromBase64Url(body);
  if (!bytes || body.length === 0) return { ok: false, reason: 'format' };
  let envelope: Envelope;
  try {
    envelope = JSON.parse(fromUtf8(bytes)) as Envelope;
  } catch {
    return { ok: false, reason: 'format' };
  }
  if (typeof envelope?.k !== 'number' || typeof envelope.c !== 'string' || typeof envelope.m !== 'string') {
    return { ok: false, reason: 'format' };
  }
  if (envelope.k !== key.id) return { ok: false, reason: 'tenant' };
  const given = fromBase64Url(envelope.m);
  const valid = given !== undefined && bytesEqual(given, await mac(key, envelope.c));
  if (!valid) return { ok: false, reason: 'mac' };
  return { ok: true, content: JSON.parse(envelope.c) as T };
}
