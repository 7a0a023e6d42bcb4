// `npm start`: the Passwordless.dev mock on the bundled spec, with the API docs and the spec beside it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMock } from '../src/mock/index.js';

const usage = `Usage: npm start -- [--port <port>] [--host <host>] [--example <name>]

Serves the Passwordless.dev API emulator, the docs and the spec.

Options:
  --port <port>     port to listen on (default: $PORT, else 4010; 0 picks a free port)
  --host <host>     interface to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)
  --example <name>  answer every operation that has the example <name> with it (expired_token, unknown_credential…)
  -h, --help        show this help

Force one of the spec's examples with the Prefer header: "Prefer: example=<name>", "Prefer: code=<status>".
Clients that cannot set headers (the browser client) can end their API URL with /__example/<name> instead.`;

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

let values: { port?: string; host?: string; example?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      example: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n\n${usage}`);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const portText = values.port ?? (process.env.PORT || '4010');
if (!/^\d+$/.test(portText) || Number(portText) > 65535) fail(`--port must be a number from 0 to 65535, not "${portText}".`);
const specFile = fileURLToPath(new URL('../generated/openapi.yaml', import.meta.url));
if (!existsSync(specFile)) fail('generated/openapi.yaml does not exist; run `npm run generate` first.');

let mock: Awaited<ReturnType<typeof startMock>>;
try {
  mock = await startMock({
    port: Number(portText),
    host: values.host ?? '127.0.0.1',
    spec: specFile,
    docsFile: fileURLToPath(new URL('../dist/docs/index.html', import.meta.url)),
    log: (line) => console.log(line),
    ...(process.env.PASSWORDLESS_MANAGEMENT_KEY ? { managementKey: process.env.PASSWORDLESS_MANAGEMENT_KEY } : {}),
    ...(values.example === undefined ? {} : { example: values.example }),
  });
} catch (error) {
  fail((error as Error).message);
}

console.log(`Passwordless.dev mock listening on ${mock.url}
  API          ${mock.url}/
  Docs         ${mock.url}/docs
  Spec (JSON)  ${mock.url}/openapi.json
  Spec (YAML)  ${mock.url}/openapi.yaml${values.example === undefined ? '' : `\n  Every operation with the example "${values.example}" answers with it.`}
Press Ctrl+C to stop.`);

let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  // Never wait more than 2 s for open connections to finish.
  setTimeout(() => process.exit(0), 2000).unref();
  mock.close().then(
    () => process.exit(0),
    (error: Error) => fail(`stopping on ${signal}: ${error.message}`),
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
