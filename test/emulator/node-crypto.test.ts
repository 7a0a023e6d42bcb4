// On Node the emulator hashes, signs and writes base64 with node:crypto and Buffer (five times cheaper per request than
// crypto.subtle and btoa); in a browser it has only WebCrypto and btoa. Both must give the same bytes, so a token or an
// alias hash is the same whichever ran: here the Node path is checked against WebCrypto and btoa themselves. (The
// browser path runs in test/browser/msw-in-browser.test.ts.)
import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, newTokenKey } from '../../src/emulator/tokens/token-codec.js';
import {
  fromBase64,
  fromBase64Url,
  nodeCrypto,
  sha256,
  toBase64,
  toBase64Url,
  utf8,
} from '../../src/emulator/values/bytes.js';

const webSha256 = async (bytes: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
const btoaBase64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''));

const samples = [
  new Uint8Array(),
  utf8('abc'),
  utf8('tenantпароль ✓'),
  crypto.getRandomValues(new Uint8Array(65_536)),
  // A view into a larger buffer: only its own bytes count.
  crypto.getRandomValues(new Uint8Array(100)).subarray(7, 58),
];

describe('node:crypto and Buffer give the bytes WebCrypto and btoa give', () => {
  it('runs on the Node path here', () => {
    expect(nodeCrypto).toBeDefined();
  });

  it('SHA-256', async () => {
    for (const bytes of samples) expect(await sha256(bytes)).toEqual(await webSha256(bytes));
    expect(await sha256('test:secret:a679563b331846c79c20b114a4f56d02')).toEqual(
      await webSha256(utf8('test:secret:a679563b331846c79c20b114a4f56d02')),
    );
  });

  it('base64 and base64url, of every length modulo 3', () => {
    for (const bytes of [
      ...samples,
      ...[1, 2, 3, 4, 5].map((length) => crypto.getRandomValues(new Uint8Array(length))),
    ]) {
      const expected = btoaBase64(bytes);
      expect(toBase64(bytes)).toBe(expected);
      expect(toBase64Url(bytes)).toBe(expected.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''));
    }
  });

  it("the tokens' HMAC-SHA256: a token verifies with WebCrypto, and one MAC'd by WebCrypto decodes", async () => {
    const key = newTokenKey();
    const webKey = await crypto.subtle.importKey(
      'raw',
      fromBase64(key.secret) as BufferSource,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    const token = await encodeToken('verify_', key, { kind: 'verify', userId: 'u1' });
    const [mac, content] = decode(fromBase64Url(token.slice('verify_'.length))!) as [Uint8Array, Uint8Array, number];
    expect(await crypto.subtle.verify('HMAC', webKey, mac as BufferSource, content as BufferSource)).toBe(true);

    const browserContent = encode({ kind: 'verify', userId: 'u2' });
    const webMac = new Uint8Array(await crypto.subtle.sign('HMAC', webKey, browserContent as BufferSource));
    const fromBrowser = toBase64Url(encode([webMac, browserContent, key.id]));
    expect(await decodeToken(fromBrowser, key)).toEqual({ ok: true, content: { kind: 'verify', userId: 'u2' } });
    webMac[0]! ^= 1;
    const altered = toBase64Url(encode([webMac, browserContent, key.id]));
    expect(await decodeToken(altered, key)).toEqual({ ok: false, reason: 'mac' });
  });
});
