// The values the server builds into ceremony answers (api-inventory §3.2–3.6): fresh challenges, the ten
// `pubKeyCredParams`, the 60 s timeout, token lifetimes, .NET's way of writing UTC times and a `byte[]`, and the
// `VerifiedUser` a sign-in token carries.
import { randomBytes, randomUUID } from 'node:crypto';
import type { components } from '../../generated/openapi.js';
import { deviceName } from './device-name.js';
import type { MockResponse } from './mock-response.js';

export type VerifiedUser = components['schemas']['VerifiedUser'];
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** The `alg`s fido2-net-lib offers, in its order: EdDSA, ES256, RS256, PS256, ES384, RS384, PS384, ES512, RS512, PS512. */
export const serverAlgorithms: readonly number[] = [-8, -7, -257, -37, -35, -258, -38, -36, -259, -39];
/** `timeout` of both kinds of options, in milliseconds. */
export const optionsTimeout = 60_000;
/** How long a register token lives when the request names no `expiresAt`. */
export const registerTokenLifetime = 120_000;
/** How long a `verify_` token lives: 120 s after a registration, and the purpose's default 2 minutes after a sign-in. */
export const verifyTokenLifetime = 120_000;
/** The purposes whose preset configuration the server has; any other purpose gets the `sign-in` one. */
export const presetPurposes = ['sign-in', 'step-up'];

/** 16 random bytes in base64url, as fido2-net-lib makes a challenge. */
export const freshChallenge = (): string => randomBytes(16).toString('base64url');

/** A UTC instant as .NET writes it: seven fraction digits and `Z`. */
export function dotnetUtc(instant: number): string {
  return new Date(instant).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** A `byte[]` without a converter (the verify token's `credentialId`) is standard base64 with padding. */
export const standardBase64 = (base64url: string): string => Buffer.from(base64url, 'base64url').toString('base64');

function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The app id of the request's key (`<appId>:public:…`); the key itself is never kept. */
export function appOf(headers: RequestHeaders, keyHeader: 'ApiKey' | 'ApiSecret'): string {
  const key = header(headers, keyHeader) ?? '';
  return key.slice(0, Math.max(0, key.indexOf(':')));
}

/** The token content of a completed ceremony, in the server's member order. */
export function verifiedUser(
  headers: RequestHeaders,
  values: Pick<VerifiedUser, 'userId' | 'rpId' | 'origin' | 'nickname' | 'credentialId' | 'purpose' | 'type'>,
  lifetime = verifyTokenLifetime,
): VerifiedUser {
  const now = Date.now();
  return {
    userId: values.userId,
    timestamp: dotnetUtc(now),
    rpId: values.rpId,
    origin: values.origin,
    success: true,
    device: deviceName(header(headers, 'user-agent')),
    // Cloudflare's header in the cloud; self-hosted servers have none and write "".
    country: header(headers, 'cf-ipcountry') ?? '',
    nickname: values.nickname,
    credentialId: values.credentialId,
    purpose: values.purpose,
    expiresAt: dotnetUtc(now + lifetime),
    tokenId: randomUUID(),
    type: values.type,
  };
}

/** How Humanizer words a token's age in `The token expired … ago.` (one unit, rounded down). */
export function humanizedAge(milliseconds: number): string {
  const units: [string, number][] = [
    ['week', 604_800_000],
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
    ['millisecond', 1],
  ];
  for (const [unit, size] of units) {
    const count = Math.floor(milliseconds / size);
    if (count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'}`;
  }
  return 'no time';
}

export function jsonAnswer(body: unknown, status = 200): MockResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}
