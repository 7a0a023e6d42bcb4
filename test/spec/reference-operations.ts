// The 34 client-facing operations of the real server, as ../shared/reference/api-inventory.md lists them in
// section 2 (rows 1-34), with the statuses and errorCodes sections 3 and 5 give each one; then the 20 ManagementKey
// operations of section 4 (src/Api/Endpoints/Apps.cs and MetaDataService.cs), with the statuses their code and the
// recorded flows (recordings/flows/) give. The spec must cover all of them; this table is the checklist, not a
// second source for the spec's content.
export interface ReferenceOperation {
  method: 'get' | 'post' | 'delete';
  path: string;
  security: 'ApiSecret' | 'ApiKey' | 'ManagementKey' | 'none';
  statuses: number[];
  errorCodes: string[];
}

const sessionTokenErrors = ['missing_token', 'invalid_token', 'invalid_token_format'];
const tokenErrors = [...sessionTokenErrors, 'expired_token'];

export const referenceOperations: ReferenceOperation[] = [
  {
    method: 'post',
    path: '/register/token',
    security: 'ApiSecret',
    statuses: [200, 400, 401, 403, 409],
    errorCodes: ['max_users_reached', 'invalid_attestation', 'attestation_not_supported_on_plan', 'alias_conflict'],
  },
  {
    method: 'post',
    path: '/register/begin',
    security: 'ApiKey',
    statuses: [200, 400, 401, 403, 500],
    errorCodes: [
      ...tokenErrors,
      'missing_userid',
      'invalid_attestation',
      'attestation_not_supported_on_plan',
      'invalid_argument',
    ],
  },
  // The /complete operations decode the session token but never check its age, so no expired_token there; and
  // register/complete stores the token's aliases, so it can meet alias_conflict (Fido2Service.RegisterCompleteAsync).
  {
    method: 'post',
    path: '/register/complete',
    security: 'ApiKey',
    statuses: [200, 400, 401, 403, 409, 500],
    errorCodes: [
      ...sessionTokenErrors,
      'fido2_invalid_registration',
      'authenticator_not_allowed',
      'attestation_required',
      'alias_conflict',
    ],
  },
  { method: 'post', path: '/signin/begin', security: 'ApiKey', statuses: [200, 400, 401, 403, 500], errorCodes: [] },
  {
    method: 'post',
    path: '/signin/complete',
    security: 'ApiKey',
    statuses: [200, 400, 401, 403],
    errorCodes: [...sessionTokenErrors, 'unknown_credential', 'signin_complete_error'],
  },
  {
    method: 'post',
    path: '/signin/verify',
    security: 'ApiSecret',
    statuses: [200, 400, 401, 403, 500],
    errorCodes: tokenErrors,
  },
  {
    method: 'post',
    path: '/signin/generate-token',
    security: 'ApiSecret',
    statuses: [200, 400, 401, 403],
    errorCodes: [],
  },
  {
    method: 'post',
    path: '/alias',
    security: 'ApiSecret',
    statuses: [204, 400, 401, 409, 500],
    errorCodes: ['alias_conflict'],
  },
  { method: 'get', path: '/alias/list', security: 'ApiSecret', statuses: [200, 400, 401], errorCodes: [] },
  { method: 'get', path: '/credentials/list', security: 'ApiSecret', statuses: [200, 400, 401], errorCodes: [] },
  { method: 'post', path: '/credentials/list', security: 'ApiSecret', statuses: [200, 400, 401], errorCodes: [] },
  {
    method: 'post',
    path: '/credentials/delete',
    security: 'ApiSecret',
    statuses: [204, 400, 401, 500],
    errorCodes: [],
  },
  { method: 'get', path: '/users/list', security: 'ApiSecret', statuses: [200, 401], errorCodes: [] },
  { method: 'get', path: '/users/count', security: 'ApiSecret', statuses: [200, 401], errorCodes: [] },
  { method: 'post', path: '/users/delete', security: 'ApiSecret', statuses: [200, 400, 401], errorCodes: [] },
  {
    method: 'post',
    path: '/magic-links/send',
    security: 'ApiSecret',
    statuses: [204, 400, 401, 403, 429],
    errorCodes: ['magic_link_email_admin_address_only', 'magic_link_email_quota_exceeded'],
  },
  { method: 'get', path: '/auth-configs/list', security: 'ApiSecret', statuses: [200, 401], errorCodes: [] },
  { method: 'post', path: '/auth-configs/add', security: 'ApiSecret', statuses: [201, 400, 401], errorCodes: [] },
  { method: 'post', path: '/auth-configs', security: 'ApiSecret', statuses: [204, 400, 401, 404], errorCodes: [] },
  {
    method: 'post',
    path: '/auth-configs/delete',
    security: 'ApiSecret',
    statuses: [204, 400, 401, 404],
    errorCodes: [],
  },
  { method: 'post', path: '/apps/features', security: 'ApiSecret', statuses: [204, 400, 401], errorCodes: [] },
  { method: 'get', path: '/events', security: 'ApiSecret', statuses: [200, 400, 401, 500], errorCodes: [] },
  {
    method: 'get',
    path: '/authenticators/list',
    security: 'ApiSecret',
    statuses: [200, 400, 401, 403],
    errorCodes: ['attestation_not_supported_on_plan'],
  },
  {
    method: 'post',
    path: '/authenticators/add',
    security: 'ApiSecret',
    statuses: [204, 400, 401, 403],
    errorCodes: ['attestation_not_supported_on_plan'],
  },
  {
    method: 'post',
    path: '/authenticators/remove',
    security: 'ApiSecret',
    statuses: [204, 400, 401, 403],
    errorCodes: ['attestation_not_supported_on_plan'],
  },
  {
    method: 'get',
    path: '/reporting/credentials/periodic',
    security: 'ApiSecret',
    statuses: [200, 400, 401],
    errorCodes: [],
  },
  {
    method: 'get',
    path: '/reporting/active-users/periodic',
    security: 'ApiSecret',
    statuses: [200, 400, 401],
    errorCodes: [],
  },
  { method: 'get', path: '/', security: 'none', statuses: [200], errorCodes: [] },
  { method: 'get', path: '/health/http', security: 'none', statuses: [200], errorCodes: [] },
  { method: 'get', path: '/health/storage', security: 'none', statuses: [200, 503], errorCodes: [] },
  { method: 'get', path: '/health/version', security: 'none', statuses: [200], errorCodes: [] },
  { method: 'get', path: '/health/mail', security: 'none', statuses: [200, 503], errorCodes: [] },
  { method: 'get', path: '/health/throw/api', security: 'none', statuses: [400], errorCodes: ['test_error'] },
  { method: 'get', path: '/health/throw/exception', security: 'none', statuses: [500], errorCodes: [] },
  ...managementOperations(),
];

/** The self-hosted server's ManagementKey operations (api-inventory section 4). */
function managementOperations(): ReferenceOperation[] {
  const app = '/admin/apps/{appId}';
  const key = `${app}/api-keys/{apiKeyId}`;
  const operation = (
    method: ReferenceOperation['method'],
    path: string,
    statuses: number[],
    errorCodes: string[] = [],
  ) => ({ method, path, security: 'ManagementKey', statuses, errorCodes }) satisfies ReferenceOperation;
  return [
    operation('get', `${app}/available`, [200, 400, 401]),
    // A taken id is a 409 with errorCode null; two new keys that end alike collide in the database (500).
    operation('post', `${app}/create`, [200, 400, 401, 409, 415, 500]),
    operation('post', `${app}/freeze`, [204, 401]),
    operation('post', `${app}/unfreeze`, [204, 401]),
    // A scope number outside the enum is a 500 (flow-app-lifecycle-500-15).
    operation('post', `${app}/public-keys`, [200, 400, 401, 415, 500], ['create_api_key_scopes_required']),
    operation('post', `${app}/secret-keys`, [200, 400, 401, 415, 500], ['create_api_key_scopes_required']),
    operation('get', `${app}/api-keys`, [200, 401]),
    operation('post', `${key}/lock`, [204, 401, 404], ['api_key_not_found']),
    operation('post', `${key}/unlock`, [204, 401, 404], ['api_key_not_found']),
    operation('delete', key, [204, 401, 404], ['api_key_not_found']),
    operation('get', '/apps/list-pending-deletion', [200, 401]),
    operation('delete', app, [200, 400, 401], ['app_not_found', 'app_not_pending_deletion']),
    operation('get', `${app}/can-delete-immediately`, [200, 400, 401], ['app_not_found']),
    operation('post', `${app}/mark-delete`, [200, 400, 401, 415], ['app_not_found', 'app_pending_deletion']),
    operation('post', `${app}/cancel-delete`, [200, 401]),
    // An app id that no app has: the POST fails on the missing features (500), the GET answers the fallback.
    operation('post', `${app}/features`, [204, 400, 401, 415, 500]),
    operation('get', `${app}/features`, [200, 401]),
    // Without the FIDO metadata blob (offline, no mds.jwt) every /mds route is a 500.
    operation('get', '/mds/attestation-types', [200, 401, 500]),
    operation('get', '/mds/certification-statuses', [200, 401, 500]),
    operation('get', '/mds/entries', [200, 400, 401, 500]),
  ];
}

/** Responses the server sends with an empty body, and the ones it sends as text. */
export const emptyBodyResponses = [
  ['post', '/users/delete', 200],
  ['post', '/auth-configs/add', 201],
  ['post', '/auth-configs/delete', 404],
] as const;
export const textResponses = [
  ['get', '/', 200],
  ['get', '/health/http', 200],
] as const;
