// Records every scenario of recordings/scenarios/ against a Passwordless server through the typed client, and
// writes (or, with --check, compares) one normalized recording per scenario. Keys never reach the output: they are
// removed by the normalizer, checked for once more before writing, and never printed.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { compareRecordings } from '../src/recording/compare-recordings.js';
import { connectionFailure } from '../src/recording/connection-failure.js';
import { readRecording, serializeRecording, writeRecording } from '../src/recording/recording-file.js';
import { assertNoSecrets, minimumSecretLength, type NamedSecret } from '../src/recording/redact.js';
import { type RecordingTarget, runScenario } from '../src/recording/run-scenario.js';
import type { Scenario } from '../src/recording/scenario.js';
import { listScenarioNames, recordingFile, scenarioFile, scenariosFolder } from '../src/recording/scenario-folders.js';
import { createThrowawayApp, deleteThrowawayApp, type ThrowawayApp } from '../src/recording/throwaway-app.js';

const usage = `Usage: npm run record -- --base-url <url> (--management-key <key> | --api-secret <secret> --api-key <key>) [options]

Runs each scenario of recordings/scenarios/ and writes its recording.json.

  --base-url <url>         The API root, e.g. http://localhost:5701 (self-hosted: https://<host>/api).
  --management-key <key>   Creates a throwaway app per scenario (POST /admin/apps/{appId}/create) and deletes it
                           afterwards. Also read from PASSWORDLESS_MANAGEMENT_KEY.
  --api-secret <secret>    Uses an existing app instead (how the recorder runs against the mock); scenarios then
  --api-key <key>          share that app. Also read from PASSWORDLESS_API_SECRET and PASSWORDLESS_API_KEY.
  --scenario <name>        Runs only this scenario; repeat for more.
  --check                  Writes nothing: compares a fresh run with the recordings on disk, prints the difference
                           and exits 1 when any differs.
  --source <text>          Describes the server in each recording's "source" (default: read from /health/version).
  --admin-email <address>  Admin e-mail of the apps it creates (default recorder@example.com).
  --scenarios <dir>        Where the scenarios are (default recordings/scenarios).
  --out <dir>              Where the recordings are written or compared (default: beside each scenario).
  -h, --help               Shows this help.

Keys passed as options are visible to other users of this machine (ps); prefer the environment variables.`;

class UsageError extends Error {}

function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'base-url': { type: 'string' },
      'management-key': { type: 'string' },
      'api-secret': { type: 'string' },
      'api-key': { type: 'string' },
      scenario: { type: 'string', multiple: true },
      check: { type: 'boolean', default: false },
      source: { type: 'string' },
      'admin-email': { type: 'string', default: 'recorder@example.com' },
      scenarios: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return undefined;
  const baseUrl = values['base-url'];
  if (!baseUrl) throw new UsageError('--base-url is required.');
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(
      `--base-url must be an absolute http(s) URL, such as http://localhost:5701; got ${JSON.stringify(baseUrl)}.`,
    );
  }
  const managementKey = values['management-key'] ?? process.env.PASSWORDLESS_MANAGEMENT_KEY;
  const apiSecret = values['api-secret'] ?? process.env.PASSWORDLESS_API_SECRET;
  const apiKey = values['api-key'] ?? process.env.PASSWORDLESS_API_KEY;
  if (!managementKey && !(apiSecret && apiKey)) {
    throw new UsageError(
      'Give --management-key (to create throwaway apps), or both --api-secret and --api-key (an existing app).',
    );
  }
  if (managementKey && managementKey.length < minimumSecretLength) {
    throw new UsageError(
      `The ManagementKey is shorter than ${minimumSecretLength} characters, too short to remove safely from recordings.`,
    );
  }
  const scenarios = resolve(values.scenarios ?? scenariosFolder);
  if (!existsSync(scenarios)) throw new UsageError(`--scenarios: no folder ${scenarios}.`);
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    managementKey,
    apiSecret,
    apiKey,
    only: values.scenario ?? [],
    check: values.check,
    source: values.source,
    adminEmail: values['admin-email'],
    scenarios,
    out: values.out ? resolve(values.out) : scenarios,
  };
}

type Options = NonNullable<ReturnType<typeof readOptions>>;

/** The server's version from /health/version, for the recordings' `source`. */
async function describeServer(baseUrl: string): Promise<string> {
  try {
    const response = await fetch(`${baseUrl}/health/version`, { signal: AbortSignal.timeout(5_000) });
    const report = (await response.json()) as { results?: Record<string, { data?: { version?: unknown } }> };
    const version = Object.values(report.results ?? {}).find((result) => typeof result.data?.version === 'string')?.data
      ?.version;
    return typeof version === 'string'
      ? `a Passwordless server, version ${version} (from /health/version)`
      : 'a Passwordless server';
  } catch {
    return 'a Passwordless server';
  }
}

async function loadScenario(path: string): Promise<Scenario> {
  const module = (await import(pathToFileURL(path).href)) as { default?: Scenario };
  if (typeof module.default?.run !== 'function')
    throw new Error(`${path} does not default-export defineScenario({ description, run }).`);
  return module.default;
}

async function main(argv: string[]): Promise<number> {
  let options: Options | undefined;
  try {
    options = readOptions(argv);
  } catch (error) {
    // parseArgs quotes a stray argument, which may be a key typed in the wrong place: never echo it.
    const code = (error as { code?: string }).code;
    const message =
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? 'Unexpected argument: every value goes after its option (--base-url <url>, --api-secret <secret>…).'
        : (error as Error).message;
    console.error(`${message}\n\n${usage}`);
    return 2;
  }
  if (!options) {
    console.log(usage);
    return 0;
  }
  const known = listScenarioNames(options.scenarios);
  const unknown = options.only.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown scenario ${unknown.join(', ')}; the scenarios are: ${known.join(', ')}.`);
    return 2;
  }
  const names = options.only.length > 0 ? known.filter((name) => options.only.includes(name)) : known;
  const source = `npm run record against ${options.source ?? (await describeServer(options.baseUrl))}`;
  const runtimeSecrets: NamedSecret[] = [
    ...(options.managementKey ? [{ name: 'ManagementKey' as const, value: options.managementKey }] : []),
    ...(options.apiSecret ? [{ name: 'ApiSecret' as const, value: options.apiSecret }] : []),
    ...(options.apiKey ? [{ name: 'ApiKey' as const, value: options.apiKey }] : []),
  ];
  const count = `${names.length} scenario${names.length === 1 ? '' : 's'}`;
  console.log(`${options.check ? 'Checking' : 'Recording'} ${count} against ${options.baseUrl}.`);

  let failures = 0;
  let compared = 0;
  let matching = 0;
  const management = options.managementKey
    ? { baseUrl: options.baseUrl, managementKey: options.managementKey, adminEmail: options.adminEmail }
    : undefined;
  /**
   * When no server answered at all, the one line that says so, and that the run stops: every other scenario would
   * fail the same way.
   */
  const stopLine = (name: string, error: unknown) => {
    const failure = connectionFailure(error);
    if (!failure) return undefined;
    const others = names.length - names.indexOf(name) - 1;
    return (
      `✗ ${name}: ${failure.message}. Is a server listening at ${options.baseUrl}? ` +
      `Stopped${others > 0 ? `: the other ${others} scenario${others === 1 ? ' was' : 's were'} not run` : ''}.`
    );
  };
  for (const name of names) {
    const started = performance.now();
    let app: ThrowawayApp | undefined;
    try {
      const scenario = await loadScenario(scenarioFile(name, options.scenarios));
      if (scenario.needsManagementKey && !management) {
        console.log(`– ${name}: skipped, it calls the management operations: give --management-key.`);
        continue;
      }
      if (management) app = await createThrowawayApp(management);
      const target: RecordingTarget = {
        baseUrl: options.baseUrl,
        apiSecret: app?.apiSecret ?? options.apiSecret!,
        apiKey: app?.apiKey ?? options.apiKey!,
        secrets: [
          ...(app
            ? [
                { name: 'ApiSecret' as const, value: app.apiSecret },
                { name: 'ApiKey' as const, value: app.apiKey },
                ...app.spareKeys,
              ]
            : []),
          ...runtimeSecrets,
        ],
        source,
        adminEmail: options.adminEmail,
        ...(options.managementKey ? { managementKey: options.managementKey } : {}),
      };
      const run = await runScenario(name, scenario, target);
      // A scenario deletes the apps it creates as its last steps; one that stopped early leaves them behind.
      if (run.failure && management) {
        for (const appId of run.createdAppIds) {
          const left = await deleteThrowawayApp(management, appId);
          if (left) console.log(`  (the app ${appId} that ${name} created may remain: ${left})`);
        }
      }
      const text = serializeRecording(run.recording);
      assertNoSecrets(text, target.secrets, `The recording of ${name}`);
      const statuses = run.recording.exchanges
        .map((exchange) => `${exchange.method} ${exchange.path} ${exchange.status}`)
        .join(', ');
      const took = `${Math.round(performance.now() - started)} ms`;
      const stop = stopLine(name, run.failure);
      if (stop) {
        console.log(stop);
        return 1;
      }
      if (run.failure) {
        failures++;
        console.log(
          `✗ ${name}: stopped after ${run.recording.exchanges.length} exchanges: ${run.failure.message} (${took})`,
        );
        continue;
      }
      const path = recordingFile(name, options.out);
      if (options.check) {
        if (!existsSync(path)) {
          failures++;
          console.log(`✗ ${name}: no recording at ${path} to compare with (${took})`);
          continue;
        }
        const comparison = compareRecordings(readRecording(path), run.recording);
        compared += comparison.total;
        matching += comparison.matching;
        if (comparison.differences.length > 0) {
          failures++;
          const lines = comparison.differences
            .map((d) => `    ${d.index}: ${d.method} ${d.path}: ${d.what}`)
            .join('\n');
          console.log(
            `✗ ${name}: ${comparison.matching}/${comparison.total} exchanges match ${path} (${took})\n${lines}`,
          );
        } else {
          console.log(`✓ ${name}: all ${comparison.total} exchanges match (${took})`);
        }
      } else {
        writeRecording(path, run.recording, target.secrets);
        console.log(`✓ ${name}: ${run.recording.exchanges.length} exchanges: ${statuses} (${took})`);
      }
    } catch (error) {
      const stop = stopLine(name, error);
      if (stop) {
        console.log(stop);
        return 1;
      }
      failures++;
      console.log(`✗ ${name}: ${(error as Error).message}`);
    } finally {
      const left = app && management ? await deleteThrowawayApp(management, app.appId) : undefined;
      if (left) console.log(`  (the throwaway app ${app!.appId} of ${name} was not deleted: ${left})`);
    }
  }
  if (options.check) console.log(`conformance: ${matching}/${compared} exchanges match`);
  const verb = options.check ? 'differ or failed' : 'failed';
  console.log(failures === 0 ? `${count}: all done.` : `${failures} of ${count} ${verb}.`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
