// The emulator's state as JSON (`GET /__mock/state`, `mock.exportState()`, the `--state` file), and the check that a
// snapshot read back is one: ajv against the schema below, with a message that names the first wrong member. The
// lists that grow with the users (credentials, aliases, events, sent magic links) are checked record by record in
// slices (sliced-work.ts), so a check of a million users never holds the event loop for long.
import { Ajv, type ValidateFunction } from 'ajv';
import type { AppRecord, DeletedAppRecord } from './records.js';
import { SliceCounter, type SlicedWork } from './sliced-work.js';

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

const keyList = {
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
};

const featuresSchema = record({
  eventLoggingIsEnabled: flag,
  eventLoggingRetentionPeriod: count,
  developerLoggingEndsAt: nullableText,
  maxUsers: { type: ['integer', 'null'] },
  allowAttestation: flag,
  isGenerateSignInTokenEndpointEnabled: flag,
  isMagicLinksEnabled: flag,
  magicLinkEmailMonthlyQuota: count,
});

/** The records of the lists that grow with the users, each checked on its own. */
const recordSchemas = {
  credentials: record({
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
  aliases: record({ userId: text, hash: text, plaintext: nullableText }),
  events: record({
    performedAt: text,
    message: text,
    performedBy: text,
    eventType: text,
    severity: { enum: ['Unknown', 'Alert', 'Warning', 'Informational', 'Error'] },
    subject: text,
    apiKeyId: text,
  }),
  magicLinks: {
    ...record({ sentAt: text, emailAddress: text, userId: text, link: text }),
    properties: { sentAt: text, emailAddress: text, userId: text, link: text, expiresAt: text },
  },
} as const;

type RecordList = keyof typeof recordSchemas;
const recordLists = Object.keys(recordSchemas) as RecordList[];
const anyList = { type: 'array' };

const appSchema = record({
  appId: appIdSchema,
  createdAt: text,
  overrides: record({ isMagicLinkQuotaBypassEnabled: flag }),
  adminEmails: { type: 'array', items: text },
  keys: keyList,
  features: featuresSchema,
  deletion: { oneOf: [{ type: 'null' }, record({ deletedBy: text, deleteAt: text })] },
  // Their records are checked one by one, in slices.
  credentials: anyList,
  aliases: anyList,
  authConfigs: authConfigList,
  events: anyList,
  magicLinks: anyList,
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

interface Validators {
  shell: ValidateFunction;
  records: Record<RecordList, ValidateFunction>;
}

let validators: Validators | undefined;

function compiled(): Validators {
  if (!validators) {
    const ajv = new Ajv({ strict: false, allErrors: false });
    validators = {
      shell: ajv.compile(snapshotSchema),
      records: Object.fromEntries(recordLists.map((list) => [list, ajv.compile(recordSchemas[list])])) as Record<
        RecordList,
        ValidateFunction
      >,
    };
  }
  return validators;
}

/** Throws the Error that names the first wrong member, under `at` (a path of members, dotted). */
function refuse(validate: ValidateFunction, at: string): never {
  const [error] = validate.errors ?? [];
  const inside = error?.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : '';
  const where = [at, inside].filter(Boolean).join('.') || 'the state';
  throw new Error(`Not an emulator state: ${where} ${error?.message ?? 'is not valid'}.`);
}

/**
 * Checks the snapshot, yielding when a slice of records is done; returns it as a StateSnapshot (the same object,
 * neither copied nor changed), or throws an Error naming the first wrong member.
 */
export function* checkStateSnapshot(snapshot: unknown, slices = new SliceCounter()): SlicedWork<StateSnapshot> {
  const { shell, records } = compiled();
  if (!shell(snapshot)) refuse(shell, '');
  const apps = (snapshot as StateSnapshot).apps;
  const ids = new Set<string>();
  for (const app of apps) {
    if (ids.has(app.appId.toLowerCase())) throw new Error(`Not an emulator state: the app ${app.appId} appears twice.`);
    ids.add(app.appId.toLowerCase());
  }
  for (const [appIndex, app] of apps.entries()) {
    for (const list of recordLists) {
      const check = records[list];
      const items: readonly unknown[] = app[list];
      for (let index = 0; index < items.length; index++) {
        if (!check(items[index])) refuse(check, `apps.${appIndex}.${list}.${index}`);
        if (slices.tick()) yield;
      }
    }
  }
  return snapshot as StateSnapshot;
}
