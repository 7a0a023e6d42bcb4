// `npm run test:codegen`: generates C# clients from the published spec (generated/openapi.json) with Kiota and NSwag,
// fails on any warning either prints, then builds the console programs of codegen/ around them and runs them against
// the emulator (Production, with a management key and a user who has a passkey). Everything generated or built goes
// to a scratch folder, removed afterwards (kept with --keep). Needs the .NET SDK; the generators come from NuGet as the
// local tools of codegen/dotnet-tools.json.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPasswordlessClient } from '../src/index.js';
import { developmentSeedApp, startMock } from '../src/mock/index.js';
import { registerPasskey } from '../src/recording/passkey-ceremonies.js';
import type { ScenarioContext } from '../src/recording/scenario.js';
import { VirtualAuthenticator } from '../src/recording/virtual-authenticator.js';
import { repositoryRoot } from './bundle-spec.js';

const usage = `Usage: npm run test:codegen [-- --keep]
  --keep  keep the scratch folder with the generated clients and their builds, and print where it is`;

let values: { keep?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({ options: { keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const spec = join(repositoryRoot, 'generated/openapi.json');
const seedSecret = developmentSeedApp.secretKeys[0]!;
// The generators must not look for updates or print tutorials: this runs offline but for the package registries.
const dotnetEnvironment = {
  ...process.env,
  DOTNET_CLI_TELEMETRY_OPTOUT: '1',
  DOTNET_NOLOGO: '1',
  KIOTA_OFFLINE_ENABLED: 'true',
  KIOTA_TUTORIAL_ENABLED: 'false',
};

interface Ran {
  code: number;
  output: string;
}

/** Runs a command, collecting its output (printed as it comes with `echo`). */
function run(command: string, args: string[], cwd: string, env = dotnetEnvironment, echo = false): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (echo) process.stdout.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => resolve({ code: -1, output: `${output}${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

async function mustRun(step: string, command: string, args: string[], cwd: string): Promise<string> {
  const ran = await run(command, args, cwd);
  if (ran.code !== 0) throw new Error(`${step} failed (exit ${ran.code}):\n${ran.output}`);
  return ran.output;
}

/** The lines of a generator's output that warn: each one is a defect of the spec (or of the generator's reading of it). */
const warnings = (output: string) =>
  output
    .split('\n')
    .map((line, index, lines) =>
      /\bwarn(ing)?\b/i.test(line) ? `${line.trim()} ${lines[index + 1]?.trim() ?? ''}` : '',
    )
    .filter(Boolean);

async function generate(work: string): Promise<string[]> {
  const problems: string[] = [];
  const kiota = await mustRun(
    'kiota generate',
    'dotnet',
    [
      'kiota',
      'generate',
      ...['--language', 'CSharp', '--openapi', spec, '--output', join(work, 'kiota/Generated')],
      ...['--namespace-name', 'Passwordless.Kiota', '--class-name', 'PasswordlessClient', '--clean-output'],
      ...['--log-level', 'Warning'],
    ],
    work,
  );
  problems.push(...warnings(kiota).map((line) => `kiota: ${line}`));
  mkdirSync(join(work, 'nswag/Generated'), { recursive: true });
  const nswag = await mustRun(
    'nswag openapi2csclient',
    'dotnet',
    [
      'nswag',
      'openapi2csclient',
      `/input:${spec}`,
      `/output:${join(work, 'nswag/Generated/Client.cs')}`,
      '/namespace:Passwordless.NSwag',
      '/className:PasswordlessClient',
    ],
    work,
  );
  problems.push(...warnings(nswag).map((line) => `nswag: ${line}`));
  return problems;
}

async function main(): Promise<number> {
  const dotnet = await run('dotnet', ['--version'], repositoryRoot);
  if (dotnet.code !== 0) {
    console.error('npm run test:codegen needs the .NET SDK (10 or later) on the PATH: `dotnet` was not found.');
    return 1;
  }
  const work = mkdtempSync(join(tmpdir(), 'passwordless-codegen-'));
  cpSync(join(repositoryRoot, 'codegen'), work, { recursive: true });
  const managementKey = `codegen-${randomBytes(8).toString('hex')}`;
  const mock = await startMock({ managementKey, environment: 'Production' });
  try {
    console.log(`dotnet ${dotnet.output.trim()}; generating from ${spec}`);
    await mustRun('dotnet tool restore', 'dotnet', ['tool', 'restore'], work);
    const generatorWarnings = await generate(work);
    if (generatorWarnings.length) {
      console.error(`The generators warned about the spec:\n${generatorWarnings.join('\n')}`);
      return 1;
    }
    console.log('kiota and nswag generated their clients with no warning');

    // A user with a passkey, registered as a browser would (the recorder's software authenticator).
    const origin = 'https://codegen.passwordless-contract.test';
    const client = createPasswordlessClient({
      apiSecret: seedSecret,
      apiKey: developmentSeedApp.publicKeys[0],
      baseUrl: mock.url,
    });
    const passkeyUserId = `codegen-passkey-${randomBytes(4).toString('hex')}`;
    // The ceremony reads only these members of a scenario's context.
    const ceremony = {
      client,
      authenticator: new VirtualAuthenticator(origin),
      origin,
      rpId: new URL(origin).hostname,
    };
    const passkeyToken = await registerPasskey(ceremony as ScenarioContext, passkeyUserId);

    const environment = {
      ...dotnetEnvironment,
      PASSWORDLESS_BASE_URL: mock.url,
      PASSWORDLESS_API_SECRET: seedSecret,
      PASSWORDLESS_MANAGEMENT_KEY: managementKey,
      PASSWORDLESS_PASSKEY_USER_ID: passkeyUserId,
      PASSWORDLESS_PASSKEY_TOKEN: passkeyToken,
      PASSWORDLESS_RUN_ID: randomBytes(4).toString('hex'),
    };
    let failed = 0;
    for (const [folder, project] of [
      ['kiota', 'KiotaFlows.csproj'],
      ['nswag', 'NSwagFlows.csproj'],
    ] as const) {
      const built = await run('dotnet', ['build', project, '-nologo', '-v', 'q', '-c', 'Release'], join(work, folder));
      if (built.code !== 0) {
        console.error(`${folder}: the generated client does not compile:\n${built.output}`);
        failed++;
        continue;
      }
      const ran = await run(
        'dotnet',
        ['run', '--project', project, '--no-build', '-c', 'Release'],
        join(work, folder),
        environment,
        true,
      );
      if (ran.code !== 0) failed++;
    }
    console.log(failed ? `${failed} of 2 generated clients failed.` : 'Both generated clients passed every flow.');
    return failed ? 1 : 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    await mock.close();
    if (values.keep) console.log(`The generated clients and their builds are in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
