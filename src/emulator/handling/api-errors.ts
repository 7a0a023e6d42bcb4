// Every ApiException the emulator raises, as the server raises it: status, `errorCode` (one of the spec's, or null)
// and title, in one catalog, so that a status or a wording is decided in one place. Each builder's type carries its
// status and code, which a handler may return only where its operation declares them (operation-types.ts).
import type { ApiError, EmptyAnswer, ErrorCode } from './operation-types.js';

/** The statuses the server's ApiExceptions use. */
type ApiErrorStatus = 400 | 403 | 404 | 409 | 429;

function apiError<const S extends ApiErrorStatus, const Code extends ErrorCode | null>(
  status: S,
  errorCode: Code,
  title: string,
  more: { extras?: Record<string, unknown>; reason?: string } = {},
): ApiError<S, Code> {
  return { kind: 'api-error', status, errorCode, title, ...more };
}

/** The server's errors, by what went wrong. */
export const apiErrors = {
  // Ceremonies and tokens (Fido2Service, TokenService)
  originRequired: () => apiError(400, null, 'Origin is required.'),
  missingToken: (prefix: string) =>
    apiError(400, 'missing_token', `This operation requires a token that starts with '${prefix}' to be passed.`),
  wrongTokenPrefix: (prefix: string, value: string) =>
    apiError(
      400,
      'invalid_token',
      `The token you sent was not correct. The token used for this endpoint should start with '${prefix}'. ` +
        `Make sure you are not sending the wrong value. The value you sent started with '${value.slice(0, 10)}'`,
    ),
  unreadableToken: () =>
    apiError(
      400,
      'invalid_token_format',
      'The token you supplied was not formatted correctly. It should be valid base64url.',
    ),
  tokenOfAnotherApp: (appId: string) =>
    apiError(
      400,
      'invalid_token',
      'The token you supplied was not valid. It could be that the token has expired or that it was not issued for this tenant.',
      {
        reason: `The token was not issued by this app (${appId}), or was issued before the emulator's state was reset.`,
      },
    ),
  expiredToken: (age: string) => apiError(403, 'expired_token', `The token expired ${age} ago.`),

  // Registration
  maxUsersReached: (maxUsers: number) =>
    apiError(400, 'max_users_reached', 'Maximum number of users reached', {
      reason: `The app allows ${maxUsers} users (features.maxUsers).`,
    }),
  invalidAttestation: () => apiError(400, 'invalid_attestation', 'Attestation type not supported'),
  attestationNotOnPlan: (appId: string) =>
    apiError(400, 'attestation_not_supported_on_plan', 'Attestation type not supported on your plan', {
      reason: `The app ${appId} does not allow attestation (features.allowAttestation).`,
    }),
  aliasConflict: () => apiError(409, 'alias_conflict', 'Alias is already in use by another userid'),
  tokenWithoutUserId: () => apiError(400, 'missing_userid', 'The token does not contain a valid userId'),
  /** fido2-net-lib's `ToEnum` on a value it does not know. */
  notAnEnumValue: (value: string, enumName: string, valid: string) =>
    apiError(
      400,
      'invalid_argument',
      `Value '${value}' is not a valid enum name of 'Fido2NetLib.Objects.${enumName}'. Valid values are: ${valid}.`,
    ),
  /** A credential fido2-net-lib refuses, with its message. */
  invalidRegistration: (message: string) => apiError(400, 'fido2_invalid_registration', message),
  credentialNotUnique: () => apiError(400, 'fido2_invalid_registration', 'CredentialId is not unique to this user'),
  authenticatorBlocked: () =>
    apiError(
      400,
      'authenticator_not_allowed',
      'The authenticator is on the blocklist and is not allowed to be used for registration.',
    ),
  attestationRequired: () =>
    apiError(
      400,
      'attestation_required',
      "Attestation 'none' was used for registration, but an allowlist was configured. Please use a supported attestation method.",
    ),
  authenticatorNotOnAllowlist: () =>
    apiError(
      400,
      'authenticator_not_allowed',
      'An allowlist was configured. The authenticator is not found on the allowlist and is not allowed to be used for registration.',
    ),

  // Sign-in
  unknownCredential: (credentialId: unknown) =>
    apiError(400, 'unknown_credential', "We don't recognize the passkey you sent us.", {
      extras: { credentialId },
      reason: 'No credential of this app has that id (deleted, or registered before a reset).',
    }),
  /** An assertion fido2-net-lib refuses, with its message. */
  invalidAssertion: (message: string) => apiError(400, 'signin_complete_error', message),
  generateTokenDisabled: (appId: string) =>
    apiError(403, null, "The 'POST /signin/generate-token' endpoint is disabled", {
      reason: `The app ${appId} has the generate-token feature off.`,
    }),

  // Users, aliases and credentials
  userIdRequired: () => apiError(400, 'missing_userid', 'userId must not be null or empty'),
  userIdEmpty: () => apiError(400, null, 'UserId is empty'),
  credentialIdRequired: () => apiError(400, null, 'credentialId must not be null or empty'),

  // Magic links
  magicLinksDisabled: (appId: string) =>
    apiError(403, null, 'You must enable Magic Links in settings in order to use this feature.', {
      reason: `Magic links are off for ${appId} (POST /apps/features with enableMagicLinks: true).`,
    }),
  magicLinksToAdminsOnly: (reason: string) =>
    apiError(
      403,
      'magic_link_email_admin_address_only',
      'Because your application has been created less than 24 hours ago, you can only request magic links to the admin email address.',
      { reason },
    ),
  magicLinkQuotaExceeded: (reason: string) =>
    apiError(
      429,
      'magic_link_email_quota_exceeded',
      'You have reached your monthly quota for magic link emails. Please try again later.',
      { reason },
    ),

  // Authentication configurations
  configurationExists: (purpose: string) => apiError(400, null, `The configuration ${purpose} already exists.`),
  configurationNotFound: (purpose: string) => apiError(404, null, `The configuration ${purpose} does not exist.`),
  /** Deleting an unknown configuration: `Results.NotFound()`, no body. */
  noConfigurationToDelete: (purpose: string): EmptyAnswer<404> => ({
    kind: 'empty',
    status: 404,
    reason: `No configuration has the purpose ${purpose}.`,
  }),
  presetNotDeletable: (purpose: string) => apiError(400, null, `The ${purpose} configuration cannot be deleted.`),

  // App settings
  noBody: () => apiError(400, null, "No 'body' or 'parameters' were passed."),
  attestationOff: () =>
    apiError(403, 'attestation_not_supported_on_plan', 'Attestation is not supported on your plan.'),
  unknownAuthenticator: () => apiError(400, null, 'One or more authenticators do not exist in the FIDO2 MDS.'),

  // Management
  invalidAppId: () => apiError(400, null, 'accountName needs to be alphanumeric and start with a letter'),
  appIdTaken: (appId: string) => apiError(409, null, `accountName '${appId}' is not available`),
  appNotFound: () => apiError(400, 'app_not_found', 'App was not found.'),
  apiKeyNotFound: () => apiError(404, 'api_key_not_found', 'Apikey was not found'),
  scopesRequired: () => apiError(400, 'create_api_key_scopes_required', 'Please select at least one scope.'),
  appPendingDeletion: () => apiError(400, 'app_pending_deletion', 'App is already pending to be deleted.'),
  appNotPendingDeletion: () => apiError(400, 'app_not_pending_deletion', 'App was not scheduled for deletion.'),
  appNotDeletableYet: () => apiError(400, 'app_not_pending_deletion', 'App cannot be deleted yet.'),

  // Health
  testError: () => apiError(400, 'test_error', 'Testing error response'),
};
