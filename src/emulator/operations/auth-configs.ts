// Authentication configurations as the server's AuthenticationConfigurationService keeps them (api-inventory §3.13):
// the list shows the stored ones, then the `step-up` and `sign-in` presets when they are not stored; adding an existing
// purpose (a preset included) is a 400, editing an unknown one a 404 problem, deleting an unknown one a 404 with no
// body, and the presets cannot be deleted.
import { configOrPreset, hintNames, isPreset, presetConfig, storeIfPreset } from '../state/auth-configs.js';
import { logEvent } from '../state/event-log.js';
import { LimitReached } from '../state/limits.js';
import type { AuthConfigRecord } from '../state/records.js';
import { offsetDateTime } from '../values/dotnet-formats.js';
import { timeSpanSeconds } from '../values/time-span.js';
import { apiProblem, emptyResponse, jsonResponse } from '../wire/problems.js';
import { appOf, type OperationHandler, strings, text } from './operation-context.js';

/** AuthenticationConfigurationDto.ToResponse: TTL in whole seconds, hints as C# names joined by ", ". */
function configView(config: AuthConfigRecord) {
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

function requested(body: Record<string, unknown>) {
  return {
    purpose: String(body.purpose),
    userVerificationRequirement: text(body.userVerificationRequirement) ?? 'preferred',
    timeToLiveSeconds: timeSpanSeconds(text(body.timeToLive) ?? '00:00:00') ?? 0,
    hints: strings(body.hints),
    performedBy: String(body.performedBy),
  };
}

export const authConfigHandlers: Record<string, OperationHandler> = {
  listAuthConfigs(context) {
    const { app } = appOf(context);
    const purpose = text(context.query.purpose)?.trim() ? text(context.query.purpose) : undefined;
    // Stored rows come back in primary-key order (ascending purpose); a filter that matches nothing stops at the preset.
    const configurations = app.authConfigs
      .filter((config) => purpose === undefined || config.purpose === purpose)
      .sort((a, b) => (a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0));
    if (purpose !== undefined && configurations.length === 0) {
      return jsonResponse({ configurations: isPreset(purpose) ? [configView(presetConfig(purpose))] : [] });
    }
    // The missing presets follow, step-up first, even after a filter that matched a stored row.
    if (!configurations.some((config) => config.purpose === 'step-up')) configurations.push(presetConfig('step-up'));
    if (!configurations.some((config) => config.purpose === 'sign-in')) configurations.push(presetConfig('sign-in'));
    return jsonResponse({ configurations: configurations.map(configView) });
  },

  addAuthConfig(context) {
    const { app } = appOf(context);
    const { now, state } = context;
    const request = requested(context.body);
    if (configOrPreset(app, request.purpose))
      return apiProblem(400, null, `The configuration ${request.purpose} already exists.`);
    if (app.authConfigs.length >= state.limits.authConfigsPerApp) {
      throw new LimitReached(
        `The app ${app.appId} holds ${state.limits.authConfigsPerApp} configurations, the emulator's limit; delete some or reset the state.`,
      );
    }
    const config: AuthConfigRecord = {
      purpose: request.purpose,
      userVerificationRequirement: request.userVerificationRequirement,
      timeToLiveSeconds: request.timeToLiveSeconds,
      hints: request.hints,
      createdBy: request.performedBy,
      createdOn: offsetDateTime(now),
      editedBy: null,
      editedOn: null,
      lastUsedOn: null,
    };
    app.authConfigs.push(config);
    logEvent(app, undefined, now, state.limits.eventsPerApp, {
      eventType: 'ApiAuthenticationConfigurationCreated',
      message: `${purposeText(config.purpose)} auth config created.`,
      performedBy: config.createdBy,
    });
    return emptyResponse(201);
  },

  updateAuthConfig(context) {
    const { app } = appOf(context);
    const { now, state } = context;
    const request = requested(context.body);
    const existing = configOrPreset(app, request.purpose);
    if (!existing) return apiProblem(404, null, `The configuration ${request.purpose} does not exist.`);
    const config = storeIfPreset(app, existing);
    config.userVerificationRequirement = request.userVerificationRequirement;
    config.timeToLiveSeconds = request.timeToLiveSeconds;
    config.hints = request.hints;
    config.editedBy = request.performedBy;
    config.editedOn = offsetDateTime(now);
    logEvent(app, undefined, now, state.limits.eventsPerApp, {
      eventType: 'ApiAuthenticationConfigurationUpdated',
      message: `${purposeText(config.purpose)} auth config updated.`,
      performedBy: config.editedBy,
    });
    return emptyResponse(204);
  },

  deleteAuthConfig(context) {
    const { app } = appOf(context);
    const { body, now, state } = context;
    const purpose = String(body.purpose);
    const existing = configOrPreset(app, purpose);
    if (!existing) return emptyResponse(404, `No configuration has the purpose ${purpose}.`);
    if (isPreset(purpose)) return apiProblem(400, null, `The ${purpose} configuration cannot be deleted.`);
    app.authConfigs = app.authConfigs.filter((config) => config.purpose !== purpose);
    logEvent(app, undefined, now, state.limits.eventsPerApp, {
      eventType: 'ApiAuthenticationConfigurationDeleted',
      message: `${purposeText(purpose)} auth config deleted.`,
      performedBy: String(body.performedBy),
    });
    return emptyResponse(204);
  },
};
