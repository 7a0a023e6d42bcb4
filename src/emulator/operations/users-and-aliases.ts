// Aliases, credentials and users as the server's Alias, Credentials and Users endpoints answer them (api-inventory
// §3.8–3.11, §3.18), from what the ceremonies and /alias stored.
import { noContent, okEmpty, serverError } from '../handling/answers.js';
import { apiErrors } from '../handling/api-errors.js';
import type { Handlers } from '../handling/operation-types.js';
import type { AppState } from '../state/app-state.js';
import type { CredentialRecord } from '../state/records.js';
import { fromBase64Url, toBase64Url } from '../values/bytes.js';

/** A StoredCredential as the server writes it: `descriptor` first, `transports` only when stored, `rpid` lower case. */
function credentialView(credential: Readonly<CredentialRecord>) {
  return {
    descriptor: {
      type: 'public-key' as const,
      id: credential.credentialId,
      ...(credential.transports ? { transports: credential.transports } : {}),
    },
    publicKey: credential.publicKey,
    userHandle: credential.userHandle,
    signatureCounter: credential.signatureCounter,
    attestationFmt: credential.attestationFmt,
    createdAt: credential.createdAt,
    aaGuid: credential.aaGuid,
    lastUsedAt: credential.lastUsedAt,
    // The spec says a string, but a passkey completed without `rpid` stores none (the server stores `request.RPID` as
    // sent): answered as stored, and reported against the spec.
    rpid: credential.rpid as string,
    origin: credential.origin,
    country: credential.country,
    device: credential.device,
    nickname: credential.nickname,
    userId: credential.userId,
    backupState: credential.backupState,
    isBackupEligible: credential.isBackupEligible,
    isDiscoverable: credential.isDiscoverable,
  };
}

/** The user's credentials as `/credentials/list` lists them, GET or POST (validation refuses an empty userId). */
const credentialList = (app: AppState, userId: string) => ({
  values: app.users.credentialsOf(userId).map(credentialView),
});

export const userHandlers: Handlers<
  | 'setAliases'
  | 'listAliases'
  | 'listCredentials'
  | 'listCredentialsViaPost'
  | 'deleteCredential'
  | 'listUsers'
  | 'countUsers'
  | 'deleteUser'
> = {
  async setAliases({ app, key, body, environment }) {
    const { userId } = body;
    // Validation leaves `aliases` to the handler: AliasPayload's set is dereferenced without a check, a 500.
    const given = body.aliases as string[] | null | undefined;
    if (!Array.isArray(given))
      return serverError('aliases is missing or null; the server throws a NullReferenceException.');
    // AliasPayload's aliases are a set: repeats collapse.
    const stored = await app.users.setAliases(userId, [...new Set(given)], {
      hashing: body.hashing !== false,
      conflicts: environment.aliasConflict,
    });
    if (stored === 'refused') return apiErrors.aliasConflict();
    app.events.log(
      {
        eventType: 'ApiUserSetAliases',
        message: `Added set aliases for user (${userId}).`,
        performedBy: userId,
        subject: userId,
      },
      key.id,
    );
    return noContent();
  },

  listAliases({ app, query, ok }) {
    const { userId } = query;
    if (!userId) return apiErrors.userIdEmpty();
    const values = app.users
      .aliasesOf(userId)
      .map((alias) => ({ userId: alias.userId, alias: alias.hash, plaintext: alias.plaintext, tenant: app.appId }));
    return ok({ values });
  },

  listCredentials: ({ app, query, ok }) => ok(credentialList(app, query.userId)),
  listCredentialsViaPost: ({ app, body, ok }) => ok(credentialList(app, body.userId)),

  deleteCredential({ app, key, body }) {
    const id = fromBase64Url(body.credentialId ?? '');
    if (!id || id.length === 0) return apiErrors.credentialIdRequired();
    const credentialId = toBase64Url(id);
    const deleted = app.users.removeCredential(credentialId);
    // The server reads the deleted credential's userId for its event without checking it exists.
    if (!deleted)
      return serverError(`No credential has the id ${credentialId}; the server throws a NullReferenceException.`);
    app.events.log(
      {
        eventType: 'ApiUserDeleteCredential',
        message: `Deleted credential for user ${deleted.userId}`,
        performedBy: 'System',
        subject: deleted.userId,
      },
      key.id,
    );
    return noContent();
  },

  listUsers: ({ app, ok }) => ok({ values: app.users.summaries() }),

  countUsers: ({ app, ok }) => ok({ count: app.users.countUsersWithCredentials() }),

  deleteUser({ app, key, body }) {
    const { userId } = body;
    app.users.removeUser(userId);
    app.events.log(
      { eventType: 'ApiUserDeleted', message: `Deleted user ${userId}`, performedBy: 'System', subject: userId },
      key.id,
    );
    // `Results.Ok()` with no value: 200 and an empty body.
    return okEmpty();
  },
};
