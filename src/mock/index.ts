// The Passwordless.dev mock server, for `npm start` and for downstream test suites:
//   const mock = await startMock({ port: 0 }); … fetch(`${mock.url}/register/token`, …) …; await mock.reset(); await mock.close();

export { bodyLimitBytes } from '../emulator/binding/json-body.js';
// Named by the types above (RunningMock.emulator), so a consumer's declarations can name them too.
export type { Emulator, EmulatorOptions } from '../emulator/emulator.js';
export type { EnvironmentName } from '../emulator/environment.js';
export { type AppSeed, developmentSeedApp } from '../emulator/state/emulator-state.js';
export type { EmulatorLimits } from '../emulator/state/limits.js';
export type { StateSnapshot } from '../emulator/state/state-snapshot.js';
export type { DumpedApp, ExportStateOptions, StateDump } from '../emulator/state-control.js';
export { type MockOptions, type RunningMock, startMock } from './server.js';
export { defaultServerLimits, type MinimumDataRate, type ServerLimits } from './server-limits.js';
