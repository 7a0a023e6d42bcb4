// Reads request bodies from node:http for the emulator, within the door's bounds: at most the server's size limit of
// each body is kept (the rest is read and dropped, so the client still gets its answer, a 413, on a healthy
// connection); a body over the limit by its Content-Length keeps nothing; the bytes held over all requests stay within
// the memory budget (body-budget.ts); and a body that arrives slower than Kestrel's minimum rate is cut off.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyLimitBytes, type ReceivedBody } from '../emulator/index.js';
import { BodyBudget, type BudgetShare } from './body-budget.js';
import { BodyRateWatcher, type RateWatch } from './body-rate.js';
import type { ServerLimits } from './server-limits.js';

/** Bodies of a known length above this are copied into one buffer as they come. */
const copiedFrom = 1 << 20;
/** Bodies of a known length up to this are not counted in the memory budget. */
const unbudgeted = 1 << 16;
const freeShare: BudgetShare = { hold() {}, drop() {}, doneReading() {}, leave() {} };

/** The body arrived slower than the minimum rate: the caller answers Kestrel's 408 and closes the connection. */
export const tooSlow = Symbol('too slow');

type BodyOutcome = ReceivedBody | typeof tooSlow;

/** One body being read: what has come so far, and where it goes once read. */
class BodyReading {
  /** A large body of known length, copied into one buffer as it comes (made when its first bytes come). */
  private whole: Buffer | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  private settled = false;
  readonly watch: RateWatch;
  share: BudgetShare = freeShare;

  constructor(
    rates: BodyRateWatcher,
    private readonly declared: number,
    private readonly resolve: (outcome: BodyOutcome) => void,
  ) {
    this.watch = rates.watch(() => this.finish(true));
  }

  /** A body over the limit by its Content-Length keeps nothing. */
  private get keeps(): boolean {
    return !(this.declared > bodyLimitBytes);
  }

  data(chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    this.watch.received(chunk.length);
    if (this.keeps && this.declared > copiedFrom) {
      this.whole ??= Buffer.allocUnsafe(this.declared);
      // node:http never passes more than the Content-Length on.
      chunk.copy(this.whole, this.size - chunk.length);
      this.share.hold(chunk.length);
    } else if (this.keeps && this.size <= bodyLimitBytes) {
      this.chunks.push(chunk);
      this.share.hold(chunk.length);
    } else if (this.chunks.length > 0) {
      this.chunks = [];
      this.share.drop();
    }
  }

  finish(cutOff: boolean): void {
    if (this.settled) return;
    this.settled = true;
    this.watch.stop();
    this.share.doneReading();
    const { whole, chunks, size } = this;
    if (cutOff) this.resolve(tooSlow);
    else if (whole) this.resolve({ bytes: whole.subarray(0, Math.min(size, this.declared)), size });
    else this.resolve({ bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), size });
  }
}

// Listeners shared by every request (`this` is the request, which carries its reading), so none is made per request.
const reading = Symbol('body reading');
type BeingRead = IncomingMessage & { [reading]: BodyReading };
function onData(this: BeingRead, chunk: Buffer): void {
  this[reading].data(chunk);
}
function onEnd(this: BeingRead): void {
  this[reading].finish(false);
}

export class RequestBodies {
  readonly rates: BodyRateWatcher;
  readonly budget: BodyBudget;

  constructor(limits: ServerLimits) {
    this.rates = new BodyRateWatcher(limits.minRequestBodyDataRate);
    this.budget = new BodyBudget(limits.maxBufferedBodyBytes);
  }

  /** Never rejects: a broken stream gives what arrived. Its bytes are held (budget) until the response closes. */
  read(request: IncomingMessage, response: ServerResponse): Promise<BodyOutcome> {
    // Without a Content-Length or a Transfer-Encoding a request has no body (RFC 9112 §6.3): nothing to read or watch.
    if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) {
      request.resume();
      return Promise.resolve({ bytes: new Uint8Array(), size: 0 });
    }
    return new Promise((resolve) => {
      const declared = Number(request.headers['content-length']);
      const body = new BodyReading(this.rates, declared, resolve);
      // Small bodies of a known length are below any bound worth counting (one per connection at most): the budget
      // is for the large ones and for those whose length is not known.
      if (!(declared <= unbudgeted)) body.share = this.joinBudget(request, body.watch, response);
      (request as BeingRead)[reading] = body;
      request.on('data', onData);
      request.on('end', onEnd);
      request.on('error', onEnd);
      request.on('close', onEnd);
    });
  }

  /** A share of the memory budget for this body, freed when the answer is done. */
  private joinBudget(request: IncomingMessage, watch: RateWatch, response: ServerResponse): BudgetShare {
    const share = this.budget.join(
      () => {
        request.pause();
        watch.pause();
      },
      () => {
        watch.resume();
        request.resume();
      },
    );
    response.once('close', () => share.leave());
    return share;
  }
}
