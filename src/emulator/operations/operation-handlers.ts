// Every operation the emulator answers from its state, keyed by the spec's operationId.
import { appSettingsHandlers } from './app-settings.js';
import { authConfigHandlers } from './auth-configs.js';
import { healthHandlers } from './health.js';
import { magicLinkHandlers } from './magic-links.js';
import { managementHandlers } from './management.js';
import type { OperationHandler } from './operation-context.js';
import { registrationHandlers } from './registration.js';
import { signinHandlers } from './signin.js';
import { userHandlers } from './users-and-aliases.js';

export const operationHandlers: Record<string, OperationHandler> = {
  ...registrationHandlers,
  ...signinHandlers,
  ...userHandlers,
  ...magicLinkHandlers,
  ...authConfigHandlers,
  ...appSettingsHandlers,
  ...healthHandlers,
  ...managementHandlers,
};
