// /magic-links/send as the server's MagicLinkService answers it (api-inventory §3.12): the feature must be on; an app
// younger than 24 hours may only mail its admin addresses; the monthly quota shrinks for young apps (×0.2 under a day,
// ×0.5 under three, ×0.75 under thirty). A sent link is kept (the state's `magicLinks`, newest last) and written to
// the emulator's log, as Firebase's emulator does with its e-mail links, since no e-mail leaves the machine. The seed
// app `test` skips both limits, as in the server's Development settings.
import { verifiedUser } from '../ceremony/ceremony-values.js';
import { noContent } from '../handling/answers.js';
import { apiErrors } from '../handling/api-errors.js';
import type { Handlers } from '../handling/operation-types.js';
import { issueToken } from '../tokens/app-tokens.js';

const newAccountTimeoutMs = 24 * 3_600_000;
const dayMs = 86_400_000;

export const magicLinkHandlers: Handlers<'sendMagicLink'> = {
  async sendMagicLink({ app, key, body, now }) {
    if (!app.features.isMagicLinksEnabled) return apiErrors.magicLinksDisabled(app.appId);
    const { emailAddress, userId } = body;
    const age = now - Date.parse(`${app.createdAt}Z`);
    const bypass = app.overrides.isMagicLinkQuotaBypassEnabled;
    if (
      !bypass &&
      age < newAccountTimeoutMs &&
      !app.adminEmails.some((admin) => admin.toLowerCase() === emailAddress.toLowerCase())
    ) {
      return apiErrors.magicLinksToAdminsOnly(
        `The app ${app.appId} is younger than 24 hours; its admin addresses are ${app.adminEmails.join(', ') || 'none'}.`,
      );
    }
    const modifier = age < dayMs ? 0.2 : age < 3 * dayMs ? 0.5 : age < 30 * dayMs ? 0.75 : 1;
    const monthlyQuota = app.features.magicLinkEmailMonthlyQuota;
    const quota = Math.trunc(monthlyQuota * modifier);
    // Counted up to one past the quota: enough to tell "at the quota" from "over it" (a quota lowered since).
    const sentIn30Days = bypass ? 0 : app.magicLinks.sentWithin(30 * dayMs, quota + 1);
    if (!bypass && sentIn30Days >= quota) {
      const sent = sentIn30Days > quota ? `More than ${quota}` : String(sentIn30Days);
      return apiErrors.magicLinkQuotaExceeded(
        `${sent} magic links sent in 30 days; the quota is ${quota} (${monthlyQuota} × ${modifier} for the app's age).`,
      );
    }
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
    const replaced = body.urlTemplate.replace('$TOKEN', token);
    // `new Uri(…).ToString()` writes the link in canonical form, as the URL parser does (`https://h?x` → `https://h/?x`).
    const link = URL.canParse(replaced) ? new URL(replaced).href : replaced;
    app.magicLinks.record({ emailAddress, userId, link, expiresAt: user.expiresAt });
    app.events.log(
      { eventType: 'ApiUserMagicLinkCreated', message: `Created signin token for ${userId}`, performedBy: userId },
      key.id,
    );
    return noContent(`Magic link for ${emailAddress}: ${link}`);
  },
};
