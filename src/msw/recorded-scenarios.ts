// The recorded scenarios the msw handlers replay, imported (not read from disk) so that they ship inside the bundle.
// One import per folder of test/recordings/scenarios/; test/msw/recorded-scenarios.test.ts fails when one is missing.

import aliasConflict from '../../test/recordings/scenarios/alias-conflict/recording.json' with { type: 'json' };
import aliasSetAndList from '../../test/recordings/scenarios/alias-set-and-list/recording.json' with { type: 'json' };
import appFeatures from '../../test/recordings/scenarios/app-features/recording.json' with { type: 'json' };
import authConfigs from '../../test/recordings/scenarios/auth-configs/recording.json' with { type: 'json' };
import authenticators from '../../test/recordings/scenarios/authenticators/recording.json' with { type: 'json' };
import credentialsListAndDelete from '../../test/recordings/scenarios/credentials-list-and-delete/recording.json' with {
  type: 'json',
};
import events from '../../test/recordings/scenarios/events/recording.json' with { type: 'json' };
import magicLinks from '../../test/recordings/scenarios/magic-links/recording.json' with { type: 'json' };
import managementApiKeys from '../../test/recordings/scenarios/management-api-keys/recording.json' with {
  type: 'json',
};
import managementAppLifecycle from '../../test/recordings/scenarios/management-app-lifecycle/recording.json' with {
  type: 'json',
};
import passkeySignIn from '../../test/recordings/scenarios/passkey-sign-in/recording.json' with { type: 'json' };
import registerToken from '../../test/recordings/scenarios/register-token/recording.json' with { type: 'json' };
import registerTokenValidation from '../../test/recordings/scenarios/register-token-validation/recording.json' with {
  type: 'json',
};
import reporting from '../../test/recordings/scenarios/reporting/recording.json' with { type: 'json' };
import signInTokenGenerateAndVerify from '../../test/recordings/scenarios/sign-in-token-generate-and-verify/recording.json' with {
  type: 'json',
};
import signInVerifyExpiredToken from '../../test/recordings/scenarios/sign-in-verify-expired-token/recording.json' with {
  type: 'json',
};
import signInVerifyMalformedTokens from '../../test/recordings/scenarios/sign-in-verify-malformed-tokens/recording.json' with {
  type: 'json',
};
import unknownUserId from '../../test/recordings/scenarios/unknown-user-id/recording.json' with { type: 'json' };
import usersListCountDelete from '../../test/recordings/scenarios/users-list-count-delete/recording.json' with {
  type: 'json',
};
import wrongKeys from '../../test/recordings/scenarios/wrong-keys/recording.json' with { type: 'json' };
import type { RecordingFile } from '../recording/exchange.js';

/** The name of a recorded scenario: its folder under test/recordings/scenarios/. */
export type ScenarioName =
  | 'alias-conflict'
  | 'alias-set-and-list'
  | 'app-features'
  | 'auth-configs'
  | 'authenticators'
  | 'credentials-list-and-delete'
  | 'events'
  | 'magic-links'
  | 'management-api-keys'
  | 'management-app-lifecycle'
  | 'passkey-sign-in'
  | 'register-token'
  | 'register-token-validation'
  | 'reporting'
  | 'sign-in-token-generate-and-verify'
  | 'sign-in-verify-expired-token'
  | 'sign-in-verify-malformed-tokens'
  | 'unknown-user-id'
  | 'users-list-count-delete'
  | 'wrong-keys';

// Spelled out rather than inferred from the JSON, so the published types stay small; the test checks each file's shape.
const files: Record<ScenarioName, unknown> = {
  'alias-conflict': aliasConflict,
  'alias-set-and-list': aliasSetAndList,
  'app-features': appFeatures,
  'auth-configs': authConfigs,
  authenticators: authenticators,
  'credentials-list-and-delete': credentialsListAndDelete,
  events: events,
  'magic-links': magicLinks,
  'management-api-keys': managementApiKeys,
  'management-app-lifecycle': managementAppLifecycle,
  'passkey-sign-in': passkeySignIn,
  'register-token': registerToken,
  'register-token-validation': registerTokenValidation,
  reporting: reporting,
  'sign-in-token-generate-and-verify': signInTokenGenerateAndVerify,
  'sign-in-verify-expired-token': signInVerifyExpiredToken,
  'sign-in-verify-malformed-tokens': signInVerifyMalformedTokens,
  'unknown-user-id': unknownUserId,
  'users-list-count-delete': usersListCountDelete,
  'wrong-keys': wrongKeys,
};

export const recordedScenarios = files as Record<ScenarioName, RecordingFile>;
