// /magic-links/send as the server's MagicLinkService answers it (api-inventory §3.12): the feature must be on; an app
// younger than 24 hours may only mail its admin addresses; the monthly quota shrinks for young apps (×0.2 under a day,
// ×0.5 under three, ×0.75 under thirty). A sent link is kept (the state's `magicLinks`, newest last) and written to
// the emulator's log, as Firebase's emulator does with its e-mail links, since no e-mail leaves the machine. The seed
// app `test` skips both limits, as in the server's Development settings.
import { logEvent } from '../state/event-log.js';
import { issueToken } from '../tokens/app-tokens.js';
import { databaseDateTime } from '../values/dotnet-formats.js';
import { apiProblem, emptyResponse } from '../wire/problems.js';
import { verifiedUser } from './ceremony-values.js';
import { appOf, type OperationHandler, text } from './operation-context.js';

const newAccountTimeoutMs = 24 * 3_600_000;
const dayMs = 86_400_000;

const ageOf = (createdAt: string, now: number): number => now - Date.parse(`${createdAt}Z`);

export const magicLinkHandlers: Record<string, OperationHandler> = {
  async sendMagicLink(context) {
    const { app, key } = appOf(context);
    const { body, now, state } = context;
    if (!app.features.isMagicLinksEnabled) {
      return {
        ...apiProblem(403, null, 'You must enable Magic Links in settings in order to use this feature.'),
        reason: `Magic links are off for ${app.appId} (POST /apps/features with enableMagicLinks: true).`,
      };
    }
    const emailAddress = String(body.emailAddress);
    const age = ageOf(app.createdAt, now);
    const bypass = app.overrides.isMagicLinkQuotaBypassEnabled;
    if (
      !bypass &&
      age < newAccountTimeoutMs &&
      !app.adminEmails.some((admin) => admin.toLowerCase() === emailAddress.toLowerCase())
    ) {
      return {
        ...apiProblem(
          403,
          'magic_link_email_admin_address_only',
          'Because your application has been created less than 24 hours ago, you can only request magic links to the admin email address.',
        ),
        reason: `The app ${app.appId} is younger than 24 hours; its admin addresses are ${app.adminEmails.join(', ') || 'none'}.`,
      };
    }
    const modifier = age < dayMs ? 0.2 : age < 3 * dayMs ? 0.5 : age < 30 * dayMs ? 0.75 : 1;
    const quota = Math.trunc(app.features.magicLinkEmailMonthlyQuota * modifier);
    const sentIn30Days = app.magicLinks.filter((link) => now - Date.parse(`${link.sentAt}Z`) <= 30 * dayMs).length;
    if (!bypass && sentIn30Days >= quota) {
      return {
        ...apiProblem(
          429,
          'magic_link_email_quota_exceeded',
          'You have reached your monthly quota for magic link emails. Please try again later.',
        ),
        reason: `${sentIn30Days} magic links sent in 30 days; the quota is ${quota} (${app.features.magicLinkEmailMonthlyQuota} × ${modifier} for the app's age).`,
      };
    }
    const userId = String(body.userId);
    const lifetime = (typeof body.timeToLive === 'number' ? body.timeToLive : 3600) * 1000;
    const user = verifiedUser(now, lifetime, {
      userId,
      rpId: null,
      origin: null,
      device: null,
      country: null,
      nickname: null,
      credentialId: null,
      purpose: null,
      type: 'magic_link',
    });
    const token = await issueToken(app, 'verify_', { kind: 'verify', ...user });
    // The server replaces `$TOKEN` exactly: `$token` passes validation (which ignores case) and stays as it is.
    const replaced = String(text(body.urlTemplate)).replace('$TOKEN', token);
    // `new Uri(…).ToString()` writes the link in canonical form, as the URL parser does (`https://h?x` → `https://h/?x`).
    const link = URL.canParse(replaced) ? new URL(replaced).href : replaced;
    app.magicLinks.push({ sentAt: databaseDateTime(now), emailAddress, userId, link });
    if (app.magicLinks.length > state.limits.magicLinksPerApp)
      app.magicLinks.splice(0, app.magicLinks.length - state.limits.magicLinksPerApp);
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiUserMagicLinkCreated',
      message: `Created signin token for ${userId}`,
      performedBy: userId,
    });
    return emptyResponse(204, `Magic link for ${emailAddress}: ${link}`);
  },
};
