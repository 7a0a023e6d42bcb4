// passwordless-contract/msw: msw handlers for the Passwordless.dev API, for downstream teams' tests in Node (msw/node)
// or in a browser's service worker (msw/browser); nothing here needs a Node built-in.
//   const server = setupServer(...passwordlessHandlers());
//   afterEach(() => server.resetHandlers());
//   it('…', () => { server.use(...useScenario('alias-conflict')); … });
export {
  defaultBaseUrl,
  exampleKeys,
  passwordlessHandlers,
  scenarioNames,
  useExample,
  useScenario,
  type PasswordlessHandlersOptions,
} from './passwordless-handlers.js';
export { recordedScenarios, type ScenarioName } from './recorded-scenarios.js';
export type { Exchange, RecordingFile } from '../recording/exchange.js';
