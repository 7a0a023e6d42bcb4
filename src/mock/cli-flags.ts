// The flags of the mock's command (`passwordless-mock`, `npm start --`): one entry per flag, which gives its --help
// line and turns its value into startMock()'s options. Adding a flag is adding an entry here. Nothing here may load the
// server: --help reads this table alone.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MockOptions } from './server.js';

/** A mistake in the command line: printed as one line, with the way to see the options. */
export class UsageError extends Error {}

export interface CliSettings {
  /** What startMock() receives. */
  mock: MockOptions;
  /** How the request log is printed: one text line, or one JSON object per request. */
  log: 'text' | 'json';
  /**
   * `--environment` as given: runMockCli reads it with the emulator's parseEnvironment once the flags are read, so
   * that --help loads no emulator.
   */
  environment?: string;
  /** `--limit` values and PASSWORDLESS_MOCK_LIMITS as given, read by runMockCli as `--environment` is. */
  limits?: { from: string; settings: string[] }[];
}

export interface CliFlag {
  /** One-letter alias, as in `-p 8080`. */
  short?: string;
  /** The value's placeholder in --help; a flag without one is a switch. */
  value?: string;
  /** Can be given more than once; `apply` then runs once per value, in order. */
  multiple?: boolean;
  /** Its --help line, default included. */
  help: string;
  /** The value used when the flag is not given. */
  fallback?: () => string | undefined;
  /** Stores the value in the settings; throws UsageError for a value it cannot take. */
  apply?: (value: string, settings: CliSettings) => void;
}

export const cliFlags: Record<string, CliFlag> = {
  port: {
    short: 'p',
    value: '<port>',
    help: 'port to listen on (default: $PORT, else 4010; 0 picks a free port)',
    fallback: () => process.env.PORT || '4010',
    apply(value, settings) {
      if (!/^\d+$/.test(value) || Number(value) > 65535)
        throw new UsageError(`--port must be a number from 0 to 65535, not "${value}".`);
      settings.mock.port = Number(value);
    },
  },
  host: {
    value: '<host>',
    help: 'interface to listen on (default: 127.0.0.1; 0.0.0.0 for every interface: /__mock/* then needs a token)',
    apply(value, settings) {
      settings.mock.host = value;
    },
  },
  'allowed-host': {
    value: '<name>',
    multiple: true,
    help: "one more name /__mock/* answers to besides this machine's (a docker-compose service name); repeatable",
    apply(value, settings) {
      const name = value.trim();
      if (name === '' || /[\s/@]/.test(name))
        throw new UsageError(
          `--allowed-host takes a host name such as passwordless-mock or .example.test, not "${value}".`,
        );
      settings.mock.allowedHosts = [...(settings.mock.allowedHosts ?? []), name];
    },
  },
  'control-token': {
    value: '<token>',
    help: 'the token /__mock/* requires (Authorization: Bearer <token>; also PASSWORDLESS_MOCK_CONTROL_TOKEN); generated for a --host beyond loopback',
    fallback: () => process.env.PASSWORDLESS_MOCK_CONTROL_TOKEN || undefined,
    apply(value, settings) {
      // The value is a secret: the message names its shape, never the value itself.
      if (value.length < 16 || /\s/.test(value))
        throw new UsageError('--control-token must be at least 16 characters long, without spaces.');
      settings.mock.controlToken = value;
    },
  },
  spec: {
    value: '<file>',
    help: 'the bundled OpenAPI spec to serve, YAML or JSON (default: the spec of passwordless-contract)',
    apply(value, settings) {
      const path = resolve(value);
      if (!existsSync(path))
        throw new UsageError(`--spec: no file at ${path}; pass the path of a bundled OpenAPI spec (.yaml or .json).`);
      settings.mock.spec = path;
    },
  },
  example: {
    value: '<name>',
    help: 'answer every operation that has the example <name> with it (expired_token, unknown_credential…)',
    apply(value, settings) {
      settings.mock.example = value;
    },
  },
  environment: {
    value: '<name>',
    help: 'Production (the default: as the cloud answers) or Development (as a self-hosted server in Development)',
    fallback: () => process.env.PASSWORDLESS_ENVIRONMENT || undefined,
    apply(value, settings) {
      settings.environment = value;
    },
  },
  state: {
    value: '<file>',
    help: 'keep the state in this JSON file: loaded at start when it exists, written on exit and on POST /__mock/state/save',
    apply(value, settings) {
      settings.mock.stateFile = resolve(value);
    },
  },
  app: {
    value: '<secret>,<key>',
    multiple: true,
    help: 'hold one more app, given by its ApiSecret and ApiKey (<appId>:secret:<32 hex>,<appId>:public:<32 hex>); repeatable',
    apply(value, settings) {
      const [secret = '', publicKey = ''] = value.split(',').map((part) => part.trim());
      const appId = secret.slice(0, secret.indexOf(':'));
      const shape = (kind: string) => new RegExp(`^${appId}:${kind}:[0-9a-f]{32}$`);
      // The value is a key: the message names its shape, never the value itself.
      if (
        !/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(appId) ||
        !shape('secret').test(secret) ||
        !shape('public').test(publicKey)
      ) {
        throw new UsageError(
          '--app takes <appId>:secret:<32 lowercase hex>,<appId>:public:<32 lowercase hex>, both of the same app.',
        );
      }
      settings.mock.apps = [...(settings.mock.apps ?? []), { appId, secretKeys: [secret], publicKeys: [publicKey] }];
    },
  },
  limit: {
    value: '<name>=<n>',
    multiple: true,
    help: 'raise or lower one of the emulator\'s limits, such as usersPerApp=200000 (the names: the emulator guide; also PASSWORDLESS_MOCK_LIMITS="apps=50000,usersPerApp=200000"); repeatable',
    apply(value, settings) {
      settings.limits = [...(settings.limits ?? []), { from: `--limit ${value}`, settings: [value] }];
    },
  },
  'management-key': {
    value: '<key>',
    help: 'enable the ManagementKey operations with this key (also PASSWORDLESS_MANAGEMENT_KEY); without one they answer 401',
    fallback: () => process.env.PASSWORDLESS_MANAGEMENT_KEY || undefined,
    apply(value, settings) {
      settings.mock.managementKey = value;
    },
  },
  proxy: {
    value: '<url>',
    help: 'forward every API request to this server instead, and log each answer that breaks the spec',
    apply(value, settings) {
      settings.mock.proxy = value;
    },
  },
  'proxy-timeout': {
    value: '<seconds>',
    help: 'how long --proxy waits for the upstream to connect, answer or send more of its answer (default: 30)',
    apply(value, settings) {
      const seconds = Number(value);
      if (!/^\d+(\.\d+)?$/.test(value) || seconds <= 0)
        throw new UsageError(`--proxy-timeout must be a number of seconds above 0, not "${value}".`);
      settings.mock.proxyTimeoutMs = seconds * 1000;
    },
  },
  'check-answers': {
    help: "check the emulator's own answers against the spec and log every violation (test suites)",
    apply(_, settings) {
      settings.mock.onContractViolation = (violation) => console.error(`contract violation: ${violation}`);
    },
  },
  log: {
    value: 'text|json',
    help: 'one line per request as text (the default) or as a JSON object',
    apply(value, settings) {
      if (value !== 'text' && value !== 'json') throw new UsageError(`--log must be text or json, not "${value}".`);
      settings.log = value;
    },
  },
  help: { short: 'h', help: 'show this help' },
};
