// The users of an app as the server derives them from its tables (EfTenantStorage): a user is a userId that has a
// credential or an alias; aliases are stored hashed (Base64 of SHA-256 over the tenant and the alias) with the
// plaintext only when hashing is off, and setting a user's aliases replaces all of them.
import { sha256, toBase64, utf8 } from '../values/bytes.js';
import { rememberRecent } from '../values/remember-recent.js';
import { type EmulatorLimits, LimitReached } from './limits.js';
import type { AliasRecord, AppRecord, CredentialRecord } from './records.js';

/** `Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(tenant + alias)))`. */
const hashTenantAlias = rememberRecent(async (tenantAndAlias) => toBase64(await sha256(utf8(tenantAndAlias))));
export const hashAlias = (app: AppRecord, alias: string): Promise<string> => hashTenantAlias(`${app.appId}${alias}`);

export const credentialsOf = (app: AppRecord, userId: string): CredentialRecord[] =>
  app.credentials.filter((c) => c.userId === userId);

/** Whether none of these alias hashes belongs to another user (`CheckIfAliasIsAvailable`). */
export const aliasesAvailable = (app: AppRecord, hashes: readonly string[], userId: string): boolean =>
  !app.aliases.some((alias) => hashes.includes(alias.hash) && alias.userId !== userId);

/** Users with credentials (`GetUsersCount` counts only these). */
export const countUsersWithCredentials = (app: AppRecord): number => new Set(app.credentials.map((c) => c.userId)).size;

export function countUsers(app: AppRecord): number {
  return new Set([...app.credentials.map((c) => c.userId), ...app.aliases.map((a) => a.userId)]).size;
}

/** Throws LimitReached when adding something for `userId` would pass the emulator's bound on users. */
export function ensureRoomForUser(app: AppRecord, userId: string, limits: EmulatorLimits): void {
  const known = app.credentials.some((c) => c.userId === userId) || app.aliases.some((a) => a.userId === userId);
  if (!known && countUsers(app) >= limits.usersPerApp) {
    throw new LimitReached(
      `The app ${app.appId} holds ${limits.usersPerApp} users, the emulator's limit; delete some (POST /users/delete) or reset the state (DELETE /__mock/state).`,
    );
  }
}

/** Replaces the user's aliases (`StoreAlias`); the caller has checked that none belongs to another user. */
export function replaceAliases(
  app: AppRecord,
  userId: string,
  aliases: readonly AliasRecord[],
  limits: EmulatorLimits,
): void {
  const others = app.aliases.filter((alias) => alias.userId !== userId);
  if (others.length + aliases.length > limits.aliasesPerApp) {
    throw new LimitReached(
      `The app ${app.appId} would hold more than ${limits.aliasesPerApp} aliases, the emulator's limit; reset the state (DELETE /__mock/state).`,
    );
  }
  if (aliases.length > 0) ensureRoomForUser(app, userId, limits);
  app.aliases = [...others, ...aliases];
}
