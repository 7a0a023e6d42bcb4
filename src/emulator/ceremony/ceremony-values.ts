// Values the server builds into ceremony answers (api-inventory §3.2–3.6): fresh challenges, the ten
// `pubKeyCredParams`, the 60 s timeout, the origin check every ceremony starts with, and the `VerifySignInToken` a
// `verify_` token carries, members in the server's order.
import type { components } from '../../../generated/openapi.js';
import { serverError } from '../handling/answers.js';
import { apiErrors } from '../handling/api-errors.js';
import type { ApiError, ServerError } from '../handling/operation-types.js';
import { randomBytes, toBase64Url } from '../values/bytes.js';
import { humanizedAge, utcDateTime } from '../values/dotnet-formats.js';
import { deviceName } from './device-name.js';

/** The `alg`s fido2-net-lib offers, in its order: EdDSA, ES256, RS256, PS256, ES384, RS384, PS384, ES512, RS512, PS512. */
export const serverAlgorithms: readonly number[] = [-8, -7, -257, -37, -35, -258, -38, -36, -259, -39];
/** `timeout` of both kinds of options, in milliseconds. */
export const optionsTimeout = 60_000;

/** 16 random bytes in base64url, as fido2-net-lib makes a challenge. */
export const freshChallenge = (): string => toBase64Url(randomBytes(16));

/**
 * The server's origin check (`GetFido2Instance`): missing or empty is `Origin is required.`; a value fido2-net-lib
 * cannot read as an absolute URI makes it throw, which the server answers with its generic 500.
 */
export function checkOrigin(
  origin: string | null | undefined,
): { ok: true; origin: string } | { ok: false; answer: ApiError<400, null> | ServerError } {
  if (typeof origin !== 'string' || origin === '') return { ok: false, answer: apiErrors.originRequired() };
  if (!URL.canParse(origin)) {
    return {
      ok: false,
      answer: serverError(`The origin "${origin}" is not an absolute URI; fido2-net-lib throws on it.`),
    };
  }
  return { ok: true, origin };
}

/** What a `verify_` token carries, as the spec describes the answer of `/signin/verify`. */
export type VerifiedUser = components['schemas']['VerifiedUser'];

/** What a `verify_` token carries, in the order the server writes it (derived members first, then Token's). */
export function verifiedUser(
  now: number,
  lifetimeMs: number,
  values: Pick<
    VerifiedUser,
    'userId' | 'rpId' | 'origin' | 'device' | 'country' | 'nickname' | 'credentialId' | 'purpose' | 'type'
  >,
): VerifiedUser {
  return {
    userId: values.userId,
    timestamp: utcDateTime(now),
    rpId: values.rpId,
    origin: values.origin,
    success: true,
    device: values.device,
    country: values.country,
    nickname: values.nickname,
    credentialId: values.credentialId,
    purpose: values.purpose,
    expiresAt: utcDateTime(now + lifetimeMs),
    tokenId: crypto.randomUUID(),
    type: values.type,
  };
}

/** The `Token` base class's check (TokenValidator.Validate): an expired token is 403 `expired_token`. */
export function expiredProblem(expiresAt: string, now: number): ApiError<403, 'expired_token'> | undefined {
  const expiry = Date.parse(expiresAt.endsWith('Z') ? expiresAt : `${expiresAt}Z`);
  if (expiry >= now) return undefined;
  return apiErrors.expiredToken(humanizedAge(now - expiry));
}

/** `device` and `country` as the server reads them from the request (UAParser on User-Agent, Cloudflare's header). */
export function requestOrigin(headers: Readonly<Record<string, string>>) {
  return { device: deviceName(headers['user-agent']), country: headers['cf-ipcountry'] ?? '' };
}
