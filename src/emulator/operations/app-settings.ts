// The app's own settings, events and reports as the client API exposes them (api-inventory §3.14–3.17):
// /apps/features patches three features, /events pages the event log (newest first; with logging off the server's
// `Results.Forbid()` finds no scheme to forbid with: its 500), the authenticator allow/block list needs the
// attestation feature, and the periodic reports are what the server's daily job wrote (nothing on a new app).
import { noContent, serverError } from '../handling/answers.js';
import { apiErrors } from '../handling/api-errors.js';
import type { Handlers } from '../handling/operation-types.js';
import type { EventType } from '../state/records.js';

const nilGuid = '00000000-0000-0000-0000-000000000000';

export const appSettingsHandlers: Handlers<
  | 'setAppFeatures'
  | 'listEvents'
  | 'listAuthenticators'
  | 'addAuthenticators'
  | 'removeAuthenticators'
  | 'getCredentialsReport'
  | 'getActiveUsersReport'
> = {
  setAppFeatures({ app, body }) {
    // SetFeaturesRequest as the service receives it: a body that bound to null is its own 400.
    if (body === undefined || body === null) return apiErrors.noBody();
    const tokens = body.enableManuallyGeneratedAuthenticationTokens;
    const magicLinks = body.enableMagicLinks;
    const retention = body.eventLoggingRetentionPeriod;
    app.setFeatures({
      ...(typeof tokens === 'boolean' ? { isGenerateSignInTokenEndpointEnabled: tokens } : {}),
      ...(typeof magicLinks === 'boolean' ? { isMagicLinksEnabled: magicLinks } : {}),
      ...(typeof retention === 'number' ? { eventLoggingRetentionPeriod: retention } : {}),
    });
    // SetFeaturesRequest.PerformedBy defaults to "Api"; the events write "Unknown User" for a null or blank one.
    const performedBy =
      body.performedBy === undefined ? 'Api' : body.performedBy?.trim() ? body.performedBy : 'Unknown User';
    const alert = (eventType: EventType, message: string) =>
      app.events.log({ eventType, message, performedBy, severity: 'Alert' });
    if (tokens === true) alert('AdminGenerateSignInTokenEndpointEnabled', '/signin/generate-token was enabled.');
    if (tokens === false)
      alert('AdminGenerateSignInTokenEndpointDisabled', '/signin/generate-token endpoint was disabled.');
    if (magicLinks === true) alert('AdminMagicLinksEnabled', 'Magic Links feature was enabled.');
    if (magicLinks === false) alert('AdminMagicLinksDisabled', 'Magic Links feature was disabled.');
    return noContent();
  },

  listEvents({ app, query, ok }) {
    if (!app.features.eventLoggingIsEnabled) {
      return serverError(
        `Event logging is off for ${app.appId}; the server's Results.Forbid() then fails (turn it on through the management API).`,
      );
    }
    const page = app.events.page(query.pageNumber, query.numberOfResults ?? 100);
    return ok({
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
      totalEventCount: app.events.count,
    });
  },

  listAuthenticators({ app, query, ok }) {
    if (!app.features.allowAttestation) return apiErrors.attestationOff();
    return ok(app.authenticators.onList(query.isAllowed).map(({ aaGuid, createdAt }) => ({ aaGuid, createdAt })));
  },

  addAuthenticators({ app, key, body }) {
    if (!app.features.allowAttestation) return apiErrors.attestationOff();
    // No metadata service is reachable offline: every AAGUID counts as known except the nil one, which no metadata
    // statement has (a deliberate difference, listed in test/conformance/deliberate-differences.ts).
    if (body.aaGuids.some((guid) => guid.toLowerCase() === nilGuid)) return apiErrors.unknownAuthenticator();
    app.authenticators.add(body.aaGuids, body.isAllowed === true);
    app.events.log(
      {
        eventType: 'ApiAuthenticatorsAllowlisted',
        message: 'Authenticators added to allowlist.',
        performedBy: 'Unknown User',
      },
      key.id,
    );
    return noContent();
  },

  removeAuthenticators({ app, key, body }) {
    if (!app.features.allowAttestation) return apiErrors.attestationOff();
    app.authenticators.remove(body.aaGuids);
    app.events.log(
      {
        eventType: 'ApiAuthenticatorsDelisted',
        message: 'Authenticators removed from allowlist or blocklist.',
        performedBy: 'Unknown User',
      },
      key.id,
    );
    return noContent();
  },

  // The server's daily reporting job has not run for an app the emulator holds: no rows, as on a new server.
  getCredentialsReport: ({ ok }) => ok([]),
  getActiveUsersReport: ({ ok }) => ok([]),
};
