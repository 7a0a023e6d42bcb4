// Authentication configurations (/auth-configs/*) as the server's AuthenticationConfigurationService keeps them: the
// stored ones in key order, then the `step-up` and `sign-in` presets when they are not stored; adding an existing
// purpose (a preset included) is a 400, editing an unknown one a 404 problem, deleting an unknown one a 404 with no
// body, and the presets cannot be deleted. Which configuration a sign-in uses: signin.test.ts.
import { describe, expect, it } from 'vitest';
import { startEmulator, withSecret } from './harness.js';

const secret = withSecret();
const preset = (purpose: string) => ({
  purpose,
  userVerificationRequirement: 'preferred',
  timeToLive: 120,
  hints: '',
  createdBy: 'System',
  createdOn: null,
  editedBy: null,
  editedOn: null,
  lastUsedOn: null,
});

describe('the configurations', () => {
  it('lists the presets, step-up first, until any are stored', async () => {
    const { get } = await startEmulator();
    expect((await get('/auth-configs/list', secret)).body).toEqual({
      configurations: [preset('step-up'), preset('sign-in')],
    });
    expect((await get('/auth-configs/list?purpose=sign-in', secret)).body).toEqual({
      configurations: [preset('sign-in')],
    });
    expect((await get('/auth-configs/list?purpose=nothing', secret)).body).toEqual({ configurations: [] });
  });

  it('adds, lists in key order before the presets, edits and deletes, as the server writes them', async () => {
    const { get, post, clock, violations } = await startEmulator();
    const add = (purpose: string) =>
      post(
        '/auth-configs/add',
        {
          purpose,
          userVerificationRequirement: 'required',
          timeToLive: '00:05:00',
          hints: ['security-key', 'hybrid'],
          performedBy: 'ann',
        },
        secret,
      );
    expect((await add('zeta')).status).toBe(201);
    expect((await add('alpha')).status).toBe(201);
    const listed = (await get('/auth-configs/list', secret)).body.configurations;
    expect(listed.map((config: { purpose: string }) => config.purpose)).toEqual([
      'alpha',
      'zeta',
      'step-up',
      'sign-in',
    ]);
    expect(listed[0]).toEqual({
      purpose: 'alpha',
      userVerificationRequirement: 'required',
      timeToLive: 300,
      hints: 'SecurityKey, Hybrid',
      createdBy: 'ann',
      createdOn: expect.stringMatching(/^2026-03-01T12:00:00(\.\d+)?\+00:00$/),
      editedBy: null,
      editedOn: null,
      lastUsedOn: null,
    });

    clock.advance(60_000);
    expect(
      (await post('/auth-configs', { purpose: 'alpha', timeToLive: '00:00:30', performedBy: 'bob' }, secret)).status,
    ).toBe(204);
    const [edited] = (await get('/auth-configs/list?purpose=alpha', secret)).body.configurations;
    expect(edited).toMatchObject({
      userVerificationRequirement: 'preferred',
      timeToLive: 30,
      hints: '',
      createdBy: 'ann',
      editedBy: 'bob',
      editedOn: expect.stringMatching(/^2026-03-01T12:01:00(\.\d+)?\+00:00$/),
    });

    // Editing a preset stores it.
    expect(
      (await post('/auth-configs', { purpose: 'step-up', timeToLive: '00:01:00', performedBy: 'bob' }, secret)).status,
    ).toBe(204);
    const afterEdit = (await get('/auth-configs/list', secret)).body.configurations;
    expect(afterEdit.map((config: { purpose: string }) => config.purpose)).toEqual([
      'alpha',
      'step-up',
      'zeta',
      'sign-in',
    ]);
    expect(afterEdit[1]).toMatchObject({ createdBy: 'System', createdOn: null, editedBy: 'bob', timeToLive: 60 });

    expect((await post('/auth-configs/delete', { purpose: 'zeta', performedBy: 'ann' }, secret)).status).toBe(204);
    expect((await get('/auth-configs/list?purpose=zeta', secret)).body).toEqual({ configurations: [] });
    expect(violations).toEqual([]);
  });

  it('answers each mistake as the server does', async () => {
    const { post, violations } = await startEmulator();
    const exists = await post('/auth-configs/add', { purpose: 'sign-in', performedBy: 'me' }, secret);
    expect(exists.status).toBe(400);
    expect(exists.body).toMatchObject({ title: 'The configuration sign-in already exists.', errorCode: null });
    const unknown = await post('/auth-configs', { purpose: 'nothing', performedBy: 'me' }, secret);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ title: 'The configuration nothing does not exist.', errorCode: null });
    const deleteUnknown = await post('/auth-configs/delete', { purpose: 'nothing', performedBy: 'me' }, secret);
    expect(deleteUnknown.status).toBe(404);
    expect(deleteUnknown.text).toBe('');
    const deletePreset = await post('/auth-configs/delete', { purpose: 'sign-in', performedBy: 'me' }, secret);
    expect(deletePreset.status).toBe(400);
    expect(deletePreset.body.title).toBe('The sign-in configuration cannot be deleted.');
    expect(violations).toEqual([]);
  });
});
