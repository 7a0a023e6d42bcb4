// The emulator's HTTP front door (`npm start`, `startMock()`): node:http in front of the emulator core
// (src/emulator/), plus what only a process has: the spec and docs files it publishes, a log line per request, a
// state file loaded at start and written on close and on demand (`POST /__mock/state/save`), and the proxy mode.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type EmulatorResponse,
  emptyResponse,
  emulatorUsageProblem,
  reasonHeader,
  reasonHeaderValue,
  type StateSnapshot,
} from '../emulator/index.js';
import { loadSpecDocument } from './load-spec-document.js';
import { createProxy } from './proxy.js';
import { publishedFiles } from './published-files.js';
import { receiveBody } from './receive-body.js';
import { formatMessage, type LogFormat, type LogLine, logRequest } from './request-log.js';

/**
 * The emulator's options (environment, apps, managementKey, example, limits, onContractViolation, clock), and what only
 * a process has. Its state comes from `stateFile`.
 */
export interface MockOptions extends Omit<EmulatorOptions, 'spec' | 'state' | 'answerFromOutside'> {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; defaults to 127.0.0.1. */
  host?: string;
  /** The bundled spec to serve (YAML or JSON); defaults to the spec of the passwordless-contract package. */
  spec?: string;
  /** An HTML file to serve at /docs (a placeholder while it does not exist); no /docs route when left out. */
  docsFile?: string;
  /** Receives one line per request (method, path, status, ms, reason); silent when left out. */
  log?: LogLine;
  /** `text` (the default) or `json` lines. */
  logFormat?: LogFormat;
  /** A JSON file of the emulator's state: loaded at start when it exists, written on close and on `POST /__mock/state/save`. */
  stateFile?: string;
  /**
   * Forwards every API request to this server instead of answering it, and checks each answer against the spec:
   * a violation goes to `onContractViolation` (and the log), the answer itself is passed on unchanged.
   */
  proxy?: string;
}

export interface RunningMock {
  /** Base URL of the API, e.g. `http://127.0.0.1:4010`, without a trailing slash. */
  url: string;
  /** Back to the starting state; tokens issued before stop verifying. */
  reset(): Promise<void>;
  /** The whole state as JSON (secrets only as hashes). */
  exportState(): StateSnapshot;
  /** Replaces the whole state; throws an Error that says what is wrong with the snapshot. */
  importState(snapshot: unknown): void;
  /** Writes the state file now (with `stateFile` only). */
  saveState(): void;
  /** Writes the state file (with `stateFile`), stops listening and ends open connections. */
  close(): Promise<void>;
  readonly emulator: Emulator;
}

const saveRoute = '/__mock/state/save';

function readStateFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `The state file ${path} is not JSON (${(error as Error).message}); fix it or delete it to start fresh.`,
    );
  }
}

function writeStateFile(path: string, snapshot: StateSnapshot): void {
  mkdirSync(dirname(path), { recursive: true });
  // Written beside and renamed, so a crash mid-write never leaves half a state behind.
  const partial = `${path}.partial`;
  writeFileSync(partial, `${JSON.stringify(snapshot, null, 2)}\n`);
  renameSync(partial, path);
}

/** The options the door hands to the emulator: all but its own. */
function emulatorOptionsOf(options: MockOptions): Omit<EmulatorOptions, 'spec'> {
  const { port, host, spec, docsFile, log, logFormat, stateFile, proxy, ...emulatorOptions } = options;
  return emulatorOptions;
}

/**
 * The port startMock() was given is taken. The message speaks to a library user (the `port` option); the command
 * words its own advice (--port, PORT) from `code`, `port` and `host`.
 */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  readonly code = 'EADDRINUSE';

  constructor(
    readonly port: number,
    readonly host: string,
    cause: unknown,
  ) {
    super(`Port ${port} is already in use on ${host}: pass startMock() another \`port\`, or 0 for a free one.`, {
      cause,
    });
  }
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const spec = loadSpecDocument(options.spec);
  const stateFile = options.stateFile === undefined ? undefined : resolve(options.stateFile);
  let initialState: unknown;
  if (stateFile && existsSync(stateFile)) {
    initialState = readStateFile(stateFile);
  }
  const emulator = await createEmulator({
    ...emulatorOptionsOf(options),
    spec,
    ...(initialState === undefined ? {} : { state: initialState }),
  }).catch((error: Error) => {
    throw stateFile && initialState !== undefined ? new Error(`The state file ${stateFile}: ${error.message}`) : error;
  });
  const published = publishedFiles(spec, options.docsFile);
  const proxy =
    options.proxy === undefined
      ? undefined
      : createProxy(spec, options.proxy, (violation) => {
          options.onContractViolation?.(violation);
          options.log?.(formatMessage(options.logFormat ?? 'text', `contract violation: ${violation}`));
        });
  const saveState = () => {
    if (stateFile) writeStateFile(stateFile, emulator.exportState());
  };

  async function answer(request: IncomingMessage, method: string, url: URL): Promise<EmulatorResponse> {
    const file = published(method, url.pathname);
    if (file) return file;
    // The body is read whatever the outcome, so the client always gets its answer on a healthy connection.
    const body = await receiveBody(request);
    if (url.pathname.replace(/\/+$/, '').toLowerCase() === saveRoute) {
      if (method !== 'POST') return { ...emptyResponse(405, `${saveRoute} takes POST.`), headers: { allow: 'POST' } };
      if (!stateFile)
        return emulatorUsageProblem(404, 'No state file', 'Start the mock with --state <file> to save its state.');
      saveState();
      return emptyResponse(204, `State written to ${stateFile}.`);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const forwarded = { method, path: `${url.pathname}${url.search}`, headers, body };
    return proxy ? proxy(forwarded) : emulator.handle(forwarded);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://mock.invalid');
    } catch {
      url = new URL('http://mock.invalid/');
    }
    let result: EmulatorResponse | undefined;
    if (options.log)
      logRequest(request, response, url.pathname, options.log, options.logFormat ?? 'text', () => result?.reason);
    try {
      result = await answer(request, method, url);
    } catch (error) {
      result = emulatorUsageProblem(
        500,
        'The mock failed',
        `The mock failed on ${method} ${url.pathname}: ${(error as Error).message}`,
      );
    }
    const headers: Record<string, string> = { ...result.headers };
    if (result.reason) headers[reasonHeader] = reasonHeaderValue(result.reason);
    if (result.status !== 204 && result.status !== 304)
      headers['content-length'] = String(result.body === undefined ? 0 : Buffer.byteLength(result.body));
    response.writeHead(result.status, headers);
    response.end(method === 'HEAD' ? undefined : result.body);
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  // A client that stops sending halfway gets cut off instead of holding the mock forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  // Bytes that are not HTTP at all get Kestrel's answer: a bare 400 (431 for headers too large), and the connection closed.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host, error) : error);
    });
    server.listen(port, host, () => resolvePromise());
  });
  const address = server.address() as AddressInfo;
  const printableHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${printableHost}:${address.port}`,
    reset: () => emulator.reset(),
    exportState: () => emulator.exportState(),
    importState: (snapshot) => emulator.importState(snapshot),
    saveState,
    close: () =>
      (closing ??= new Promise<void>((resolvePromise, reject) => {
        saveState();
        server.close((error) => (error ? reject(error) : resolvePromise()));
        server.closeAllConnections();
      })),
    emulator,
  };
}
