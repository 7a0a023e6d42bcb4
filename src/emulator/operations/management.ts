// The ManagementKey operations as the server's Apps and MetaDataService endpoints answer them (api-inventory §4):
// apps are created with two public and two secret keys, keys are listed (secrets masked), locked, unlocked and
// deleted, freezing locks every key, and deletion deletes at once an app that is young or has no credentials, else
// locks its keys and schedules it a month ahead. A deleted app leaves its authentication configurations behind, as on
// the server, and an app created again under its id finds them. What a key of a locked, frozen or deleted app then
// gets is decided by authentication (auth/authenticate.ts): the server's 401.
import { noContent, serverError } from '../handling/answers.js';
import { apiErrors } from '../handling/api-errors.js';
import type { Handlers, OperationContext } from '../handling/operation-types.js';
import { appIdOfKey, generateKeyValue, keyRecord, publicKeyScopes, secretKeyScopes } from '../state/app-keys.js';
import type { AppState } from '../state/app-state.js';
import { type EmulatorState, newAppFeatures } from '../state/emulator-state.js';
import type { NewEvent } from '../state/event-log.js';
import type { KeyKind, ScopeName } from '../state/records.js';
import { databaseDateTime, utcDateTime } from '../values/dotnet-formats.js';

const dayMs = 86_400_000;

/** Management events go to the target app's log, with no key id (the ManagementKey is not an app key). */
const logTo = (app: AppState | undefined, event: NewEvent) => app?.events.log(event);

/** `DateTime.ToString()` on a server whose culture is invariant: `MM/dd/yyyy HH:mm:ss`. */
function invariantDateTime(instant: number): string {
  const date = new Date(instant);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())}/${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

function canDeleteImmediately(app: AppState, now: number): boolean {
  return now - Date.parse(`${app.createdAt}Z`) < 3 * dayMs || app.users.credentialCount === 0;
}

const deletionResult = (app: AppState, message: string, isDeleted: boolean, deleteAt: number) => ({
  message,
  isDeleted,
  deleteAt: utcDateTime(deleteAt),
  adminEmails: [...app.adminEmails],
});

/** A key value whose last four characters no key of the app has yet (the server's key id would collide: its 500). */
function freshKeyValue(app: AppState | undefined, appId: string, kind: KeyKind): string {
  for (;;) {
    const value = generateKeyValue(appId, kind);
    if (!app?.keys.hasId(value.slice(-4))) return value;
  }
}

async function createKey(
  { state, path, body, now, ok }: OperationContext<'createPublicKey' | 'createSecretKey'>,
  kind: KeyKind,
  names: readonly ScopeName[],
) {
  const app = state.app(path.appId);
  const requested: readonly number[] | null | undefined = body.scopes;
  if (!requested || requested.length === 0) return apiErrors.scopesRequired();
  const scopes = [...new Set(requested)].map((number) => names[number]);
  if (!scopes.every((scope): scope is ScopeName => scope !== undefined)) {
    return serverError(
      `A scope number is not one of ${names.map((name, index) => `${index} (${name})`).join(', ')}; the server cannot name it.`,
    );
  }
  const value = freshKeyValue(app, path.appId, kind);
  if (!app) {
    return ok(
      { apiKey: value },
      { reason: `No app has the id ${path.appId}: the server makes the key anyway, but nothing can use it.` },
    );
  }
  app.keys.add(await keyRecord(value, kind, scopes, now));
  logTo(app, {
    eventType: 'AdminApiKeyCreated',
    message: `Created Api Key ${value.slice(-4)}`,
    performedBy: 'Unknown User',
  });
  return ok({ apiKey: value });
}

/** Locks, unlocks or deletes one key of the app, logging it; the server's 404 when the app or the key is unknown. */
function changeKey(
  { state, path }: { state: EmulatorState; path: { appId: string; apiKeyId: string } },
  change: (app: AppState, id: string) => boolean,
  event: NewEvent,
) {
  const app = state.app(path.appId);
  if (!app || !change(app, path.apiKeyId)) return apiErrors.apiKeyNotFound();
  logTo(app, event);
  return noContent();
}

export const managementHandlers: Handlers<
  | 'checkAppIdAvailability'
  | 'createApp'
  | 'getAppFeatures'
  | 'replaceAppFeatures'
  | 'freezeApp'
  | 'unfreezeApp'
  | 'createPublicKey'
  | 'createSecretKey'
  | 'listApiKeys'
  | 'lockApiKey'
  | 'unlockApiKey'
  | 'deleteApiKey'
  | 'checkAppImmediateDeletion'
  | 'markAppForDeletion'
  | 'cancelAppDeletion'
  | 'deleteApp'
  | 'listAppsPendingDeletion'
  | 'listAttestationTypes'
  | 'listCertificationStatuses'
  | 'listMetadataEntries'
> = {
  checkAppIdAvailability: ({ state, path, ok }) => ok({ available: !state.app(path.appId) }),

  async createApp({ state, path, body, ok }) {
    const { appId } = path;
    if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(appId)) return apiErrors.invalidAppId();
    if (state.app(appId)) return apiErrors.appIdTaken(appId);
    const values = { public: [] as string[], secret: [] as string[] };
    const taken = (value: string) =>
      [...values.public, ...values.secret].some((other) => other.slice(-4) === value.slice(-4));
    for (const kind of ['public', 'public', 'secret', 'secret'] as const) {
      let value = generateKeyValue(appId, kind);
      while (taken(value)) value = generateKeyValue(appId, kind);
      values[kind].push(value);
    }
    await state.createApp({
      appId,
      publicKeys: values.public,
      secretKeys: values.secret,
      adminEmails: [body.adminEmail ?? ''],
      features: {
        eventLoggingIsEnabled: body.eventLoggingIsEnabled === true,
        eventLoggingRetentionPeriod: body.eventLoggingRetentionPeriod ?? 365,
        magicLinkEmailMonthlyQuota: body.magicLinkEmailMonthlyQuota ?? 0,
        maxUsers: body.maxUsers ?? null,
        allowAttestation: body.allowAttestation === true,
      },
    });
    // The server logs `<appId> created.` before the app exists, so its own log never keeps it.
    const [apiKey1 = '', apiKey2 = ''] = values.public;
    const [apiSecret1 = '', apiSecret2 = ''] = values.secret;
    return ok({
      message: 'Store keys safely. They will only be shown to you once.',
      apiKey1,
      apiKey2,
      apiSecret1,
      apiSecret2,
    });
  },

  getAppFeatures({ state, path, headers, ok }) {
    // The server reads the features of the app an ApiKey or ApiSecret header names, if any, else the path's.
    const keyed = headers.apikey ?? headers.apisecret;
    const app = (keyed ? state.app(appIdOfKey(keyed)) : undefined) ?? state.app(path.appId);
    const features = app?.features ?? { ...newAppFeatures, eventLoggingRetentionPeriod: 0 };
    return ok({
      eventLoggingIsEnabled: features.eventLoggingIsEnabled,
      eventLoggingRetentionPeriod: features.eventLoggingRetentionPeriod,
      developerLoggingEndsAt: features.developerLoggingEndsAt,
      maxUsers: features.maxUsers,
      allowAttestation: features.allowAttestation,
      isGenerateSignInTokenEndpointEnabled: features.isGenerateSignInTokenEndpointEnabled,
      isMagicLinksEnabled: features.isMagicLinksEnabled,
    });
  },

  replaceAppFeatures({ state, path, body }) {
    const app = state.app(path.appId);
    if (!app) return serverError(`No app has the id ${path.appId}: the server finds no features to write.`);
    app.setFeatures({
      eventLoggingIsEnabled: body.eventLoggingIsEnabled === true,
      eventLoggingRetentionPeriod: body.eventLoggingRetentionPeriod ?? 0,
      magicLinkEmailMonthlyQuota: body.magicLinkEmailMonthlyQuota ?? 0,
      maxUsers: body.maxUsers ?? null,
      allowAttestation: body.allowAttestation === true,
    });
    return noContent();
  },

  freezeApp({ state, path }) {
    const app = state.app(path.appId);
    app?.keys.setAllLocked(true);
    logTo(app, {
      eventType: 'ApiManagementAppFrozen',
      message: 'Application frozen.',
      performedBy: 'System',
      severity: 'Alert',
    });
    return noContent();
  },

  unfreezeApp({ state, path }) {
    const app = state.app(path.appId);
    app?.unlock();
    logTo(app, {
      eventType: 'ApiManagementAppUnfrozen',
      message: 'Application unfrozen.',
      performedBy: 'System',
      severity: 'Alert',
    });
    return noContent();
  },

  createPublicKey: (context) => createKey(context, 'public', publicKeyScopes),
  createSecretKey: (context) => createKey(context, 'secret', secretKeyScopes),

  listApiKeys({ state, path, ok }) {
    const app = state.app(path.appId);
    if (!app) return ok([]);
    logTo(app, { eventType: 'AdminApiKeysEnumerated', message: 'Api keys enumerated', performedBy: 'Unknown User' });
    return ok(
      app.keys.inIdOrder().map((key) => ({
        id: key.id,
        createdAt: key.createdAt,
        apiKey: app.keys.displayed(key),
        type: key.kind === 'public' ? 1 : 2,
        scopes: [...key.scopes].sort(),
        isLocked: key.isLocked,
        lastLockedAt: key.lastLockedAt,
      })),
    );
  },

  lockApiKey: (context) =>
    changeKey(context, (app, id) => app.keys.setLocked(id, true), {
      eventType: 'AdminApiKeyLocked',
      message: `Locked Api Key ${context.path.apiKeyId}`,
      performedBy: 'Unknown User',
    }),

  unlockApiKey: (context) =>
    changeKey(context, (app, id) => app.keys.setLocked(id, false), {
      eventType: 'AdminApiKeyUnlocked',
      message: `Unlocked Api Key ${context.path.apiKeyId}`,
      performedBy: 'Unknown User',
    }),

  deleteApiKey: (context) =>
    changeKey(context, (app, id) => app.keys.delete(id), {
      eventType: 'AdminApiKeyDeleted',
      message: `Deleted Api Key ${context.path.apiKeyId}`,
      performedBy: 'Unknown User',
    }),

  checkAppImmediateDeletion({ state, path, now, ok }) {
    const app = state.app(path.appId);
    return app ? ok(canDeleteImmediately(app, now)) : apiErrors.appNotFound();
  },

  markAppForDeletion({ state, path, body, now, ok }) {
    const app = state.app(path.appId);
    if (!app) return apiErrors.appNotFound();
    if (app.deletion) return apiErrors.appPendingDeletion();
    if (canDeleteImmediately(app, now)) {
      state.removeApp(app.appId);
      return ok(deletionResult(app, `The app '${app.appId}' was deleted.`, true, now));
    }
    const deleteAt = new Date(now);
    deleteAt.setUTCMonth(deleteAt.getUTCMonth() + 1);
    const deletedBy = body.deletedBy ?? '';
    app.scheduleDeletion({ deletedBy, deleteAt: databaseDateTime(deleteAt.getTime()) });
    logTo(app, {
      eventType: 'ApiManagementAppMarkedForDeletion',
      message: 'Application was marked for deletion.',
      performedBy: deletedBy,
    });
    return ok(
      deletionResult(
        app,
        `The app '${app.appId}' will be deleted at '${invariantDateTime(deleteAt.getTime())}'.`,
        false,
        deleteAt.getTime(),
      ),
    );
  },

  cancelAppDeletion({ state, path, ok }) {
    const app = state.app(path.appId);
    app?.unlock();
    logTo(app, {
      eventType: 'ApiManagementAppDeletionCancelled',
      message: 'Application deletion was cancelled.',
      performedBy: 'System',
    });
    return ok({ message: 'Your account will not be deleted since the process was aborted with the cancellation link' });
  },

  deleteApp({ state, path, now, ok }) {
    const app = state.app(path.appId);
    if (!app) return apiErrors.appNotFound();
    if (!app.deletion) return apiErrors.appNotPendingDeletion();
    if (Date.parse(`${app.deletion.deleteAt}Z`) > now) return apiErrors.appNotDeletableYet();
    state.removeApp(app.appId);
    return ok(deletionResult(app, `The app '${app.appId}' was deleted.`, true, now));
  },

  listAppsPendingDeletion: ({ state, now, ok }) =>
    ok(
      state
        .allApps()
        .filter((app) => app.deletion && Date.parse(`${app.deletion.deleteAt}Z`) <= now)
        .map((app) => app.appId),
    ),

  // The FIDO Metadata Service blob cannot be fetched offline: the server then fails, as the recorded one did.
  listAttestationTypes: () => serverError('The FIDO Metadata Service cannot be reached offline.'),
  listCertificationStatuses: () => serverError('The FIDO Metadata Service cannot be reached offline.'),
  listMetadataEntries: () => serverError('The FIDO Metadata Service cannot be reached offline.'),
};
