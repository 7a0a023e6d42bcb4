// Authentication configurations as the server's AuthenticationConfigurationService keeps them (api-inventory §3.13):
// the list shows the stored ones, then the `step-up` and `sign-in` presets when they are not stored; adding an existing
// purpose (a preset included) is a 400, editing an unknown one a 404 problem, deleting an unknown one a 404 with no
// body, and the presets cannot be deleted.
import { created, noContent } from '../handling/answers.js';
import { apiErrors } from '../handling/api-errors.js';
import type { Handlers } from '../handling/operation-types.js';
import { hintNames, isPreset, presetConfig } from '../state/auth-configs.js';
import type { AuthConfigRecord, CredentialHint, UserVerificationRequirement } from '../state/records.js';
import { timeSpanSeconds } from '../values/time-span.js';

/** AuthenticationConfigurationDto.ToResponse: TTL in whole seconds, hints as C# names joined by ", ". */
function configView(config: Readonly<AuthConfigRecord>) {
  return {
    purpose: config.purpose,
    userVerificationRequirement: config.userVerificationRequirement,
    timeToLive: Math.trunc(config.timeToLiveSeconds),
    hints: hintNames(config.hints),
    createdBy: config.createdBy,
    createdOn: config.createdOn,
    editedBy: config.editedBy,
    editedOn: config.editedOn,
    lastUsedOn: config.lastUsedOn,
  };
}

/** How a SignInPurpose record prints in the server's event messages. */
const purposeText = (purpose: string) => `SignInPurpose { Value = ${purpose} }`;

/** What an add or edit request sets, with the server's defaults for what it leaves out. */
function requested(body: {
  userVerificationRequirement?: UserVerificationRequirement;
  timeToLive?: string;
  hints?: CredentialHint[];
}): Pick<AuthConfigRecord, 'userVerificationRequirement' | 'timeToLiveSeconds' | 'hints'> {
  return {
    userVerificationRequirement: body.userVerificationRequirement ?? 'preferred',
    timeToLiveSeconds: timeSpanSeconds(body.timeToLive ?? '00:00:00') ?? 0,
    hints: body.hints ?? [],
  };
}

export const authConfigHandlers: Handlers<
  'listAuthConfigs' | 'addAuthConfig' | 'updateAuthConfig' | 'deleteAuthConfig'
> = {
  listAuthConfigs({ app, query, ok }) {
    const purpose = query.purpose?.trim() ? query.purpose : undefined;
    // Stored rows come back in primary-key order (ascending purpose); a filter that matches nothing stops at the preset.
    const configurations: Readonly<AuthConfigRecord>[] = app.authConfigs
      .storedInKeyOrder()
      .filter((config) => purpose === undefined || config.purpose === purpose);
    if (purpose !== undefined && configurations.length === 0) {
      return ok({ configurations: isPreset(purpose) ? [configView(presetConfig(purpose))] : [] });
    }
    // The missing presets follow, step-up first, even after a filter that matched a stored row.
    if (!configurations.some((config) => config.purpose === 'step-up')) configurations.push(presetConfig('step-up'));
    if (!configurations.some((config) => config.purpose === 'sign-in')) configurations.push(presetConfig('sign-in'));
    return ok({ configurations: configurations.map(configView) });
  },

  addAuthConfig({ app, body }) {
    const { purpose, performedBy } = body;
    if (app.authConfigs.configOrPreset(purpose)) return apiErrors.configurationExists(purpose);
    app.authConfigs.add({ purpose, ...requested(body), createdBy: performedBy });
    app.events.log({
      eventType: 'ApiAuthenticationConfigurationCreated',
      message: `${purposeText(purpose)} auth config created.`,
      performedBy,
    });
    return created();
  },

  updateAuthConfig({ app, body }) {
    const { purpose, performedBy } = body;
    const edited = app.authConfigs.update(purpose, { ...requested(body), editedBy: performedBy });
    if (!edited) return apiErrors.configurationNotFound(purpose);
    app.events.log({
      eventType: 'ApiAuthenticationConfigurationUpdated',
      message: `${purposeText(purpose)} auth config updated.`,
      performedBy,
    });
    return noContent();
  },

  deleteAuthConfig({ app, body }) {
    const { purpose, performedBy } = body;
    if (!app.authConfigs.configOrPreset(purpose)) return apiErrors.noConfigurationToDelete(purpose);
    if (isPreset(purpose)) return apiErrors.presetNotDeletable(purpose);
    app.authConfigs.delete(purpose);
    app.events.log({
      eventType: 'ApiAuthenticationConfigurationDeleted',
      message: `${purposeText(purpose)} auth config deleted.`,
      performedBy,
    });
    return noContent();
  },
};
