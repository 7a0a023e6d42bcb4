// Aliases, credentials and users as the server's Alias, Credentials and Users endpoints answer them (api-inventory
// §3.8–3.11, §3.18), from what the ceremonies and /alias stored.
import { logEvent } from '../state/event-log.js';
import type { CredentialRecord } from '../state/records.js';
import { credentialsOf } from '../state/users.js';
import { fromBase64Url, toBase64Url } from '../values/bytes.js';
import { apiProblem, emptyResponse, jsonResponse, serverError } from '../wire/problems.js';
import { appOf, type OperationContext, type OperationHandler, strings, text } from './operation-context.js';
import { storeAliases } from './registration.js';

/** A StoredCredential as the server writes it: `descriptor` first, `transports` only when stored, `rpid` lower case. */
function credentialView(credential: CredentialRecord) {
  return {
    descriptor: {
      type: 'public-key',
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
    rpid: credential.rpid,
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

function listCredentials(context: OperationContext, userId: unknown) {
  const { app } = appOf(context);
  // Reached only when binding let an empty value through: UserCredentialsService's own check.
  if (typeof userId !== 'string' || userId === '')
    return apiProblem(400, 'missing_userid', 'userId must not be null or empty');
  return jsonResponse({ values: credentialsOf(app, userId).map(credentialView) });
}

export const userHandlers: Record<string, OperationHandler> = {
  async setAliases(context) {
    const { app, key } = appOf(context);
    const { body, now, state } = context;
    const userId = String(body.userId);
    // AliasPayload's aliases are a set (repeats collapse); a null set passes validation and is then dereferenced: 500.
    if (!Array.isArray(body.aliases))
      return serverError('aliases is missing or null; the server throws a NullReferenceException.');
    const aliases = [...new Set(strings(body.aliases))];
    const refused = await storeAliases(context, app, userId, aliases, body.hashing !== false);
    if (refused) return refused;
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiUserSetAliases',
      message: `Added set aliases for user (${userId}).`,
      performedBy: userId,
      subject: userId,
    });
    return emptyResponse(204);
  },

  listAliases(context) {
    const { app } = appOf(context);
    const userId = text(context.query.userId);
    if (!userId) return apiProblem(400, null, 'UserId is empty');
    // SQLite returns them in primary-key order: ascending by hash.
    const values = app.aliases
      .filter((alias) => alias.userId === userId)
      .sort((a, b) => ordinal(a.hash, b.hash))
      .map((alias) => ({ userId: alias.userId, alias: alias.hash, plaintext: alias.plaintext, tenant: app.appId }));
    return jsonResponse({ values });
  },

  listCredentials: (context) => listCredentials(context, context.query.userId),
  listCredentialsViaPost: (context) => listCredentials(context, context.body.userId),

  deleteCredential(context) {
    const { app, key } = appOf(context);
    const { body, now, state } = context;
    const id = fromBase64Url(text(body.credentialId) ?? '');
    if (!id || id.length === 0) return apiProblem(400, null, 'credentialId must not be null or empty');
    const credentialId = toBase64Url(id);
    const credential = app.credentials.find((stored) => stored.credentialId === credentialId);
    // The server reads the deleted credential's userId for its event without checking it exists.
    if (!credential)
      return serverError(`No credential has the id ${credentialId}; the server throws a NullReferenceException.`);
    app.credentials = app.credentials.filter((stored) => stored !== credential);
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiUserDeleteCredential',
      message: `Deleted credential for user ${credential.userId}`,
      performedBy: 'System',
      subject: credential.userId,
    });
    return emptyResponse(204);
  },

  listUsers(context) {
    const { app } = appOf(context);
    // EfTenantStorage.GetUsers: users with credentials (grouped by userId), then users with only aliases.
    const summaries = new Map<
      string,
      {
        userId: string;
        aliasCount: number;
        aliases: (string | null)[];
        credentialsCount: number;
        lastUsedAt: string | null;
      }
    >();
    const byUser = (userId: string) => {
      let summary = summaries.get(userId);
      if (!summary) {
        summary = { userId, aliasCount: 0, aliases: [], credentialsCount: 0, lastUsedAt: null };
        summaries.set(userId, summary);
      }
      return summary;
    };
    for (const userId of [...new Set(app.credentials.map((c) => c.userId))].sort(ordinal).slice(0, 1000)) {
      const credentials = credentialsOf(app, userId);
      const summary = byUser(userId);
      summary.credentialsCount = credentials.length;
      summary.lastUsedAt =
        credentials
          .map((c) => c.lastUsedAt)
          .sort()
          .at(-1) ?? null;
    }
    for (const userId of [...new Set(app.aliases.map((a) => a.userId))].sort(ordinal).slice(0, 1000)) {
      const aliases = app.aliases.filter((alias) => alias.userId === userId);
      const summary = byUser(userId);
      summary.aliasCount = aliases.length;
      summary.aliases = aliases.map((alias) => alias.plaintext);
    }
    return jsonResponse({ values: [...summaries.values()] });
  },

  countUsers(context) {
    const { app } = appOf(context);
    return jsonResponse({ count: new Set(app.credentials.map((c) => c.userId)).size });
  },

  deleteUser(context) {
    const { app, key } = appOf(context);
    const { body, now, state } = context;
    const userId = String(body.userId);
    app.credentials = app.credentials.filter((credential) => credential.userId !== userId);
    app.aliases = app.aliases.filter((alias) => alias.userId !== userId);
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiUserDeleted',
      message: `Deleted user ${userId}`,
      performedBy: 'System',
      subject: userId,
    });
    // `Results.Ok()` with no value: 200 and an empty body.
    return emptyResponse(200);
  },
};

/** SQLite's default ordering of text (BINARY collation): code unit by code unit. */
const ordinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
