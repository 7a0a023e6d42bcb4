// The proxy mode (`--proxy <upstream>`, as `prism proxy` has it): every API request goes on to a real server, and each
// answer comes back unchanged, checked against the spec on the way. It is a faithful pipe: `Expect: 100-continue` is
// passed on (the upstream's 100 or its early answer comes back), bodies and answers stream through with backpressure
// (nothing is held whole), a body over the server's limit gets the emulator's own answer (the same 413 as without
// --proxy) and never reaches the upstream cut short, and an upstream that refuses, resets, stays silent past the
// timeout or answers something that is not HTTP gets an answer of the emulator that says which. Answers up to
// `checkedAnswerBytes` are held, checked and then passed on, a violation reported in the log and in `x-mock-reason`;
// larger ones stream through unchecked, which the log says.
import { type ClientRequest, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { SpecDocument } from '../emulator/index.js';
import {
  AnswerValidator,
  bodyLimitBytes,
  createRouter,
  type EmulatorResponse,
  emulatorUsageProblem,
  reasonHeader,
  reasonHeaderValue,
} from '../emulator/index.js';
import type { RateWatch } from './body-rate.js';
import { writeAnswer, writeRequestTimeout } from './write-answer.js';

/** Hop-by-hop headers (RFC 9110 §7.6.1), and `host`, which names the upstream: never passed on either way. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

export interface ProxyOptions {
  /** The upstream API's absolute http(s) URL. */
  upstream: string;
  /** How long the upstream may keep the emulator waiting, for a connection, an answer or the next bytes of one. */
  timeoutMs: number;
  /** Answers up to this size are checked against the spec before they are passed on; larger ones stream unchecked. */
  checkedAnswerBytes: number;
  onViolation: (violation: string) => void;
}

export interface ProxiedRequest {
  request: IncomingMessage;
  response: ServerResponse;
  method: string;
  /** Path and query below the API root. */
  path: string;
  /** The client sent `Expect: 100-continue`: its body comes only after a 100. */
  expectsContinue: boolean;
  /** Watches the client's body against the minimum data rate; `onTooSlow` runs when it falls below. */
  watchRate: (onTooSlow: () => void) => RateWatch;
  /** What the emulator answers this request when its body of this many bytes is over the limit (413, 404, 401…). */
  answerOversized: (size: number) => Promise<EmulatorResponse>;
  /** Told why the answer is what it is as soon as that is known, for the log line written when the answer ends. */
  explain: (reason: string | undefined) => void;
}

const decoders: Record<string, (bytes: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

export function createProxy(spec: SpecDocument, options: ProxyOptions) {
  let base: URL;
  try {
    base = new URL(options.upstream);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error();
  } catch {
    throw new Error(
      `--proxy must be the absolute http(s) URL of a Passwordless.dev API, such as http://localhost:5701; got "${options.upstream}".`,
    );
  }
  const root = base.href.replace(/\/+$/, '');
  // How messages name the upstream: never with the user and password its URL may carry.
  const shown = `${base.protocol}//${base.host}${base.pathname.replace(/\/+$/, '')}`;
  const route = createRouter(spec.operations);
  const validator = new AnswerValidator(spec);
  const seconds = `${options.timeoutMs / 1000} s`;

  const failure = (error: NodeJS.ErrnoException | 'timeout', afterAnswerStarted: boolean): EmulatorResponse => {
    if (error === 'timeout') {
      return afterAnswerStarted
        ? emulatorUsageProblem(
            504,
            'The upstream server stopped answering',
            `${shown} began its answer, then sent nothing for ${seconds} (the proxy's timeout).`,
          )
        : emulatorUsageProblem(
            504,
            'The upstream server did not answer in time',
            `${shown} did not answer within ${seconds} (the proxy's timeout).`,
          );
    }
    const code = error.code ?? '';
    if (code === 'ECONNREFUSED')
      return emulatorUsageProblem(
        502,
        'The upstream server refused the connection',
        `${shown} refused the connection (ECONNREFUSED): is a server listening there?`,
      );
    if (code === 'ECONNRESET' || code === 'EPIPE')
      return emulatorUsageProblem(
        502,
        'The upstream server reset the connection',
        `${shown} closed the connection ${afterAnswerStarted ? 'in the middle of its answer' : 'before answering'} (${code}).`,
      );
    if (code.startsWith('HPE_'))
      return emulatorUsageProblem(
        502,
        'The upstream server answered with something that is not HTTP',
        `${shown} sent an answer that is not valid HTTP (${code}: ${(error as { reason?: string }).reason ?? error.message}).`,
      );
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return emulatorUsageProblem(
        502,
        'The upstream server cannot be found',
        `The name in ${shown} does not resolve (${code}).`,
      );
    return emulatorUsageProblem(
      502,
      'The upstream server failed',
      `${shown}: ${error.message}${code ? ` (${code})` : ''}.`,
    );
  };

  /** The contract violations of an answer held whole, or why it could not be checked. */
  async function check(
    proxied: ProxiedRequest,
    status: number,
    headers: IncomingMessage['headers'],
    body: Buffer,
  ): Promise<string | undefined> {
    const match = route(proxied.method, new URL(proxied.path, 'http://proxy.invalid').pathname);
    if (match.kind !== 'operation') return undefined;
    let decoded = body;
    const encoding = String(headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      const decode = decoders[encoding];
      if (!decode) return `passed on unchecked: the answer is ${encoding}-encoded`;
      try {
        decoded = await decode(body, { maxOutputLength: 8 * options.checkedAnswerBytes });
      } catch (error) {
        return `passed on unchecked: its ${encoding} body could not be decoded (${(error as Error).message})`;
      }
    }
    const violations = validator.check(match.entry, {
      status,
      contentType: headers['content-type'],
      body: decoded.length === 0 ? undefined : decoded.toString('utf8'),
    });
    for (const violation of violations) options.onViolation(violation);
    return violations.length > 0 ? `contract violation: ${violations.join(' ')}` : undefined;
  }

  /** Forwards one request and writes its answer; resolves with the reason for the log once the exchange is over. */
  function forward(proxied: ProxiedRequest): Promise<string | undefined> {
    const declared = Number(proxied.request.headers['content-length']);
    if (declared > bodyLimitBytes) return answerLocally(proxied, declared);
    return new Promise((resolve) => new Exchange(proxied, resolve).start());
  }

  /** One request on its way to the upstream and its answer on the way back. */
  class Exchange {
    private readonly upstream: ClientRequest;
    private readonly rate: RateWatch;
    private timer: NodeJS.Timeout | undefined;
    /** The reason is known and the promise resolved: nothing more happens. */
    private over = false;
    /** The upstream's status line arrived. */
    private answerStarted = false;
    /** The client's body passed the limit: the emulator answers, the upstream request is dropped. */
    private oversized = false;
    private sent = 0;
    private reason: string | undefined;

    private setReason(reason: string | undefined): void {
      this.reason = reason;
      this.proxied.explain(reason);
    }

    constructor(
      private readonly proxied: ProxiedRequest,
      private readonly resolve: (reason: string | undefined) => void,
    ) {
      const { request } = proxied;
      const headers: Record<string, string | string[]> = {};
      // Headers the client's Connection header names are hop-by-hop too.
      const listed = new Set(
        String(request.headers.connection ?? '')
          .toLowerCase()
          .split(',')
          .map((name) => name.trim()),
      );
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && !hopByHop.has(name) && !listed.has(name)) headers[name] = value;
      }
      this.upstream = (base.protocol === 'https:' ? httpsRequest : httpRequest)(`${root}${proxied.path}`, {
        method: proxied.method,
        headers,
        agent: false,
      });
      this.rate = proxied.watchRate(() => this.tooSlow());
    }

    start(): void {
      const { request, response } = this.proxied;
      this.keepWaiting();
      if (this.proxied.expectsContinue) {
        this.upstream.once('continue', () => {
          this.keepWaiting();
          response.writeContinue();
          this.sendBody();
        });
        this.upstream.flushHeaders();
      } else {
        this.sendBody();
      }
      this.upstream.on('error', (error) => {
        // Once the upstream answers, a failure to send it the rest of the body (a server that answers early stops
        // reading) is no failure of the answer: what the client still sends is dropped.
        if (this.answerStarted) this.stopForwarding();
        else this.fail(error);
      });
      this.upstream.once('response', (answer) => this.passOn(answer));
      // The client went away: so does the upstream request.
      response.once('close', () => {
        if (!response.writableFinished) this.upstream.destroy();
        this.finish(this.reason);
      });
      request.once('error', () => this.upstream.destroy());
    }

    private keepWaiting(): void {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.fail('timeout'), options.timeoutMs);
    }

    private finish(reason: string | undefined): void {
      if (this.over) return;
      this.over = true;
      clearTimeout(this.timer);
      this.rate.stop();
      this.resolve(reason);
    }

    private readonly onData = (chunk: Buffer) => {
      const { request } = this.proxied;
      this.sent += chunk.length;
      this.rate.received(chunk.length);
      if (this.oversized) return;
      if (this.sent > bodyLimitBytes) {
        // The rest is read and dropped; the emulator answers once the body is over.
        this.oversized = true;
        clearTimeout(this.timer);
        this.upstream.destroy();
        return;
      }
      this.keepWaiting();
      if (!this.upstream.write(chunk)) {
        request.pause();
        this.rate.pause();
        this.upstream.once('drain', () => {
          this.rate.resume();
          request.resume();
        });
      }
    };

    private readonly onEnd = () => {
      this.rate.stop();
      if (!this.oversized) {
        this.upstream.end();
        return;
      }
      void this.proxied.answerOversized(this.sent).then((answer) => {
        this.setReason(answer.reason);
        writeAnswer(this.proxied.response, this.proxied.method, answer);
      });
    };

    private sendBody(): void {
      this.proxied.request.on('data', this.onData);
      this.proxied.request.once('end', this.onEnd);
    }

    private stopForwarding(): void {
      const { request } = this.proxied;
      request.off('data', this.onData);
      request.off('end', this.onEnd);
      // What the client still sends is read and dropped, so the connection stays healthy for the answer.
      request.resume();
    }

    private tooSlow(): void {
      if (this.over) return;
      this.upstream.destroy();
      this.stopForwarding();
      const reason = "The client's body arrived slower than the minimum data rate; the request was cut off.";
      this.setReason(reason);
      if (this.proxied.response.headersSent) this.proxied.response.destroy();
      else writeRequestTimeout(this.proxied.response, reason);
    }

    private fail(error: NodeJS.ErrnoException | 'timeout'): void {
      const { response } = this.proxied;
      if (this.over || this.oversized || response.writableEnded) return;
      this.upstream.destroy();
      this.stopForwarding();
      const answer = failure(error, this.answerStarted);
      if (response.headersSent) {
        // The status is out already: all the client can learn is that the answer was cut.
        this.setReason(`${answer.reason} The answer was cut.`);
        response.destroy();
        return;
      }
      this.setReason(answer.reason);
      writeAnswer(response, this.proxied.method, answer, this.proxied.expectsContinue ? { connection: 'close' } : {});
    }

    private passOn(answer: IncomingMessage): void {
      const { request, response, method } = this.proxied;
      this.keepWaiting();
      this.answerStarted = true;
      const status = answer.statusCode ?? 502;
      const passedOn: string[] = [];
      for (let i = 0; i < answer.rawHeaders.length; i += 2) {
        const name = answer.rawHeaders[i] ?? '';
        if (!hopByHop.has(name.toLowerCase())) passedOn.push(name, answer.rawHeaders[i + 1] ?? '');
      }
      // An early answer to `Expect: 100-continue`: the client's body was never asked for, so the connection ends.
      if (!request.complete && this.proxied.expectsContinue) passedOn.push('Connection', 'close');
      const held: Buffer[] = [];
      let heldBytes = 0;
      let streaming = false;
      const writeHead = (reason: string | undefined) => {
        this.setReason(reason);
        response.writeHead(status, reason ? [...passedOn, reasonHeader, reasonHeaderValue(reason)] : passedOn);
      };
      const startStreaming = () => {
        streaming = true;
        writeHead(`passed on unchecked: the answer is over ${options.checkedAnswerBytes} bytes`);
        for (const chunk of held) response.write(chunk);
        held.length = 0;
      };
      if (Number(answer.headers['content-length']) > options.checkedAnswerBytes) startStreaming();

      answer.on('data', (chunk: Buffer) => {
        this.keepWaiting();
        if (!streaming) {
          held.push(chunk);
          heldBytes += chunk.length;
          if (heldBytes > options.checkedAnswerBytes) startStreaming();
          return;
        }
        if (!response.write(chunk)) {
          // The client reads slowly: that is not the upstream's time.
          answer.pause();
          clearTimeout(this.timer);
          response.once('drain', () => {
            this.keepWaiting();
            answer.resume();
          });
        }
      });
      answer.once('end', () => {
        clearTimeout(this.timer);
        if (streaming) {
          response.end();
          return;
        }
        const body = Buffer.concat(held);
        void check(this.proxied, status, answer.headers, body).then((reason) => {
          if (this.over) return;
          writeHead(reason);
          response.end(method === 'HEAD' ? undefined : body);
        });
      });
      answer.once('error', (error) => this.fail(error));
      answer.once('close', () => {
        if (!answer.complete) this.fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      });
    }
  }

  /** A body over the limit by its Content-Length: the emulator's own answer, with no 100 Continue and no upstream. */
  async function answerLocally(proxied: ProxiedRequest, size: number): Promise<string | undefined> {
    const answer = await proxied.answerOversized(size);
    proxied.explain(answer.reason);
    if (proxied.expectsContinue) {
      writeAnswer(proxied.response, proxied.method, answer, { connection: 'close' });
    } else {
      // Read and dropped, so the client gets its answer on a healthy connection.
      proxied.request.resume();
      writeAnswer(proxied.response, proxied.method, answer);
    }
    return answer.reason;
  }

  return { forward, upstream: shown };
}
