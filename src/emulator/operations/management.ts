// The ManagementKey operations as the server's Apps and MetaDataService endpoints answer them (api-inventory §4):
// apps are created with two public and two secret keys, keys are listed (secrets masked), locked, unlocked and
// deleted, freezing locks every key, and deletion deletes at once an app that is young or has no credentials, else
// locks its keys and schedules it a month ahead. What a key of a locked, frozen or deleted app then gets is decided
// by authentication (auth/authenticate.ts): the server's 401.
import {
  appIdOfKey,
  displayedKey,
  generateKeyValue,
  keyRecord,
  publicKeyScopes,
  secretKeyScopes,
} from '../state/app-keys.js';
import { createAppRecord, newAppFeatures } from '../state/emulator-state.js';
import { logEvent, type NewEvent } from '../state/event-log.js';
import type { AppRecord, KeyKind } from '../state/records.js';
import { databaseDateTime, utcDateTime } from '../values/dotnet-formats.js';
import { apiProblem, emptyResponse, jsonResponse, serverError } from '../wire/problems.js';
import type { OperationContext, OperationHandler } from './operation-context.js';
import { text } from './operation-context.js';

const dayMs = 86_400_000;

const appIdOf = (context: OperationContext): string => String(context.path.appId);
const targetApp = (context: OperationContext): AppRecord | undefined => context.state.app(appIdOf(context));

/** Management events go to the target app's log, with no key id (the ManagementKey is not an app key). */
function logToApp(context: OperationContext, app: AppRecord | undefined, event: NewEvent) {
  if (app) logEvent(app, undefined, context.now, context.state.limits.eventsPerApp, event);
}

function lockAll(app: AppRecord, locked: boolean, now: number) {
  for (const key of app.keys) {
    key.isLocked = locked;
    if (locked) key.lastLockedAt = databaseDateTime(now);
  }
}

/** `DateTime.ToString()` on a server whose culture is invariant: `MM/dd/yyyy HH:mm:ss`. */
function invariantDateTime(instant: number): string {
  const date = new Date(instant);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())}/${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

const appNotFound = () => apiProblem(400, 'app_not_found', 'App was not found.');
const keyNotFound = () => apiProblem(404, 'api_key_not_found', 'Apikey was not found');

function canDeleteImmediately(app: AppRecord, now: number): boolean {
  return now - Date.parse(`${app.createdAt}Z`) < 3 * dayMs || app.credentials.length === 0;
}

function deletionResult(app: AppRecord, message: string, isDeleted: boolean, deleteAt: number) {
  return jsonResponse({ message, isDeleted, deleteAt: utcDateTime(deleteAt), adminEmails: app.adminEmails });
}

/** A key value whose last four characters no key of the app has yet (the server's key id would collide: its 500). */
function freshKeyValue(app: AppRecord | undefined, appId: string, kind: KeyKind): string {
  for (;;) {
    const value = generateKeyValue(appId, kind);
    if (!app?.keys.some((key) => key.id === value.slice(-4))) return value;
  }
}

async function createKey(context: OperationContext, kind: KeyKind, names: readonly string[]) {
  const app = targetApp(context);
  const requested = context.body.scopes;
  if (!Array.isArray(requested) || requested.length === 0) {
    return apiProblem(400, 'create_api_key_scopes_required', 'Please select at least one scope.');
  }
  const scopes = [...new Set(requested as number[])].map((number) => names[number]);
  if (scopes.some((scope) => scope === undefined)) {
    return serverError(
      `A scope number is not one of ${names.map((name, index) => `${index} (${name})`).join(', ')}; the server cannot name it.`,
    );
  }
  const value = freshKeyValue(app, appIdOf(context), kind);
  if (!app)
    return {
      ...jsonResponse({ apiKey: value }),
      reason: `No app has the id ${appIdOf(context)}: the server makes the key anyway, but nothing can use it.`,
    };
  app.keys.push(await keyRecord(value, kind, scopes as string[], context.now));
  logToApp(context, app, {
    eventType: 'AdminApiKeyCreated',
    message: `Created Api Key ${value.slice(-4)}`,
    performedBy: 'Unknown User',
  });
  return jsonResponse({ apiKey: value });
}

function changeKey(context: OperationContext, change: (app: AppRecord, index: number) => NewEvent) {
  const app = targetApp(context);
  const apiKeyId = String(context.path.apiKeyId);
  const index = app?.keys.findIndex((key) => key.id === apiKeyId) ?? -1;
  if (!app || index === -1) return keyNotFound();
  logToApp(context, app, change(app, index));
  return emptyResponse(204);
}

export const managementHandlers: Record<string, OperationHandler> = {
  checkAppIdAvailability: (context) => jsonResponse({ available: !targetApp(context) }),

  async createApp(context) {
    const appId = appIdOf(context);
    const { body, state, now } = context;
    if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(appId))
      return apiProblem(400, null, 'accountName needs to be alphanumeric and start with a letter');
    if (state.app(appId)) return apiProblem(409, null, `accountName '${appId}' is not available`);
    const values = { public: [] as string[], secret: [] as string[] };
    const taken = (value: string) =>
      [...values.public, ...values.secret].some((other) => other.slice(-4) === value.slice(-4));
    for (const kind of ['public', 'public', 'secret', 'secret'] as const) {
      let value = generateKeyValue(appId, kind);
      while (taken(value)) value = generateKeyValue(appId, kind);
      values[kind].push(value);
    }
    const app = await createAppRecord(
      {
        appId,
        publicKeys: values.public,
        secretKeys: values.secret,
        adminEmails: [text(body.adminEmail) ?? ''],
        features: {
          eventLoggingIsEnabled: body.eventLoggingIsEnabled === true,
          eventLoggingRetentionPeriod:
            typeof body.eventLoggingRetentionPeriod === 'number' ? body.eventLoggingRetentionPeriod : 365,
          magicLinkEmailMonthlyQuota:
            typeof body.magicLinkEmailMonthlyQuota === 'number' ? body.magicLinkEmailMonthlyQuota : 0,
          maxUsers: typeof body.maxUsers === 'number' ? body.maxUsers : null,
          allowAttestation: body.allowAttestation === true,
        },
      },
      now,
    );
    state.add(app);
    // The server logs `<appId> created.` before the app exists, so its own log never keeps it.
    return jsonResponse({
      message: 'Store keys safely. They will only be shown to you once.',
      apiKey1: values.public[0],
      apiKey2: values.public[1],
      apiSecret1: values.secret[0],
      apiSecret2: values.secret[1],
    });
  },

  getAppFeatures(context) {
    // The server reads the features of the app an ApiKey or ApiSecret header names, if any, else the path's.
    const keyed = context.headers.apikey ?? context.headers.apisecret;
    const app = (keyed ? context.state.app(appIdOfKey(keyed)) : undefined) ?? targetApp(context);
    const features = app?.features ?? { ...newAppFeatures, eventLoggingRetentionPeriod: 0 };
    return jsonResponse({
      eventLoggingIsEnabled: features.eventLoggingIsEnabled,
      eventLoggingRetentionPeriod: features.eventLoggingRetentionPeriod,
      developerLoggingEndsAt: features.developerLoggingEndsAt,
      maxUsers: features.maxUsers,
      allowAttestation: features.allowAttestation,
      isGenerateSignInTokenEndpointEnabled: features.isGenerateSignInTokenEndpointEnabled,
      isMagicLinksEnabled: features.isMagicLinksEnabled,
    });
  },

  replaceAppFeatures(context) {
    const app = targetApp(context);
    const { body } = context;
    if (!app) return serverError(`No app has the id ${appIdOf(context)}: the server finds no features to write.`);
    app.features.eventLoggingIsEnabled = body.eventLoggingIsEnabled === true;
    app.features.eventLoggingRetentionPeriod =
      typeof body.eventLoggingRetentionPeriod === 'number' ? body.eventLoggingRetentionPeriod : 0;
    app.features.magicLinkEmailMonthlyQuota =
      typeof body.magicLinkEmailMonthlyQuota === 'number' ? body.magicLinkEmailMonthlyQuota : 0;
    app.features.maxUsers = typeof body.maxUsers === 'number' ? body.maxUsers : null;
    app.features.allowAttestation = body.allowAttestation === true;
    return emptyResponse(204);
  },

  freezeApp(context) {
    const app = targetApp(context);
    if (app) lockAll(app, true, context.now);
    logToApp(context, app, {
      eventType: 'ApiManagementAppFrozen',
      message: 'Application frozen.',
      performedBy: 'System',
      severity: 'Alert',
    });
    return emptyResponse(204);
  },

  unfreezeApp(context) {
    const app = targetApp(context);
    if (app) {
      lockAll(app, false, context.now);
      app.deletion = null;
    }
    logToApp(context, app, {
      eventType: 'ApiManagementAppUnfrozen',
      message: 'Application unfrozen.',
      performedBy: 'System',
      severity: 'Alert',
    });
    return emptyResponse(204);
  },

  createPublicKey: (context) => createKey(context, 'public', publicKeyScopes),
  createSecretKey: (context) => createKey(context, 'secret', secretKeyScopes),

  listApiKeys(context) {
    const app = targetApp(context);
    if (!app) return jsonResponse([]);
    logToApp(context, app, {
      eventType: 'AdminApiKeysEnumerated',
      message: 'Api keys enumerated',
      performedBy: 'Unknown User',
    });
    const keys = [...app.keys].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return jsonResponse(
      keys.map((key) => ({
        id: key.id,
        createdAt: key.createdAt,
        apiKey: displayedKey(app, key),
        type: key.kind === 'public' ? 1 : 2,
        scopes: [...key.scopes].sort(),
        isLocked: key.isLocked,
        lastLockedAt: key.lastLockedAt,
      })),
    );
  },

  lockApiKey: (context) =>
    changeKey(context, (app, index) => {
      app.keys[index]!.isLocked = true;
      app.keys[index]!.lastLockedAt = databaseDateTime(context.now);
      return {
        eventType: 'AdminApiKeyLocked',
        message: `Locked Api Key ${app.keys[index]!.id}`,
        performedBy: 'Unknown User',
      };
    }),

  unlockApiKey: (context) =>
    changeKey(context, (app, index) => {
      app.keys[index]!.isLocked = false;
      return {
        eventType: 'AdminApiKeyUnlocked',
        message: `Unlocked Api Key ${app.keys[index]!.id}`,
        performedBy: 'Unknown User',
      };
    }),

  deleteApiKey: (context) =>
    changeKey(context, (app, index) => {
      const [deleted] = app.keys.splice(index, 1);
      return {
        eventType: 'AdminApiKeyDeleted',
        message: `Deleted Api Key ${deleted!.id}`,
        performedBy: 'Unknown User',
      };
    }),

  checkAppImmediateDeletion(context) {
    const app = targetApp(context);
    return app ? jsonResponse(canDeleteImmediately(app, context.now)) : appNotFound();
  },

  markAppForDeletion(context) {
    const app = targetApp(context);
    const { now, state } = context;
    if (!app) return appNotFound();
    if (app.deletion) return apiProblem(400, 'app_pending_deletion', 'App is already pending to be deleted.');
    if (canDeleteImmediately(app, now)) {
      state.remove(app.appId);
      return deletionResult(app, `The app '${app.appId}' was deleted.`, true, now);
    }
    lockAll(app, true, now);
    const deleteAt = new Date(now);
    deleteAt.setUTCMonth(deleteAt.getUTCMonth() + 1);
    app.deletion = { deletedBy: String(context.body.deletedBy ?? ''), deleteAt: databaseDateTime(deleteAt.getTime()) };
    logToApp(context, app, {
      eventType: 'ApiManagementAppMarkedForDeletion',
      message: 'Application was marked for deletion.',
      performedBy: app.deletion.deletedBy,
    });
    return deletionResult(
      app,
      `The app '${app.appId}' will be deleted at '${invariantDateTime(deleteAt.getTime())}'.`,
      false,
      deleteAt.getTime(),
    );
  },

  cancelAppDeletion(context) {
    const app = targetApp(context);
    if (app) {
      lockAll(app, false, context.now);
      app.deletion = null;
    }
    logToApp(context, app, {
      eventType: 'ApiManagementAppDeletionCancelled',
      message: 'Application deletion was cancelled.',
      performedBy: 'System',
    });
    return jsonResponse({
      message: 'Your account will not be deleted since the process was aborted with the cancellation link',
    });
  },

  deleteApp(context) {
    const app = targetApp(context);
    const { now, state } = context;
    if (!app) return appNotFound();
    if (!app.deletion) return apiProblem(400, 'app_not_pending_deletion', 'App was not scheduled for deletion.');
    if (Date.parse(`${app.deletion.deleteAt}Z`) > now)
      return apiProblem(400, 'app_not_pending_deletion', 'App cannot be deleted yet.');
    state.remove(app.appId);
    return deletionResult(app, `The app '${app.appId}' was deleted.`, true, now);
  },

  listAppsPendingDeletion: ({ state, now }) =>
    jsonResponse(
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
