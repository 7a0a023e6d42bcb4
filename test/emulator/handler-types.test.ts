// Handlers are typed from the spec: the table must name every operation, and a handler may answer only the statuses,
// bodies and error codes its operation declares. The `@ts-expect-error` lines below are the proof (`npm run typecheck`
// fails if one of them compiles); at run time, every operation of the bundled spec has a handler, and an operation the
// emulator has none for (a newer spec) gets a clear 501 instead of a made-up answer.
import { describe, expect, it } from 'vitest';
import { noContent } from '../../src/emulator/handling/answers.js';
import { apiErrors } from '../../src/emulator/handling/api-errors.js';
import type { Handlers, OperationId } from '../../src/emulator/handling/operation-types.js';
import type { OpenApiDocument } from '../../src/emulator/index.js';
import { SpecDocument } from '../../src/emulator/index.js';
import { hasHandler, operationHandlers } from '../../src/emulator/operations/operation-handlers.js';
import { registrationHandlers } from '../../src/emulator/operations/registration.js';
import { bundledSpecDocument, startEmulator, withSecret } from './harness.js';

describe('the handler types', () => {
  it('refuse a table without every operation, and answers an operation does not declare', () => {
    // @ts-expect-error: the table lacks the other operations' handlers.
    const incomplete: Handlers<OperationId> = { ...registrationHandlers };
    const wrongAnswers: Handlers<'countUsers' | 'setAliases'> = {
      // @ts-expect-error: /users/count declares no 204.
      countUsers: () => noContent(),
      // @ts-expect-error: /alias declares 400, but not the code max_users_reached.
      setAliases: () => apiErrors.maxUsersReached(1),
    };
    const wrongBody: Handlers<'countUsers'> = {
      // @ts-expect-error: /users/count answers `{ count }`.
      countUsers: ({ ok }) => ok({ total: 1 }),
    };
    expect([incomplete, wrongAnswers, wrongBody].every((table) => typeof table === 'object')).toBe(true);
  });
});

describe('the handler table', () => {
  it('has a handler for every operation of the bundled spec, and nothing else', () => {
    const operationIds = bundledSpecDocument().operations.map((entry) => entry.operation.operationId);
    expect(operationIds.filter((id) => !hasHandler(id))).toEqual([]);
    expect(Object.keys(operationHandlers).sort()).toEqual([...operationIds].sort());
  });

  it('answers an operation it has no handler for with 501, naming it, after the usual checks', async () => {
    const document = structuredClone(bundledSpecDocument().document) as OpenApiDocument;
    const countUsers = document.paths['/users/count'] as Record<string, { operationId: string }>;
    document.paths['/users/count-active'] = { get: { ...countUsers.get, operationId: 'countActiveUsers' } };
    const { call, violations } = await startEmulator({ spec: new SpecDocument(document, 'newer-spec.json') });
    expect((await call('GET', '/users/count-active')).status).toBe(401);
    const answer = await call('GET', '/users/count-active', { headers: withSecret() });
    expect(answer.status).toBe(501);
    expect(answer.body.detail).toBe(
      'GET /users/count-active (countActiveUsers) has no handler in this emulator: the spec it serves is newer than the emulator.',
    );
    expect(violations).toEqual([]);
  });
});
