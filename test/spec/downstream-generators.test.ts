// What a downstream service meets when it generates its own client from the published openapi.json with the generator
// it already uses: openapi-typescript (with openapi-fetch), @hey-api/openapi-ts and orval, run in a scratch folder with
// their default options, but for openapi-typescript's `--default-non-nullable false` (the option the typed client's
// own types use: without it a request member that has a `default` becomes required). Each output must type-check the
// README's calls: create a registration token with only `userId` and `username` required, verify a sign-in, list
// credentials, and handle an error by its errorCode. openapi-typescript's output must also be exactly the client's own
// generated/openapi.ts.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, mustRun, type Ran, root, run } from '../helpers/package-install.js';

const secret = 'myapp:secret:5f4dcc3b5aa765d61d8327deb882cf99';

const openapiTypescriptCalls = `
import createClient from 'openapi-fetch';
import type { paths } from './openapi-typescript/schema.js';

const client = createClient<paths>({ baseUrl: 'https://v4.passwordless.dev', headers: { ApiSecret: '${secret}' } });

export async function createRegisterToken(userId: string, username: string): Promise<string> {
  const { data, error } = await client.POST('/register/token', { body: { userId, username } });
  if (error) throw new Error(error.title);
  return data.token;
}

export async function verifySignIn(token: string): Promise<string | null> {
  const { data, error } = await client.POST('/signin/verify', { body: { token } });
  if (error) {
    if ('errorCode' in error && (error.errorCode === 'invalid_token' || error.errorCode === 'expired_token')) return null;
    throw new Error(error.title);
  }
  return data.userId;
}

export async function countCredentials(userId: string): Promise<number> {
  const { data, error } = await client.GET('/credentials/list', { params: { query: { userId } } });
  if (error) throw new Error(error.title);
  return data.values.length;
}

export async function setAliases(userId: string, aliases: string[]): Promise<'saved' | 'taken' | 'refused'> {
  const { error } = await client.POST('/alias', { body: { userId, aliases } });
  if (!error) return 'saved';
  return 'errorCode' in error && error.errorCode === 'alias_conflict' ? 'taken' : 'refused';
}

// @ts-expect-error the body needs a username
void client.POST('/register/token', { body: { userId: 'u1' } });
`;

const heyApiCalls = `
import { client } from './hey-api/client.gen.js';
import { createRegisterToken as createToken, listCredentials, setAliases as setAliasList, verifySignin } from './hey-api/sdk.gen.js';

client.setConfig({ baseUrl: 'https://v4.passwordless.dev', headers: { ApiSecret: '${secret}' } });

export async function createRegisterToken(userId: string, username: string): Promise<string> {
  const { data, error } = await createToken({ body: { userId, username } });
  if (error) throw new Error(error.title);
  return data.token;
}

export async function verifySignIn(token: string): Promise<string | null> {
  const { data, error } = await verifySignin({ body: { token } });
  if (error) {
    if ('errorCode' in error && (error.errorCode === 'invalid_token' || error.errorCode === 'expired_token')) return null;
    throw new Error(error.title);
  }
  return data.userId;
}

export async function countCredentials(userId: string): Promise<number> {
  const { data, error } = await listCredentials({ query: { userId } });
  if (error) throw new Error(error.title);
  return data.values.length;
}

export async function setAliases(userId: string, aliases: string[]): Promise<'saved' | 'taken' | 'refused'> {
  const { error } = await setAliasList({ body: { userId, aliases } });
  if (!error) return 'saved';
  return 'errorCode' in error && error.errorCode === 'alias_conflict' ? 'taken' : 'refused';
}

// @ts-expect-error the body needs a username
void createToken({ body: { userId: 'u1' } });
`;

const orvalCalls = `
import { isAxiosError } from 'axios';
import { createRegisterToken as createToken, listCredentials, setAliases as setAliasList, verifySignin, type ApiProblemDetails } from './orval/api.js';

const options = { baseURL: 'https://v4.passwordless.dev', headers: { ApiSecret: '${secret}' } };
const errorCodeOf = (failure: unknown) => (isAxiosError<ApiProblemDetails>(failure) ? failure.response?.data.errorCode : undefined);

export async function createRegisterToken(userId: string, username: string): Promise<string> {
  const { data } = await createToken({ userId, username }, options);
  return data.token;
}

export async function verifySignIn(token: string): Promise<string | null> {
  try {
    const { data } = await verifySignin({ token }, options);
    return data.userId;
  } catch (failure) {
    const code = errorCodeOf(failure);
    if (code === 'invalid_token' || code === 'expired_token') return null;
    throw failure;
  }
}

export async function countCredentials(userId: string): Promise<number> {
  const { data } = await listCredentials({ userId }, options);
  return data.values.length;
}

export async function setAliases(userId: string, aliases: string[]): Promise<'saved' | 'taken'> {
  try {
    await setAliasList({ userId, aliases }, options);
    return 'saved';
  } catch (failure) {
    if (errorCodeOf(failure) === 'alias_conflict') return 'taken';
    throw failure;
  }
}

// @ts-expect-error the body needs a username
void createToken({ userId: 'u1' }, options);
`;

let folder: string;
const generated: Record<string, Ran> = {};
let typecheck: Ran;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'passwordless-generators-'));
  // The generators read no config of this repository (redocly.yaml); the output resolves openapi-fetch and axios here.
  symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'));
  copyFileSync(join(root, 'generated/openapi.json'), join(folder, 'openapi.json'));
  mkdirSync(join(folder, 'openapi-typescript'));
  const generators: Record<string, [string, string[]]> = {
    // `--default-non-nullable false`: by default openapi-typescript makes a request member with a `default` required
    // unless its schema is written inline in the request body; the spec's request schemas are components.
    'openapi-typescript': [
      bin('openapi-typescript'),
      ['openapi.json', '--output', 'openapi-typescript/schema.ts', '--default-non-nullable', 'false'],
    ],
    '@hey-api/openapi-ts': [bin('openapi-ts'), ['--input', 'openapi.json', '--output', 'hey-api']],
    orval: [bin('orval'), ['--input', 'openapi.json', '--output', 'orval/api.ts']],
  };
  await Promise.all(
    Object.entries(generators).map(
      async ([name, [command, args]]) => (generated[name] = await run(command, args, folder)),
    ),
  );

  writeFileSync(join(folder, 'openapi-typescript-calls.ts'), openapiTypescriptCalls);
  writeFileSync(join(folder, 'hey-api-calls.ts'), heyApiCalls);
  writeFileSync(join(folder, 'orval-calls.ts'), orvalCalls);
  writeFileSync(
    join(folder, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        lib: ['es2022', 'dom', 'dom.iterable'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['openapi-typescript-calls.ts', 'hey-api-calls.ts', 'orval-calls.ts'],
    }),
  );
  typecheck = await mustRun(bin('tsc'), ['-p', folder], folder).catch(
    (error: Error): Ran => ({ code: 1, stdout: '', output: error.message }),
  );
}, 120_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the published openapi.json in downstream generators, with their default options', () => {
  it.each(['openapi-typescript', '@hey-api/openapi-ts', 'orval'])('%s generates from it', (name) => {
    expect(generated[name]!.code, generated[name]!.output).toBe(0);
  });

  it("each output type-checks the README's calls, and rejects a registration token without a username", () => {
    expect(typecheck.output).toBe('');
    expect(typecheck.code).toBe(0);
  });

  it("openapi-typescript's output is exactly the client's own types (generated/openapi.ts)", () => {
    // Each file opens with its own notice comment; everything after it must be the same.
    const withoutNotice = (text: string) => text.replace(/^(\/\/[^\n]*\n|\/\*\*[\s\S]*?\*\/\n)\s*/, '');
    const downstream = readFileSync(join(folder, 'openapi-typescript/schema.ts'), 'utf8');
    expect(withoutNotice(downstream)).toBe(withoutNotice(readFileSync(join(root, 'generated/openapi.ts'), 'utf8')));
  });
});
