// The mock as a command: reads the flags of cli-flags.ts, then starts the mock and stops it on SIGINT, SIGTERM or
// SIGHUP (a closed terminal), writing the state file first. The server is imported only once the flags are read, so
// --help and a mistyped flag answer at once.
import { parseArgs } from 'node:util';
import { isLoopback } from './allowed-hosts.js';
import { batchedLines } from './batched-lines.js';
import { type CliSettings, cliFlags, UsageError } from './cli-flags.js';
import { jsonListening } from './cli-log.js';

export interface MockCommand {
  /** How --help and error messages name the command: `passwordless-mock`, or `npm start --`. */
  name: string;
  /** Runs once the flags are read, before the mock starts (npm start builds a missing or stale docs page here). */
  beforeStart?: () => void | Promise<void>;
}

function usage(command: MockCommand): string {
  const lines = Object.entries(cliFlags).map(([name, flag]) => {
    const left = `${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.value ? ` ${flag.value}` : ''}`;
    return `  ${left.padEnd(24)} ${flag.help}`;
  });
  return `Usage: ${command.name} [options]

Serves the Passwordless.dev API emulator, its docs (/docs) and the spec (/openapi.json, /openapi.yaml).

Options:
${lines.join('\n')}

It answers from its state, as the server does, starting with the Development seed app \`test\`
(test:secret:a679563b331846c79c20b114a4f56d02, test:public:2e728aa5986f4ba8b073a5b28a939795). GET, PUT and DELETE
/__mock/state export, replace and reset that state; /__mock/* answers only requests to this machine's names, never a
web page of another origin, and with a --host beyond loopback only with the control token. Force one of the spec's examples with the Prefer header
("Prefer: example=<name>", "Prefer: code=<status>"), or, for clients that cannot set headers (the browser client),
by ending their API URL with /__example/<name>.`;
}

/** The settings the arguments ask for, or undefined when they ask for --help. */
function readSettings(args: string[], command: MockCommand): CliSettings | undefined {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    const options = Object.fromEntries(
      Object.entries(cliFlags).map(([name, flag]) => [
        name,
        {
          type: flag.value ? ('string' as const) : ('boolean' as const),
          ...(flag.short ? { short: flag.short } : {}),
          ...(flag.multiple ? { multiple: true } : {}),
        },
      ]),
    );
    ({ values } = parseArgs({ args, options, allowPositionals: false, strict: true }));
  } catch (error) {
    // parseArgs explains at length how to pass a positional; its first sentence names the mistake.
    const [mistake = ''] = (error as Error).message.split(/\.\s/);
    throw new UsageError(`${mistake.replace(/\.$/, '')}. Run \`${command.name} --help\` to see the options.`);
  }
  if (values.help) return undefined;
  const settings: CliSettings = { mock: {}, log: 'text' };
  for (const [name, flag] of Object.entries(cliFlags)) {
    if (!flag.apply) continue;
    const given = values[name];
    const fallback = given === undefined ? flag.fallback?.() : undefined;
    for (const value of [given ?? fallback].flat()) {
      if (typeof value === 'string') flag.apply(value, settings);
      else if (value === true) flag.apply('', settings);
    }
  }
  return settings;
}

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

export async function runMockCli(args: string[], command: MockCommand): Promise<void> {
  let settings: CliSettings | undefined;
  try {
    settings = readSettings(args, command);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(error.message);
  }
  if (!settings) {
    console.log(usage(command));
    return;
  }
  if (settings.environment !== undefined) {
    const { parseEnvironment } = await import('../emulator/index.js');
    try {
      settings.mock.environment = parseEnvironment(settings.environment, '--environment');
    } catch (error) {
      fail((error as Error).message);
    }
  }
  // The environment's limits first, the flags' after: a flag wins over the variable.
  const limitSettings = [
    ...(process.env.PASSWORDLESS_MOCK_LIMITS
      ? [{ from: 'PASSWORDLESS_MOCK_LIMITS', settings: [process.env.PASSWORDLESS_MOCK_LIMITS] }]
      : []),
    ...(settings.limits ?? []),
  ];
  if (limitSettings.length > 0) {
    const { parseLimitSettings } = await import('../emulator/index.js');
    try {
      for (const { from, settings: given } of limitSettings)
        settings.mock.limits = { ...settings.mock.limits, ...parseLimitSettings(given, from) };
    } catch (error) {
      fail((error as Error).message);
    }
  }
  const { log } = settings;
  // A closed terminal (SIGHUP) makes writing to it fail: that must not stop the state from being written.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  let mock: { url: string; controlToken: string | undefined; close(): Promise<void> };
  try {
    await command.beforeStart?.();
    const [{ startMock }, { findDocsPage }] = await Promise.all([import('./index.js'), import('./published-files.js')]);
    mock = await startMock({
      // The docs page describes the bundled spec: another --spec gets none rather than the wrong one.
      ...(settings.mock.spec === undefined ? { docsFile: findDocsPage() } : {}),
      log: batchedLines(),
      logFormat: log,
      ...settings.mock,
    });
  } catch (error) {
    // startMock() names its `port` option; the command names its flag and variable.
    const { code, port, host } = error as { code?: string; port?: number; host?: string };
    fail(
      code === 'EADDRINUSE' && port !== undefined
        ? `Port ${port} is already in use on ${host}; choose another with --port or PORT.`
        : (error as Error).message,
    );
  }

  const { example, spec } = settings.mock;
  console.log(
    log === 'json'
      ? jsonListening(mock.url, spec === undefined)
      : `Passwordless.dev mock listening on ${mock.url}
  API          ${mock.url}/${spec === undefined ? `\n  Docs         ${mock.url}/docs` : ''}
  Spec (JSON)  ${mock.url}/openapi.json
  Spec (YAML)  ${mock.url}/openapi.yaml
  State page   ${mock.url}/__mock/ui${example === undefined ? '' : `\n  Every operation with the example "${example}" answers with it.`}
Press Ctrl+C to stop.`,
  );

  const { host, controlToken, stateFile } = settings.mock;
  if (mock.controlToken !== undefined && !isLoopback(host ?? '127.0.0.1')) {
    console.error(
      `warning: listening on ${host}, so other machines can reach the emulator. Its API answers whoever reaches it; ` +
        `its control plane (/__mock/*) answers only with ${
          controlToken === undefined
            ? `this token: Authorization: Bearer ${mock.controlToken}`
            : 'the token given with --control-token (Authorization: Bearer <token>)'
        }. Names other than this machine's reach /__mock/* only when added with --allowed-host.${
          controlToken === undefined
            ? // A browser does not open 0.0.0.0; the page answers this machine's loopback address too.
              ` The state page with the token: ${mock.url.replace('//0.0.0.0:', '//127.0.0.1:')}/__mock/ui#token=${
                mock.controlToken
              }`
            : ''
        }`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      if (stateFile) console.error(`Still writing the state to ${stateFile}; the emulator stops once it is written.`);
      return;
    }
    stopping = true;
    // Within 2 s with a small state, promised in the README: requests being answered get 1.5 s to finish; then the
    // state file is written however long that takes, since no stop may lose it.
    mock.close().then(
      () => process.exit(0),
      (error: Error) => fail(`stopping on ${signal}: ${error.message}`),
    );
  };
  // SIGHUP is a closed terminal: without a listener node dies of it at once (it even resets nohup's ignoring it at
  // start), and the state file would be lost.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
  // npx runs the command under `sh -c`, which dies of the SIGTERM npm passes on and leaves the mock an orphan: started
  // by npm, the mock stops when the process that started it is gone (nohup and supervisors keep their usual parent).
  if (process.env.npm_command) {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && stop('its parent exiting'), 250).unref();
  }
}
