// The emulator's state as JSON (`GET /__mock/state`, `mock.exportState()`, the `--state` file), and the check that a
// snapshot read back is one: ajv against the schema below, with a message that names the first wrong member.
import { Ajv } from 'ajv';
import type { AppRecord, DeletedAppRecord } from './records.js';

export interface StateSnapshot {
  version: 1;
  apps: AppRecord[];
  /** What the server keeps of deleted apps: their authentication configurations (absent when there is none). */
  deletedApps?: DeletedAppRecord[];
}

const text = { type: 'string' };
const nullableText = { type: ['string', 'null'] };
const flag = { type: 'boolean' };
const nullableFlag = { type: ['boolean', 'null'] };
const count = { type: 'integer', minimum: 0 };
const record = (properties: Record<string, object>) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
});

const authConfigList = {
  type: 'array',
  items: record({
    purpose: text,
    userVerificationRequirement: { enum: ['required', 'preferred', 'discouraged'] },
    timeToLiveSeconds: { type: 'integer' },
    hints: { type: 'array', items: { enum: ['security-key', 'client-device', 'hybrid'] } },
    createdBy: text,
    createdOn: nullableText,
    editedBy: nullableText,
    editedOn: nullableText,
    lastUsedOn: nullableText,
  }),
};

const appIdSchema = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]{2,62}$' };

const appSchema = record({
  appId: appIdSchema,
  createdAt: text,
  overrides: record({ isMagicLinkQuotaBypassEnabled: flag }),
  adminEmails: { type: 'array', items: text },
  keys: {
    type: 'array',
    items: {
      ...record({
        id: text,
        kind: { enum: ['public', 'secret'] },
        scopes: { type: 'array', items: text },
        createdAt: text,
        isLocked: flag,
        lastLockedAt: nullableText,
      }),
      properties: {
        id: text,
        kind: { enum: ['public', 'secret'] },
        publicKey: text,
        secretHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        scopes: { type: 'array', items: { enum: ['register', 'login', 'token_register', 'token_verify'] } },
        createdAt: text,
        isLocked: flag,
        lastLockedAt: nullableText,
      },
    },
  },
  features: record({
    eventLoggingIsEnabled: flag,
    eventLoggingRetentionPeriod: count,
    developerLoggingEndsAt: nullableText,
    maxUsers: { type: ['integer', 'null'] },
    allowAttestation: flag,
    isGenerateSignInTokenEndpointEnabled: flag,
    isMagicLinksEnabled: flag,
    magicLinkEmailMonthlyQuota: count,
  }),
  deletion: { oneOf: [{ type: 'null' }, record({ deletedBy: text, deleteAt: text })] },
  credentials: {
    type: 'array',
    items: record({
      credentialId: text,
      transports: { type: ['array', 'null'], items: text },
      publicKey: text,
      userHandle: text,
      signatureCounter: count,
      attestationFmt: text,
      createdAt: text,
      aaGuid: text,
      lastUsedAt: text,
      rpid: nullableText,
      origin: text,
      country: text,
      device: text,
      nickname: nullableText,
      userId: text,
      backupState: nullableFlag,
      isBackupEligible: nullableFlag,
      isDiscoverable: nullableFlag,
    }),
  },
  aliases: { type: 'array', items: record({ userId: text, hash: text, plaintext: nullableText }) },
  authConfigs: authConfigList,
  events: {
    type: 'array',
    items: record({
      performedAt: text,
      message: text,
      performedBy: text,
      eventType: text,
      severity: { enum: ['Unknown', 'Alert', 'Warning', 'Informational', 'Error'] },
      subject: text,
      apiKeyId: text,
    }),
  },
  magicLinks: {
    type: 'array',
    items: {
      ...record({ sentAt: text, emailAddress: text, userId: text, link: text }),
      properties: { sentAt: text, emailAddress: text, userId: text, link: text, expiresAt: text },
    },
  },
  authenticators: { type: 'array', items: record({ aaGuid: text, isAllowed: flag, createdAt: text }) },
  tokenKey: record({ id: { type: 'integer' }, secret: text }),
});

const snapshotSchema = {
  ...record({ version: { const: 1 }, apps: { type: 'array', items: appSchema } }),
  properties: {
    version: { const: 1 },
    apps: { type: 'array', items: appSchema },
    deletedApps: { type: 'array', items: record({ appId: appIdSchema, authConfigs: authConfigList }) },
  },
};

let validate: ReturnType<Ajv['compile']> | undefined;

/** The snapshot, checked; throws an Error naming the first wrong member. */
export function readStateSnapshot(snapshot: unknown): StateSnapshot {
  validate ??= new Ajv({ strict: false, allErrors: false }).compile(snapshotSchema);
  if (!validate(snapshot)) {
    const [error] = validate.errors ?? [];
    const where = error?.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'the state';
    throw new Error(`Not an emulator state: ${where} ${error?.message ?? 'is not valid'}.`);
  }
  const apps = (snapshot as StateSnapshot).apps;
  const ids = new Set<string>();
  for (const app of apps) {
    if (ids.has(app.appId.toLowerCase())) throw new Error(`Not an emulator state: the app ${app.appId} appears twice.`);
    ids.add(app.appId.toLowerCase());
  }
  return snapshot as StateSnapshot;
}
