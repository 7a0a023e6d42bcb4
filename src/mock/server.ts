// The emulator's HTTP front door (`npm start`, `startMock()`): node:http in front of the emulator core
// (src/emulator/), plus what only a process has: the spec and docs files it publishes, the state page (`/__mock/ui`,
// state-page.ts), a log line per request, a state file loaded at start and written on every stop and on demand
// (`POST /__mock/state/save`), the proxy mode, and what keeps it safe on a developer's machine: the control plane's
// rules (control-plane.ts), Kestrel's timeouts and bounds on connections and buffered bodies (server-limits.ts), and
// no key in a log line or a reason (key-masking.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import {
  bodyLimitBytes,
  createEmulator,
  type Emulator,
  type EmulatorClock,
  type EmulatorOptions,
  type EmulatorResponse,
  type ExportStateOptions,
  emptyResponse,
  emulatorUsageProblem,
  HandedOverState,
  isControlPlanePath,
  maskKeys,
  type RequestTarget,
  readRequestTarget,
  type StateDump,
  type StateSnapshot,
  stateView,
} from '../emulator/index.js';
import { ConnectionGuard } from './connection-guard.js';
import { controlPlaneGuard, controlToken } from './control-plane.js';
import { sharedSpecDocument } from './load-spec-document.js';
import { MockResponse } from './mock-response.js';
import { createProxy } from './proxy.js';
import { publishedFiles } from './published-files.js';
import { RequestBodies, tooSlow } from './receive-body.js';
import { formatMessage, type LogFormat, type LogLine, requestLogLine } from './request-log.js';
import { resolveServerLimits, type ServerLimits } from './server-limits.js';
import { checkStateFileWritable, readStateFile, StateFile } from './state-file.js';
import { isStatePagePath, statePage } from './state-page.js';
import { writeAnswer, writeRequestTimeout } from './write-answer.js';

/**
 * The emulator's options (environment, apps, managementKey, example, limits, onContractViolation, clock), and what only
 * a process has. Its state comes from `stateFile`.
 */
export interface MockOptions extends Omit<EmulatorOptions, 'spec' | 'state' | 'answerFromOutside'> {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Interface to listen on; defaults to 127.0.0.1. Another than a loopback address makes the emulator reachable from
   * other machines: its control plane then requires a token (`controlToken`, generated when not given).
   */
  host?: string;
  /** The bundled spec to serve (YAML or JSON); defaults to the spec of the passwordless-contract package. */
  spec?: string;
  /** An HTML file to serve at /docs (a placeholder while it does not exist); no /docs route when left out. */
  docsFile?: string;
  /** Receives one line per request (method, path, status, ms, reason), key-shaped values masked; silent when left out. */
  log?: LogLine;
  /** `text` (the default) or `json` lines. */
  logFormat?: LogFormat;
  /**
   * A JSON file of the emulator's state: loaded at start when it exists, checked for writing at start, written on
   * close and on `POST /__mock/state/save`.
   */
  stateFile?: string;
  /**
   * Forwards every API request to this server instead of answering it, and checks each answer against the spec:
   * a violation goes to `onContractViolation` (and the log), the answer itself is passed on unchanged.
   */
  proxy?: string;
  /** How long the proxy waits for the upstream (to connect, to answer, for the next bytes of an answer); 30 s. */
  proxyTimeoutMs?: number;
  /**
   * Names the control plane (`/__mock/*`) answers to besides this machine's own (localhost, loopback and own
   * addresses, `host`), as Vite's `server.allowedHosts`: a docker-compose service name, say. `.example.test` allows
   * that domain and its subdomains.
   */
  allowedHosts?: string[];
  /**
   * The token the control plane requires (`Authorization: Bearer <token>`, at least 16 characters). Required when
   * `host` is not a loopback address, and generated then unless given (`RunningMock.controlToken`).
   */
  controlToken?: string;
  /** The HTTP door's bounds, Kestrel's by default: header and body timeouts, connections, request bodies in memory. */
  serverLimits?: Partial<ServerLimits>;
}

export interface RunningMock {
  /** Base URL of the API, e.g. `http://127.0.0.1:4010`, without a trailing slash. */
  url: string;
  /** The token the control plane requires, or undefined when it requires none (listening on loopback only). */
  controlToken: string | undefined;
  /** Back to the starting state; tokens issued before stop verifying. */
  reset(): Promise<void>;
  /** The whole state as JSON, without each app's token-signing key and secret hashes unless `includeSecrets`. */
  exportState(options: { includeSecrets: true }): StateSnapshot;
  exportState(options?: ExportStateOptions): StateDump;
  /** Replaces the whole state with an export; throws an Error that says what is wrong with the snapshot. */
  importState(snapshot: unknown): void;
  /** Writes the state file now (with `stateFile` only); the emulator keeps answering while it writes. */
  saveState(): Promise<void>;
  /**
   * The emulator's clock, as `/__mock/clock` moves it: `clock.advance(120)` expires a token of 60 s without waiting,
   * `clock.set('2026-03-01T12:00:00Z')` sets it (never back past an issued token unless `{ allowBackwards: true }`),
   * `clock.reset()` puts it back on the real time.
   */
  readonly clock: EmulatorClock;
  /**
   * Stops listening, lets requests being answered finish (1.5 s at most), then writes the state file (with
   * `stateFile`). Rejects when the file could not be written, saying where the state went instead.
   */
  close(): Promise<void>;
  readonly emulator: Emulator;
}

const saveRoute = '/__mock/state/save';
/** Answers up to this size are checked against the spec in proxy mode; larger ones stream through unchecked. */
const checkedAnswerBytes = 1 << 20;
/** How long `close()` lets requests being answered finish before it ends their connections. */
const closeGraceMs = 1500;

/** The request's headers as the emulator takes them: lower-case names, repeated ones joined with `, `. */
function joinedHeaders(request: IncomingMessage): Record<string, string> {
  const given = request.headers;
  // node:http joins repeated headers itself, all but Set-Cookie, which it keeps as a list: most requests need no copy.
  if (given['set-cookie'] === undefined) return given as Record<string, string>;
  const headers: Record<string, string> = {};
  for (const name in given) {
    const value = given[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Answers without the body: what the client sends is read and dropped; a body it was to wait for, not asked. */
function answerUnread(
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
  expectsContinue: boolean,
  result: EmulatorResponse,
): string | undefined {
  if (expectsContinue) writeAnswer(response, method, result, { connection: 'close' });
  else {
    request.resume();
    writeAnswer(response, method, result);
  }
  return result.reason;
}

/** The options the door hands to the emulator: all but its own. */
function emulatorOptionsOf(options: MockOptions): Omit<EmulatorOptions, 'spec'> {
  const {
    port,
    host,
    spec,
    docsFile,
    log,
    logFormat,
    stateFile,
    proxy,
    proxyTimeoutMs,
    allowedHosts,
    controlToken,
    serverLimits,
    ...emulatorOptions
  } = options;
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
  const limits = resolveServerLimits(options.serverLimits);
  const spec = sharedSpecDocument(options.spec);
  const stateFilePath = options.stateFile === undefined ? undefined : resolve(options.stateFile);
  let initialState: unknown;
  if (stateFilePath) {
    initialState = await readStateFile(stateFilePath);
    checkStateFileWritable(stateFilePath);
  }
  // Every log line and violation leaves with its key-shaped values masked, whatever wrote it.
  const userLog = options.log;
  const log = userLog ? (line: string) => userLog(maskKeys(line)) : undefined;
  const logFormat = options.logFormat ?? 'text';
  const userOnViolation = options.onContractViolation;
  const onContractViolation = userOnViolation ? (violation: string) => userOnViolation(maskKeys(violation)) : undefined;
  const emulator = await createEmulator({
    ...emulatorOptionsOf(options),
    spec,
    // The file's records are the mock's alone: the emulator keeps them (no copy of a million users).
    ...(initialState === undefined ? {} : { state: new HandedOverState(initialState) }),
    ...(onContractViolation ? { onContractViolation } : {}),
  }).catch((error: Error) => {
    throw stateFilePath && initialState !== undefined
      ? new Error(`The state file ${stateFilePath}: ${error.message}`)
      : error;
  });
  const controlPlaneRules = {
    listenHost: host,
    allowedHosts: options.allowedHosts ?? [],
    ...(options.controlToken === undefined ? {} : { token: options.controlToken }),
  };
  const token = controlToken(controlPlaneRules);
  const guardControlPlane = controlPlaneGuard(controlPlaneRules, token);
  const published = publishedFiles(spec, options.docsFile);
  const proxy =
    options.proxy === undefined
      ? undefined
      : createProxy(spec, {
          upstream: options.proxy,
          timeoutMs: options.proxyTimeoutMs ?? 30_000,
          checkedAnswerBytes,
          onViolation: (violation) => {
            onContractViolation?.(violation);
            log?.(formatMessage(logFormat, `contract violation: ${violation}`));
          },
        });
  const stateFile = stateFilePath ? new StateFile(stateFilePath, () => stateView(emulator.state)) : undefined;
  const bodies = new RequestBodies(limits);
  const connections = new ConnectionGuard(limits.maxConnections);
  const rate = limits.minRequestBodyDataRate;
  const tooSlowReason = rate
    ? `The request body arrived slower than ${rate.bytesPerSecond} bytes/s after ${rate.gracePeriodMs / 1000} s ` +
      "(Kestrel's minimum request body data rate); the connection was closed."
    : '';

  async function saveOnDemand(method: string): Promise<EmulatorResponse> {
    if (method !== 'POST') return { ...emptyResponse(405, `${saveRoute} takes POST.`), headers: { allow: 'POST' } };
    if (!stateFile)
      return emulatorUsageProblem(404, 'No state file', 'Start the mock with --state <file> to save its state.');
    try {
      await stateFile.save();
    } catch (error) {
      return emulatorUsageProblem(
        500,
        'The state could not be written',
        `Could not write ${stateFile.path}: ${(error as Error).message}. The state is still held in memory.`,
      );
    }
    return emptyResponse(204, `State written to ${stateFile.path}.`);
  }

  /** Answers one request; resolves with the reason for the log once the answer is written. */
  async function answer(
    request: IncomingMessage,
    response: MockResponse,
    method: string,
    url: RequestTarget,
    expectsContinue: boolean,
  ): Promise<string | undefined> {
    const path = `${url.pathname}${url.search}`;
    const headers = joinedHeaders(request);
    const file = published(method, url.pathname);
    if (file) return answerUnread(request, response, method, expectsContinue, file);
    const controlPlane = isControlPlanePath(url.pathname);
    if (controlPlane) {
      const page = isStatePagePath(url.pathname);
      const refusal = await guardControlPlane(request.headers, { withoutToken: page });
      if (refusal) return answerUnread(request, response, method, expectsContinue, refusal);
      if (page) return answerUnread(request, response, method, expectsContinue, statePage(method));
    }
    if (proxy && !controlPlane) {
      return proxy.forward({
        request,
        response,
        method,
        path,
        expectsContinue,
        watchRate: (onTooSlow) => bodies.rates.watch(onTooSlow),
        answerOversized: (size) => answerOversized(method, path, headers, size),
        explain: (reason) => {
          response.reason = reason;
        },
      });
    }
    if (expectsContinue) {
      // As Kestrel: a body over the limit gets its answer without a 100 Continue, so it is never sent.
      const declared = Number(request.headers['content-length']);
      if (declared > bodyLimitBytes) {
        const oversized = await answerOversized(method, path, headers, declared);
        return answerUnread(request, response, method, expectsContinue, oversized);
      }
      response.writeContinue();
    }
    const body = await bodies.read(request, response);
    if (body === tooSlow) {
      writeRequestTimeout(response, tooSlowReason);
      return tooSlowReason;
    }
    const result =
      controlPlane && url.pathname.replace(/\/+$/, '').toLowerCase() === saveRoute
        ? await saveOnDemand(method)
        : await emulator.handle({ method, path, headers, body });
    writeAnswer(response, method, result);
    return result.reason;
  }

  /** What the emulator answers when this request's body has `size` bytes, over the limit: its body is not needed. */
  function answerOversized(method: string, path: string, headers: Record<string, string>, size: number) {
    return emulator.handle({ method, path, headers, body: { bytes: new Uint8Array(), size } });
  }

  let inFlight = 0;
  let allAnswered: (() => void) | undefined;

  // Shared by every response (`this`): the connection's bookkeeping, then the request's log line.
  function onResponseClosed(this: MockResponse): void {
    connections.requestEnded(this.req.socket);
    if (--inFlight === 0) allAnswered?.();
    log?.(requestLogLine(logFormat, this.logged()));
  }

  function handle(request: IncomingMessage, response: MockResponse, expectsContinue: boolean): void {
    inFlight++;
    connections.requestStarted(request.socket);
    response.on('close', onResponseClosed);
    const method = (request.method ?? 'GET').toUpperCase();
    const url = readRequestTarget(request.url ?? '/', 'http://mock.invalid');
    response.startedAt = performance.now();
    response.pathname = url.pathname;
    // Not an async function around answer(): one frame less for every request.
    answer(request, response, method, url, expectsContinue).then(
      (reason) => {
        response.reason = reason;
      },
      (error: unknown) => {
        const failure = emulatorUsageProblem(
          500,
          'The mock failed',
          `The mock failed on ${method} ${url.pathname}: ${(error as Error).message}`,
        );
        response.reason = failure.reason;
        if (response.headersSent) response.destroy();
        else writeAnswer(response, method, failure);
      },
    );
  }

  const server = createServer<typeof IncomingMessage, typeof MockResponse>(
    {
      ServerResponse: MockResponse,
      headersTimeout: limits.requestHeadersTimeoutMs,
      // Kestrel has no whole-request timeout: a body is held to the minimum data rate instead (receive-body.ts).
      requestTimeout: 0,
      // How often node:http looks for connections past the headers timeout: Kestrel's heartbeat is once a second.
      connectionsCheckingInterval: Math.min(1000, Math.max(20, limits.requestHeadersTimeoutMs / 4)),
    },
    (request, response) => handle(request, response, false),
  );
  server.on('checkContinue', (request: IncomingMessage, response: MockResponse) => handle(request, response, true));
  server.on('connection', (socket) => connections.accept(socket));
  // Bytes that are not HTTP at all get Kestrel's answer: a bare 400 (431 for headers too large, 408 for headers that
  // did not arrive in time), and the connection closed. A connection that never sent a byte is closed silently.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const silent = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.bytesRead === 0;
    if (!socket.writable || error.code === 'ECONNRESET' || silent) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host, error) : error);
    });
    server.listen(port, host, () => resolvePromise());
  });
  const address = server.address() as AddressInfo;
  const printableHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  async function stop(): Promise<void> {
    const closed = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    server.closeIdleConnections();
    if (inFlight > 0) {
      await new Promise<void>((resolvePromise) => {
        const timer = setTimeout(resolvePromise, closeGraceMs);
        allAnswered = () => {
          clearTimeout(timer);
          resolvePromise();
        };
      });
    }
    server.closeAllConnections();
    await closed;
    // Written once nothing can change the state any more: what the last answers did is in the file.
    await stateFile?.saveOnStop();
  }

  let closing: Promise<void> | undefined;
  return {
    url: `http://${printableHost}:${address.port}`,
    controlToken: token,
    reset: () => emulator.reset(),
    exportState: ((exportOptions?: ExportStateOptions) =>
      emulator.exportState(exportOptions)) as RunningMock['exportState'],
    importState: (snapshot) => emulator.importState(snapshot),
    saveState: async () => {
      await stateFile?.save();
    },
    close: () => (closing ??= stop()),
    clock: emulator.clock,
    emulator,
  };
}
