// The door's ServerResponse (node:http makes one per request from the class it is given): it carries what the work
// done when the response closes needs (the request log's line, the connection bookkeeping), so one listener shared by
// every request does that work, instead of closures made for each request.
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { LoggedRequest } from './request-log.js';

export class MockResponse extends ServerResponse<IncomingMessage> {
  /** `performance.now()` when the request came. */
  startedAt = 0;
  /** The request's path, as the door read it. */
  pathname = '';
  /** Why the emulator answered so, once it has answered. */
  reason: string | undefined;

  /** What the log says of this request, once the response has closed. */
  logged(): LoggedRequest {
    return {
      method: this.req.method,
      pathname: this.pathname,
      status: this.statusCode,
      elapsedMs: performance.now() - this.startedAt,
      aborted: !this.writableFinished,
      reason: this.reason,
    };
  }
}
