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

export class RequestBodies {
  readonly rates: BodyRateWatcher;
  readonly budget: BodyBudget;

  constructor(limits: ServerLimits) {
    this.rates = new BodyRateWatcher(limits.minRequestBodyDataRate);
    this.budget = new BodyBudget(limits.maxBufferedBodyBytes);
  }

  /** Never rejects: a broken stream gives what arrived. Its bytes are held (budget) until the response closes. */
  read(request: IncomingMessage, response: ServerResponse): Promise<ReceivedBody | typeof tooSlow> {
    // Without a Content-Length or a Transfer-Encoding a request has no body (RFC 9112 §6.3): nothing to read or watch.
    if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) {
      request.resume();
      return Promise.resolve({ bytes: new Uint8Array(), size: 0 });
    }
    return new Promise((resolve) => {
      const declared = Number(request.headers['content-length']);
      const keeps = !(declared > bodyLimitBytes);
      // A large body of known length is copied into one buffer as it comes (made when its first bytes come): no second
      // copy of it at the end. A small one is kept as it comes, usually in one chunk.
      const copied = keeps && declared > copiedFrom;
      let whole: Buffer | undefined;
      let chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const watch = this.rates.watch(() => finish(true));
      // Small bodies of a known length are below any bound worth counting (one per connection at most): the budget
      // is for the large ones and for those whose length is not known.
      const share = declared <= unbudgeted ? freeShare : this.joinBudget(request, watch, response);
      const onData = (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        watch.received(chunk.length);
        if (copied) {
          whole ??= Buffer.allocUnsafe(declared);
          // node:http never passes more than the Content-Length on.
          chunk.copy(whole, size - chunk.length);
          share.hold(chunk.length);
        } else if (keeps && size <= bodyLimitBytes) {
          chunks.push(chunk);
          share.hold(chunk.length);
        } else if (chunks.length > 0) {
          chunks = [];
          share.drop();
        }
      };
      const finish = (cutOff: boolean) => {
        if (settled) return;
        settled = true;
        watch.stop();
        share.doneReading();
        if (cutOff) resolve(tooSlow);
        else if (whole) resolve({ bytes: whole.subarray(0, Math.min(size, declared)), size });
        else resolve({ bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), size });
      };
      const ended = () => finish(false);
      request.on('data', onData);
      request.on('end', ended);
      request.on('error', ended);
      request.on('close', ended);
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
