// The client sends an operation again (after a network error, a missed deadline, 429, 502, 503 or 504) only when the
// spec marks it x-passwordless-idempotent: the first attempt may have reached the server, so a retry must get the
// answer a single call would have had. This is the audit of every operation that is not a GET against what the real
// server does on a second call (bitwarden/passwordless-server at 20232df8, and its recordings): the spec's marks must
// say exactly this.
import { describe, expect, test } from 'vitest';
import { listOperations, loadBundledSpec } from '../helpers/bundled-spec.js';

/** Safe to send twice, and what the server does on the second call. */
const secondCall: Record<string, [safe: boolean, why: string]> = {
  createRegisterToken: [true, 'mints another valid token; nothing is stored'],
  beginRegistration: [false, 'a browser ceremony step, sent by the browser client, which does not retry'],
  completeRegistration: [false, 'a browser ceremony step, sent by the browser client, which does not retry'],
  beginSignin: [false, 'a browser ceremony step, sent by the browser client, which does not retry'],
  completeSignin: [false, 'a browser ceremony step, sent by the browser client, which does not retry'],
  verifySignin: [true, 'a verify_ token verifies again until it expires (the recordings show it)'],
  generateSigninToken: [true, 'mints another valid token; nothing is stored'],
  setAliases: [true, "StoreAlias replaces the user's aliases with the same ones"],
  listCredentialsViaPost: [true, 'a read'],
  deleteCredential: [false, 'the credential is gone: its event log dereferences null and answers 500'],
  deleteUser: [true, 'deletes nothing more and answers 200 again'],
  sendMagicLink: [false, 'sends a second e-mail and spends quota'],
  addAuthConfig: [false, 'the purpose now exists: "The configuration … already exists."'],
  updateAuthConfig: [true, 'overwrites the configuration with the same settings'],
  deleteAuthConfig: [false, 'the purpose is gone: "The configuration … does not exist."'],
  setAppFeatures: [true, 'writes the same settings'],
  addAuthenticators: [true, 'finds the AAGUIDs stored and sets the same allowance'],
  removeAuthenticators: [true, 'deletes nothing more'],
  createApp: [false, "the id is taken: a second call answers 409, and the first call's keys are lost"],
  replaceAppFeatures: [true, 'writes the same five features'],
  freezeApp: [true, 'locks every key again'],
  unfreezeApp: [true, 'unlocks every key and clears the deletion date again'],
  createPublicKey: [false, 'makes a second key'],
  createSecretKey: [false, 'makes a second key'],
  lockApiKey: [true, 'sets IsLocked again; the row still counts, so 204'],
  unlockApiKey: [true, 'clears IsLocked again; the row still counts, so 204'],
  deleteApiKey: [false, 'no row to delete: 404 api_key_not_found'],
  markAppForDeletion: [false, 'already pending: 400 app_pending_deletion, or app_not_found if it was deleted at once'],
  cancelAppDeletion: [true, 'unlocks the keys and clears the deletion date again'],
  deleteApp: [false, 'the app is gone: 400 app_not_found'],
};

const unsafeMethods = listOperations(loadBundledSpec()).filter(({ method }) => method !== 'get');

describe('x-passwordless-idempotent follows what the server does on a second call', () => {
  test('the audit covers every operation that is not a GET', () => {
    expect(unsafeMethods.map(({ operation }) => operation.operationId).sort()).toEqual(Object.keys(secondCall).sort());
  });

  test.each(
    unsafeMethods.map(({ method, path, operation }) => [`${method.toUpperCase()} ${path}`, operation] as const),
  )('%s', (_name, operation) => {
    const [safe, why] = secondCall[operation.operationId]!;
    expect(Boolean(operation['x-passwordless-idempotent']), `a second call: ${why}`).toBe(safe);
  });
});
