// The emulator's one entry point: everything its doors (the HTTP mock in src/mock/, the msw handlers in src/msw/) may
// use. The rest of src/emulator/ is its inside, free to change without touching a door
// (test/emulator/architecture.test.ts keeps the doors to this file).

export { secretsEqual } from './auth/constant-time-equal.js';
export type { ReceivedBody } from './binding/json-body.js';
export { bodyLimitBytes } from './binding/json-body.js';
export { AnswerValidator } from './contract/answer-validator.js';
export {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type EmulatorRequest,
  HandedOverState,
  type RoutedOperation,
} from './emulator.js';
export { type EnvironmentName, environmentNames, parseEnvironment } from './environment.js';
export { exampleKeys } from './examples/forced-example.js';
export type { OpenApiDocument } from './spec/openapi-document.js';
export { SpecDocument } from './spec/openapi-document.js';
export { createRouter } from './spec/routing.js';
export { type ClockMoveOptions, ClockRefusal, EmulatorClock } from './state/emulator-clock.js';
export { type AppSeed, developmentSeedApp } from './state/emulator-state.js';
export {
  defaultLimits,
  type EmulatorLimits,
  type LimitName,
  limitDescriptions,
  limitNames,
  parseLimitSettings,
} from './state/limits.js';
export { SharedValues } from './state/shared-values.js';
export type { StateSnapshot } from './state/state-snapshot.js';
export {
  type DumpedApp,
  type ExportStateOptions,
  isControlPlanePath,
  type StateDump,
  stateView,
} from './state-control.js';
export { jsonErrorWithoutText } from './values/json-error.js';
export { maskFromNowOn, maskKeys } from './wire/key-masking.js';
export {
  type EmulatorResponse,
  emptyResponse,
  emulatorUsageProblem,
  reasonHeader,
  reasonHeaderValue,
} from './wire/problems.js';
export { type RequestTarget, readRequestTarget } from './wire/request-target.js';
