// The pieces the emulator verifies browser credentials with, on their own: CBOR decoding of attestation objects, COSE
// keys of every algorithm the server offers (verified with WebCrypto, as in a browser), the tokens it signs, and the
// values the server writes (device names, token ages).
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { deviceName } from '../../src/emulator/ceremony/device-name.js';
import { decodeToken, encodeToken, newTokenKey } from '../../src/emulator/tokens/token-codec.js';
import { humanizedAge } from '../../src/emulator/values/dotnet-formats.js';
import { CborError, cborPrefixLength, decodeCbor } from '../../src/emulator/webauthn/cbor.js';
import { WebAuthnFailure } from '../../src/emulator/webauthn/client-and-authenticator-data.js';
import { parseCoseKey, verifyCoseSignature } from '../../src/emulator/webauthn/cose-key.js';
import { type CborMap, encodeCbor } from '../../src/recording/cbor-encode.js';

describe('CBOR decoding', () => {
  it('reads what an authenticator writes: maps, integers, byte and text strings, arrays, simple values', () => {
    const bytes = encodeCbor(
      new Map<number | string, number | string | Uint8Array | CborMap>([
        ['fmt', 'none'],
        [1, -7],
        [-2, Uint8Array.of(1, 2, 3)],
        ['big', 70_000],
      ]) as CborMap,
    );
    expect(decodeCbor(bytes)).toEqual(
      new Map<unknown, unknown>([
        ['fmt', 'none'],
        [1, -7],
        [-2, Uint8Array.of(1, 2, 3)],
        ['big', 70_000],
      ]),
    );
    expect(decodeCbor(Uint8Array.of(0x83, 0xf4, 0xf5, 0xf6))).toEqual([false, true, null]);
  });

  it.each([
    ['input that ends early', Uint8Array.of(0x43, 1, 2)],
    ['bytes after the item', Uint8Array.of(0x01, 0x02)],
    ['an indefinite length', Uint8Array.of(0x5f, 0x41, 0x00, 0xff)],
    ['a length past the input', Uint8Array.of(0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)],
    ['nothing at all', new Uint8Array()],
  ])('refuses %s with a CborError', (_, bytes) => {
    expect(() => decodeCbor(bytes)).toThrow(CborError);
  });

  it('reads a tag as its content, without interpreting it', () => {
    expect(decodeCbor(Uint8Array.of(0xc1, 0x1a, 0x51, 0x4b, 0x67, 0xb0))).toBe(1363896240);
    expect(decodeCbor(Uint8Array.of(0xd8, 0x20, 0x61, 0x61))).toBe('a');
  });

  it('says how many bytes the first item takes, whatever follows it', () => {
    const key = encodeCbor(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [-2, Buffer.alloc(32, 7)],
      ]) as CborMap,
    );
    expect(cborPrefixLength(Buffer.concat([key, Uint8Array.of(0xa1, 0x01)]))).toBe(key.length);
    expect(cborPrefixLength(Uint8Array.of(0xf6, 0x00))).toBe(1);
    expect(cborPrefixLength(Uint8Array.of(0xc1, 0xf5, 0x00))).toBe(2);
    expect(() => cborPrefixLength(Uint8Array.of(0xa1, 0x01))).toThrow(CborError);
    expect(() => cborPrefixLength(Uint8Array.of(0xf9, 0x3c))).toThrow(CborError);
    expect(() => cborPrefixLength(new Uint8Array())).toThrow(CborError);
  });
});

/** A COSE key for a node:crypto public key, as an authenticator writes it. */
function coseKey(alg: number, publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  const bytes = (value: string | undefined) => Buffer.from(value!, 'base64url');
  const entries: [number, number | Uint8Array][] =
    jwk.kty === 'EC'
      ? [
          [1, 2],
          [3, alg],
          [-1, { 'P-256': 1, 'P-384': 2, 'P-521': 3 }[jwk.crv!]!],
          [-2, bytes(jwk.x)],
          [-3, bytes(jwk.y)],
        ]
      : jwk.kty === 'OKP'
        ? [
            [1, 1],
            [3, alg],
            [-1, 6],
            [-2, bytes(jwk.x)],
          ]
        : [
            [1, 3],
            [3, alg],
            [-1, bytes(jwk.n)],
            [-2, bytes(jwk.e)],
          ];
  return encodeCbor(new Map(entries) as CborMap);
}

describe('COSE keys', () => {
  const data = Buffer.from('authenticator data and client data hash');
  const ec = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve });
  const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cases: [string, number, () => { publicKey: KeyObject; privateKey: KeyObject }, (key: KeyObject) => Buffer][] = [
    ['ES256', -7, () => ec('P-256'), (key) => sign('sha256', data, key)],
    ['ES384', -35, () => ec('P-384'), (key) => sign('sha384', data, key)],
    ['EdDSA', -8, () => generateKeyPairSync('ed25519'), (key) => sign(null, data, key)],
    ['RS256', -257, rsa, (key) => sign('sha256', data, key)],
    ['PS256', -37, rsa, (key) => sign('sha256', data, { key, padding: 6, saltLength: 32 })],
  ];

  it.each(cases)('verifies %s signatures and refuses altered ones', async (_, alg, generate, signWith) => {
    const { publicKey, privateKey } = generate();
    const key = await parseCoseKey(coseKey(alg, publicKey));
    expect(key.alg).toBe(alg);
    const signature = signWith(privateKey);
    expect(await verifyCoseSignature(key, data, signature)).toBe(true);
    expect(await verifyCoseSignature(key, Buffer.concat([data, Buffer.of(0)]), signature)).toBe(false);
    expect(await verifyCoseSignature(key, data, Buffer.from('not a signature'))).toBe(false);
  });

  it("refuses an algorithm the server does not offer with fido2-net-lib's message, and a malformed key", async () => {
    const { publicKey } = ec('P-256');
    await expect(parseCoseKey(coseKey(-65535, publicKey))).rejects.toThrow(
      new WebAuthnFailure('Unrecognized COSE algorithm value'),
    );
    await expect(parseCoseKey(Uint8Array.of(0xa1, 0x01))).rejects.toThrow(WebAuthnFailure);
  });
});

describe("the emulator's tokens", () => {
  it('reads back what it signed with the same key, and tells a foreign, a garbled and an altered token apart', async () => {
    const key = newTokenKey();
    const session = {
      kind: 'signin-session',
      challenge: 'Y2hhbGxlbmdl',
      rpId: null,
      userVerification: 'preferred',
      allowCredentials: ['Y3JlZA'],
      purpose: 'sign-in',
    };
    const token = await encodeToken('session_', key, session);
    expect(token).toMatch(/^session_[A-Za-z0-9_-]+$/);
    const body = token.slice('session_'.length);
    expect(await decodeToken(body, key)).toEqual({ ok: true, content: session });
    // The content is a MessagePack array, as MessagePack-CSharp writes a [MessagePackObject] with [Key(n)] members:
    // the kind's number, then the members in order, no names.
    const [, packed] = decode(Buffer.from(body, 'base64url')) as [Uint8Array, Uint8Array];
    expect(decode(packed)).toEqual([2, 'Y2hhbGxlbmdl', null, 'preferred', ['Y3JlZA'], 'sign-in']);
    // A content of no known kind stays a map.
    expect(await decodeToken((await encodeToken('verify_', key, { userId: 'u1' })).slice(7), key)).toEqual({
      ok: true,
      content: { userId: 'u1' },
    });
    // Another app's key (or this app's after a reset) has another id: the server's "not issued for this tenant".
    expect(await decodeToken(body, newTokenKey())).toEqual({ ok: false, reason: 'tenant' });
    expect(await decodeToken('this-is-not-a-token', key)).toEqual({ ok: false, reason: 'format' });
    expect(await decodeToken('', key)).toEqual({ ok: false, reason: 'format' });
    // The same key id with another secret: the MAC fails, the server's "Bad mac".
    expect(await decodeToken(body, { ...newTokenKey(), id: key.id })).toEqual({ ok: false, reason: 'mac' });
  });

  it("reads envelopes as the server's MessagePack-CSharp does: a real server's token is another tenant's, nil is a 500", async () => {
    const key = newTokenKey();
    const [mac, content, keyId] = decode(
      Buffer.from((await encodeToken('verify_', key, { userId: 'u1' })).slice(7), 'base64url'),
    ) as unknown[];
    expect([mac, content, keyId]).toEqual([expect.any(Uint8Array), expect.any(Uint8Array), key.id]);
    expect((mac as Uint8Array).length).toBe(32);
    // The shape of a token a real server issued (the .NET SDK's tests send one): a 32-byte MAC, a MessagePack token
    // and a key id this app does not hold.
    const realServerToken = Buffer.from(
      encode([new Uint8Array(32), encode({ type: 'passkey_signin' }), 2042443317]),
    ).toString('base64url');
    expect(await decodeToken(realServerToken, key)).toEqual({ ok: false, reason: 'tenant' });
    // Missing members take their defaults (key id 0), trailing bytes are never read.
    expect(await decodeToken(Buffer.from([0x90]).toString('base64url'), key)).toEqual({ ok: false, reason: 'tenant' });
    expect(await decodeToken(Buffer.from([0x90, 0xc1]).toString('base64url'), key)).toEqual({
      ok: false,
      reason: 'tenant',
    });
    expect(await decodeToken(Buffer.from(encode(null)).toString('base64url'), key)).toEqual({
      ok: false,
      reason: 'nil',
    });
    // Not an array, or members of the wrong type: the server's catch, `invalid_token_format`.
    for (const notAnEnvelope of [{ k: 1 }, 'text', ['mac', 'token', 1], [null, null, 'one'], [null, null, 2 ** 40]]) {
      expect(await decodeToken(Buffer.from(encode(notAnEnvelope)).toString('base64url'), key)).toEqual({
        ok: false,
        reason: 'format',
      });
    }
  });
});

describe('what the server writes', () => {
  it.each([
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Chrome, Mac OS X 10',
    ],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox, Windows 10'],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
      'HeadlessChrome, Linux ',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Mobile Safari, iOS 17',
    ],
    [undefined, 'Other, Other '],
  ])('names the device of %s as %s', (userAgent, device) => {
    expect(deviceName(userAgent)).toBe(device);
  });

  it.each([
    [10_000, '10 seconds'],
    [1000, '1 second'],
    [90_000, '1 minute'],
    [7_200_000, '2 hours'],
    [250, '250 milliseconds'],
    [8 * 86_400_000, '1 week'],
  ])('words an age of %i ms as "%s"', (milliseconds, words) => {
    expect(humanizedAge(milliseconds)).toBe(words);
  });
});
