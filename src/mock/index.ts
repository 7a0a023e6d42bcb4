// The Passwordless.dev mock server, for `npm start` and for downstream test suites:
//   const mock = await startMock({ port: 0 }); … fetch(`${mock.url}/register/token`, …) …; await mock.close();
export { startMock, type MockOptions, type RunningMock } from './server.js';
export { bodyLimitBytes } from './request-body.js';
export type { PasskeyStoreLimits } from './passkey-store.js';
