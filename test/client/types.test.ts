// What the types promise, checked by `npm run typecheck` (tsc compiles this file); at run time these are no-ops.
import { expectTypeOf, test } from 'vitest';
import { createPasswordlessClient, type ErrorCode, type PasswordlessErrorBody } from '../../src/index.js';
import { apiSecret } from './mock-api.js';

const client = createPasswordlessClient({ apiSecret, fetch: async () => Response.json({ token: 'register_x' }) });

test('errorCode narrows to the operation codes and still takes unknown ones', async () => {
  const { data, error } = await client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } });
  if (error) {
    expectTypeOf(error.status).toEqualTypeOf<number>();
    expectTypeOf(error.title).toEqualTypeOf<string>();
    expectTypeOf(error.errorCode).toExtend<string | null>();
    expectTypeOf<'alias_conflict'>().toExtend<typeof error.errorCode>();
    expectTypeOf<'a_code_from_a_newer_server'>().toExtend<typeof error.errorCode>();
    expectTypeOf(error).toExtend<PasswordlessErrorBody>();
    if (typeof error.rawBody === 'string') expectTypeOf(error.errorCode).toEqualTypeOf<null>();
  } else {
    expectTypeOf(data.token).toEqualTypeOf<string>();
  }
});

test('ErrorCode is the spec’s enum', () => {
  expectTypeOf<'expired_token'>().toExtend<ErrorCode>();
  expectTypeOf<'max_users_exceeded'>().not.toExtend<ErrorCode>();
});

test('parameters and bodies are checked', () => {
  // @ts-expect-error userId is required
  void client.GET('/credentials/list', { params: { query: {} } });
  // @ts-expect-error the body is required
  void client.POST('/register/token');
  // @ts-expect-error the spec has no such path
  void client.GET('/credentials');
  // @ts-expect-error a call takes no fetch of its own: the client's retries and error bodies live in its own fetch
  void client.GET('/users/count', { fetch: async () => Response.json({ count: 1 }) });
  // Defaulted members of a request body are optional.
  void client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } });
});

test('unwrap() returns the data type', async () => {
  const unwrapped = await client.unwrap(client.POST('/register/token', { body: { userId: 'u1', username: 'fry' } }));
  expectTypeOf(unwrapped.token).toEqualTypeOf<string>();
});
