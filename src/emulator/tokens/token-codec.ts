// The tokens the emulator issues (`register_`, `session_`, `verify_`), made the way the server makes its own
// (TokenService): the prefix, then base64url of a MessagePack envelope `[mac, content, keyId]` that names the app's
// signing key and carries an HMAC-SHA256 over the content. The emulator verifies only what it issued: a token of
// another app (or of a real server) names a key this app does not have ("not issued for this tenant"), a tampered one
// fails its MAC, and resetting the state replaces every app's key, so the tokens issued before stop verifying, exactly
// as they would on a server whose app was deleted.
import { Decoder, Encoder } from '@msgpack/msgpack';
import { constantTimeEqual } from '../auth/constant-time-equal.js';
import { fromBase64, fromBase64Url, nodeCrypto, randomBytes, toBase64, toBase64Url } from '../values/bytes.js';
import { packContent, unpackContent } from './token-contents.js';

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

export type DecodedToken<T> =
  | { ok: true; content: T }
  /** Not base64url, or no envelope inside: the server's `invalid_token_format`. */
  | { ok: false; reason: 'format' }
  /** Names a key this app does not have: the server's `invalid_token` ("not issued for this tenant"). */
  | { ok: false; reason: 'tenant' }
  /** The MAC does not match: the server throws ("Bad mac"), which answers 500. */
  | { ok: false; reason: 'mac' }
  /** MessagePack nil instead of an envelope: the server dereferences null outside its try, a 500. */
  | { ok: false; reason: 'nil' };

// Weakly held: a reset replaces the keys, and their imported forms go with them.
const signingKeys = new WeakMap<TokenKey, Promise<CryptoKey>>();
const nodeKeys = new WeakMap<TokenKey, import('node:crypto').KeyObject>();

/** The key's bytes; a state whose key is not base64 cannot sign (the snapshot check lets any text through). */
function keyBytes(key: TokenKey): Uint8Array {
  const bytes = fromBase64(key.secret);
  if (!bytes) throw new Error(`The token key ${key.id} of the state is not base64.`);
  return bytes;
}

function signingKey(key: TokenKey): Promise<CryptoKey> {
  let imported = signingKeys.get(key);
  if (!imported) {
    imported = crypto.subtle.importKey('raw', keyBytes(key) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    signingKeys.set(key, imported);
  }
  return imported;
}

/** The key as node:crypto takes it: a KeyObject, made once (node:crypto checks a raw key's type by catching an exception). */
function nodeKey(crypto: typeof import('node:crypto'), key: TokenKey): import('node:crypto').KeyObject {
  let secret = nodeKeys.get(key);
  if (!secret) {
    secret = crypto.createSecretKey(keyBytes(key));
    nodeKeys.set(key, secret);
  }
  return secret;
}

/** HMAC-SHA256 of the bytes: with node:crypto where there is one (a fifth of the cost, see bytes.ts), else WebCrypto. */
async function mac(key: TokenKey, data: Uint8Array): Promise<Uint8Array> {
  if (nodeCrypto) return nodeCrypto.createHmac('sha256', nodeKey(nodeCrypto, key)).update(data).digest();
  return new Uint8Array(await crypto.subtle.sign('HMAC', await signingKey(key), data as BufferSource));
}

// One of each for every token: a new Encoder allocates its 2 KiB buffer each time (a fifth of what a token costs).
// Safe to share: each makes a private instance when re-entered; the views encodeSharedRef() returns are read before
// the next encode (the node:crypto path never awaits in between), and encode() returns a copy.
const contentEncoder = new Encoder({ ignoreUndefined: true });
const envelopeEncoder = new Encoder();
const decoder = new Decoder();

/** The token, made at once where node:crypto signs it (no promise to wait for), else the promise of it. */
export function encodeToken(prefix: TokenPrefix, key: TokenKey, content: unknown): string | Promise<string> {
  if (nodeCrypto) {
    // Synchronous, on views of the encoders' own buffers: no copy of the content, nor of the envelope.
    const token = contentEncoder.encodeSharedRef(packContent(content));
    const signature = nodeCrypto.createHmac('sha256', nodeKey(nodeCrypto, key)).update(token).digest();
    return `${prefix}${toBase64Url(envelopeEncoder.encodeSharedRef([signature, token, key.id]))}`;
  }
  return encodeWithWebCrypto(prefix, key, content);
}

async function encodeWithWebCrypto(prefix: TokenPrefix, key: TokenKey, content: unknown): Promise<string> {
  const token = contentEncoder.encode(packContent(content));
  return `${prefix}${toBase64Url(envelopeEncoder.encode([await mac(key, token), token, key.id]))}`;
}

/**
 * What MessagePack-CSharp makes of the bytes as the server's MacEnvelope (an array whose members 0 and 1 are bin or
 * nil and member 2 an int; missing members take their defaults, extra ones are skipped, and bytes after the envelope
 * are never read), or undefined where it throws.
 */
function readEnvelope(bytes: Uint8Array): { mac?: Uint8Array; token?: Uint8Array; keyId: number } | null | undefined {
  let value: unknown;
  try {
    value = decoder.decodeMulti(bytes).next().value;
  } catch {
    return undefined;
  }
  if (value === null) return null;
  if (!Array.isArray(value)) return undefined;
  const [macBytes, token, keyId = 0] = value as unknown[];
  const binOrNil = (member: unknown) => member === undefined || member === null || member instanceof Uint8Array;
  if (!binOrNil(macBytes) || !binOrNil(token) || !Number.isInteger(keyId) || Math.abs(keyId as number) > 0x7fff_ffff)
    return undefined;
  return {
    mac: (macBytes ?? undefined) as Uint8Array | undefined,
    token: (token ?? undefined) as Uint8Array | undefined,
    keyId: keyId as number,
  };
}

/** Reads the part after the prefix; the caller has checked the prefix. */
export async function decodeToken<T>(body: string, key: TokenKey): Promise<DecodedToken<T>> {
  const bytes = fromBase64Url(body);
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'format' };
  const envelope = readEnvelope(bytes);
  if (envelope === undefined) return { ok: false, reason: 'format' };
  if (envelope === null) return { ok: false, reason: 'nil' };
  if (envelope.keyId !== key.id) return { ok: false, reason: 'tenant' };
  if (!envelope.mac || !envelope.token || !constantTimeEqual(envelope.mac, await mac(key, envelope.token)))
    return { ok: false, reason: 'mac' };
  return { ok: true, content: unpackContent(decoder.decode(envelope.token)) as T };
}
