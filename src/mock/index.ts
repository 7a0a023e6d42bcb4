// The Passwordless.dev mock server, for `npm start` and for downstream test suites:
//   const mock = await startMock({ port: 0 }); … fetch(`${mock.url}/register/token`, …) …; await mock.reset(); await mock.close();

// Named by the types above (RunningMock.emulator, MockOptions), so a consumer's declarations can name them too.
export {
  type AppSeed,
  bodyLimitBytes,
  type DumpedApp,
  developmentSeedApp,
  type Emulator,
  type EmulatorLimits,
  type EmulatorOptions,
  type EnvironmentName,
  type ExportStateOptions,
  type StateDump,
  type StateSnapshot,
} from '../emulator/index.js';
export { type MockOptions, type RunningMock, startMock } from './server.js';
export { defaultServerLimits, type MinimumDataRate, type ServerLimits } from './server-limits.js';
