// `npm start`: the mock's command (passwordless-mock) run from source, on generated/openapi.yaml, with the docs page
// built first when it is missing or older than the spec. package.json runs it with `exec node`, so the signals npm
// passes on reach this process and stop the mock.
import { runMockCli } from '../src/mock/cli.js';
import { ensureFreshDocs } from './fresh-docs.js';

await runMockCli(process.argv.slice(2), { name: 'npm start --', beforeStart: ensureFreshDocs });
