// What the emulator keeps for each app, modelled on what the server stores (its EF entities): keys, features, the
// users' credentials and aliases, authentication configurations, events, sent magic links and the authenticator
// allow/block list. Every record is plain JSON, so the whole state can be exported, saved to a file and loaded again.
// Times are kept as the server writes them (`databaseDateTime`), so a record reads the same in every answer.
import type { components } from '../../../generated/openapi.js';
import type { TokenKey } from '../tokens/token-codec.js';

type Schemas = components['schemas'];

export type KeyKind = 'public' | 'secret';
export type ScopeName = Schemas['ApiKeyScopeName'];
export type UserVerificationRequirement = Schemas['UserVerificationRequirement'];
export type CredentialHint = Schemas['PublicKeyCredentialHint'];

export interface ApiKeyRecord {
  /** The key's last four characters, the server's key id. */
  id: string;
  kind: KeyKind;
  /** Public keys are stored in full, as on the server. */
  publicKey?: string;
  /** Secrets are stored only as SHA-256 (hex), so no state file or export ever holds one. */
  secretHash?: string;
  scopes: ScopeName[];
  createdAt: string;
  isLocked: boolean;
  lastLockedAt: string | null;
}

export interface AppFeatures {
  eventLoggingIsEnabled: boolean;
  eventLoggingRetentionPeriod: number;
  developerLoggingEndsAt: string | null;
  maxUsers: number | null;
  allowAttestation: boolean;
  isGenerateSignInTokenEndpointEnabled: boolean;
  isMagicLinksEnabled: boolean;
  magicLinkEmailMonthlyQuota: number;
}

export interface CredentialRecord {
  /** base64url, as `descriptor.id`. */
  credentialId: string;
  transports: string[] | null;
  /** Standard base64 of the COSE key. */
  publicKey: string;
  /** Standard base64 of the user handle. */
  userHandle: string;
  signatureCounter: number;
  attestationFmt: string;
  createdAt: string;
  aaGuid: string;
  lastUsedAt: string;
  rpid: string | null;
  origin: string;
  country: string;
  device: string;
  nickname: string | null;
  userId: string;
  backupState: boolean | null;
  isBackupEligible: boolean | null;
  isDiscoverable: boolean | null;
}

export interface AliasRecord {
  userId: string;
  /** Base64 of SHA-256 over the tenant and the alias, as the server stores it. */
  hash: string;
  plaintext: string | null;
}

export interface AuthConfigRecord {
  purpose: string;
  userVerificationRequirement: UserVerificationRequirement;
  timeToLiveSeconds: number;
  /** Kebab values, as the request gives them. */
  hints: CredentialHint[];
  createdBy: string;
  createdOn: string | null;
  editedBy: string | null;
  editedOn: string | null;
  lastUsedOn: string | null;
}

export type EventType = Schemas['EventType'];
export type EventSeverity = Schemas['EventSeverity'];

export interface EventRecord {
  performedAt: string;
  message: string;
  performedBy: string;
  eventType: EventType;
  severity: EventSeverity;
  subject: string;
  apiKeyId: string;
}

export interface SentMagicLink {
  sentAt: string;
  emailAddress: string;
  userId: string;
  /** The link with the token in place of `$TOKEN`. */
  link: string;
  /** When the link's token expires, as the token holds it (absent in states saved before the emulator kept it). */
  expiresAt?: string;
}

export interface AuthenticatorRecord {
  aaGuid: string;
  isAllowed: boolean;
  createdAt: string;
}

export interface AppDeletion {
  deletedBy: string;
  deleteAt: string;
}

/** Per-app configuration overrides of the server (`ApplicationOverrides:<appId>`). */
export interface AppOverrides {
  /** Skips the admin-only rule and the monthly quota of magic links. */
  isMagicLinkQuotaBypassEnabled: boolean;
}

/** What the server keeps of an app after deleting it: the authentication configurations, which no foreign key ties to it. */
export interface DeletedAppRecord {
  appId: string;
  authConfigs: AuthConfigRecord[];
}

export interface AppRecord {
  appId: string;
  createdAt: string;
  overrides: AppOverrides;
  adminEmails: string[];
  keys: ApiKeyRecord[];
  features: AppFeatures;
  deletion: AppDeletion | null;
  credentials: CredentialRecord[];
  aliases: AliasRecord[];
  authConfigs: AuthConfigRecord[];
  events: EventRecord[];
  magicLinks: SentMagicLink[];
  authenticators: AuthenticatorRecord[];
  /** Signs the tokens this app's operations issue. */
  tokenKey: TokenKey;
}
