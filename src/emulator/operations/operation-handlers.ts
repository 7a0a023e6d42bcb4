// Every operation the emulator answers from its state, keyed by the spec's operationId: one group per file, and no
// group imports another (test/emulator/architecture.test.ts). The table's type names every operation of the spec,
// so an operation without a handler does not compile.
import type { Handlers, OperationId } from '../handling/operation-types.js';
import { appSettingsHandlers } from './app-settings.js';
import { authConfigHandlers } from './auth-configs.js';
import { healthHandlers } from './health.js';
import { magicLinkHandlers } from './magic-links.js';
import { managementHandlers } from './management.js';
import { registrationHandlers } from './registration.js';
import { signinHandlers } from './signin.js';
import { userHandlers } from './users-and-aliases.js';

export const operationHandlers: Handlers<OperationId> = {
  ...registrationHandlers,
  ...signinHandlers,
  ...userHandlers,
  ...magicLinkHandlers,
  ...authConfigHandlers,
  ...appSettingsHandlers,
  ...healthHandlers,
  ...managementHandlers,
};

/** Whether the emulator has a handler for this operationId (the spec served may be another than the one built in). */
export const hasHandler = (operationId: string | undefined): operationId is OperationId =>
  operationId !== undefined && Object.hasOwn(operationHandlers, operationId);
