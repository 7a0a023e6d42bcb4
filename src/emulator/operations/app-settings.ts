// The app's own settings, events and reports as the client API exposes them (api-inventory §3.14–3.17):
// /apps/features patches three features, /events pages the event log (newest first; with logging off the server's
// `Results.Forbid()` finds no scheme to forbid with: its 500), the authenticator allow/block list needs the
// attestation feature, and the periodic reports are what the server's daily job wrote (nothing on a new app).
import { logEvent } from '../state/event-log.js';
import { databaseDateTime } from '../values/dotnet-formats.js';
import { apiProblem, emptyResponse, jsonResponse, serverError } from '../wire/problems.js';
import { appOf, type OperationHandler, strings, text } from './operation-context.js';

const attestationOff = () =>
  apiProblem(403, 'attestation_not_supported_on_plan', 'Attestation is not supported on your plan.');
const nilGuid = '00000000-0000-0000-0000-000000000000';

export const appSettingsHandlers: Record<string, OperationHandler> = {
  setAppFeatures(context) {
    const { app } = appOf(context);
    const { body, now, state, hasBody } = context;
    if (!hasBody) return apiProblem(400, null, "No 'body' or 'parameters' were passed.");
    const features = app.features;
    if (typeof body.enableManuallyGeneratedAuthenticationTokens === 'boolean') {
      features.isGenerateSignInTokenEndpointEnabled = body.enableManuallyGeneratedAuthenticationTokens;
    }
    if (typeof body.enableMagicLinks === 'boolean') features.isMagicLinksEnabled = body.enableMagicLinks;
    if (typeof body.eventLoggingRetentionPeriod === 'number')
      features.eventLoggingRetentionPeriod = body.eventLoggingRetentionPeriod;
    // SetFeaturesRequest.PerformedBy defaults to "Api"; the events write "Unknown User" for a null or blank one.
    const performedBy =
      body.performedBy === undefined
        ? 'Api'
        : text(body.performedBy)?.trim()
          ? String(body.performedBy)
          : 'Unknown User';
    const alert = (eventType: string, message: string) =>
      logEvent(app, undefined, now, state.limits.eventsPerApp, { eventType, message, performedBy, severity: 'Alert' });
    if (body.enableManuallyGeneratedAuthenticationTokens === true)
      alert('AdminGenerateSignInTokenEndpointEnabled', '/signin/generate-token was enabled.');
    if (body.enableManuallyGeneratedAuthenticationTokens === false)
      alert('AdminGenerateSignInTokenEndpointDisabled', '/signin/generate-token endpoint was disabled.');
    if (body.enableMagicLinks === true) alert('AdminMagicLinksEnabled', 'Magic Links feature was enabled.');
    if (body.enableMagicLinks === false) alert('AdminMagicLinksDisabled', 'Magic Links feature was disabled.');
    return emptyResponse(204);
  },

  listEvents(context) {
    const { app } = appOf(context);
    if (!app.features.eventLoggingIsEnabled) {
      return serverError(
        `Event logging is off for ${app.appId}; the server's Results.Forbid() then fails (turn it on through the management API).`,
      );
    }
    const pageNumber = context.query.pageNumber as number;
    const numberOfResults = (context.query.numberOfResults as number | undefined) ?? 100;
    const newestFirst = [...app.events].reverse();
    const page = newestFirst.slice(numberOfResults * (pageNumber - 1), numberOfResults * pageNumber);
    return jsonResponse({
      tenantId: app.appId,
      events: page.map((event) => ({
        performedAt: event.performedAt,
        message: event.message,
        performedBy: event.performedBy,
        tenantId: app.appId,
        eventType: event.eventType,
        severity: event.severity,
        subject: event.subject,
        apiKeyId: event.apiKeyId,
      })),
      totalEventCount: app.events.length,
    });
  },

  listAuthenticators(context) {
    const { app } = appOf(context);
    if (!app.features.allowAttestation) return attestationOff();
    const isAllowed = context.query.isAllowed as boolean;
    return jsonResponse(
      app.authenticators
        .filter((authenticator) => authenticator.isAllowed === isAllowed)
        .map(({ aaGuid, createdAt }) => ({ aaGuid, createdAt })),
    );
  },

  addAuthenticators(context) {
    const { app, key } = appOf(context);
    const { body, now, state } = context;
    if (!app.features.allowAttestation) return attestationOff();
    const aaGuids = strings(body.aaGuids).map((guid) => guid.toLowerCase());
    // No metadata service is reachable offline: every AAGUID counts as known except the nil one, which no metadata
    // statement has (a deliberate difference, listed in test/conformance/deliberate-differences.ts).
    if (aaGuids.includes(nilGuid))
      return apiProblem(400, null, 'One or more authenticators do not exist in the FIDO2 MDS.');
    const isAllowed = body.isAllowed === true;
    for (const aaGuid of new Set(aaGuids)) {
      const existing = app.authenticators.find((authenticator) => authenticator.aaGuid === aaGuid);
      if (existing) existing.isAllowed = isAllowed;
      else app.authenticators.push({ aaGuid, isAllowed, createdAt: databaseDateTime(now) });
    }
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiAuthenticatorsAllowlisted',
      message: 'Authenticators added to allowlist.',
      performedBy: 'Unknown User',
    });
    return emptyResponse(204);
  },

  removeAuthenticators(context) {
    const { app, key } = appOf(context);
    const { body, now, state } = context;
    if (!app.features.allowAttestation) return attestationOff();
    const aaGuids = new Set(strings(body.aaGuids).map((guid) => guid.toLowerCase()));
    app.authenticators = app.authenticators.filter((authenticator) => !aaGuids.has(authenticator.aaGuid));
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiAuthenticatorsDelisted',
      message: 'Authenticators removed from allowlist or blocklist.',
      performedBy: 'Unknown User',
    });
    return emptyResponse(204);
  },

  // The server's daily reporting job has not run for an app the emulator holds: no rows, as on a new server.
  getCredentialsReport: () => jsonResponse([]),
  getActiveUsersReport: () => jsonResponse([]),
};
