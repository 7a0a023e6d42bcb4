// The msw door of the Passwordless.dev emulator, for downstream teams' tests in Node (msw/node) or in a browser's
// service worker (msw/browser); nothing here needs a Node built-in.
//   const emulator = passwordlessEmulator();
//   const server = setupServer(...emulator.handlers);
//   afterEach(() => { server.resetHandlers(); return emulator.reset(); });
//   it('…', () => { server.use(...useScenario('alias-conflict')); … });

// Named by PasswordlessHandlersOptions, so a consumer's declarations can name it too.
export type {
  DumpedApp,
  EmulatorOptions,
  EnvironmentName,
  ExportStateOptions,
  StateDump,
  StateSnapshot,
} from '../emulator/index.js';
export type { Exchange, RecordingFile } from '../recording/exchange.js';
export {
  defaultBaseUrl,
  exampleKeys,
  type PasswordlessEmulator,
  type PasswordlessHandlersOptions,
  passwordlessEmulator,
  passwordlessHandlers,
  useExample,
  useScenario,
} from './passwordless-handlers.js';
export { recordedScenarios, type ScenarioName } from './recorded-scenarios.js';
export { scenarioNames } from './scenario-replay.js';
