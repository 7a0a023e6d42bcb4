// One line per request: method, path, status, milliseconds, and why the emulator answered so when that is not
// obvious (the `x-mock-reason` it also sends). Only the path is logged, never the query, a header or a body, so no
// key reaches the log. `json` writes each line as one JSON object, for log collectors.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type LogLine = (line: string) => void;
export type LogFormat = 'text' | 'json';

export function logRequest(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  log: LogLine,
  format: LogFormat,
  /** Why the emulator answered so, once it has answered (also sent as `x-mock-reason`). */
  reasonOf: () => string | undefined,
): void {
  const started = performance.now();
  response.once('close', () => {
    const milliseconds = Number((performance.now() - started).toFixed(1));
    const path = pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname;
    const reason = reasonOf();
    const aborted = !response.writableFinished;
    if (format === 'json') {
      log(
        JSON.stringify({
          time: new Date().toISOString(),
          method: request.method ?? '?',
          path,
          status: response.statusCode,
          ms: milliseconds,
          ...(aborted ? { aborted } : {}),
          ...(reason ? { reason } : {}),
        }),
      );
      return;
    }
    const status = aborted ? `${response.statusCode} (aborted)` : String(response.statusCode);
    log(`${request.method ?? '?'} ${path} ${status} ${milliseconds} ms${reason ? ` — ${reason}` : ''}`);
  });
}

/** A line that is not about one request (a contract violation, a saved state), in the log's format. */
export function formatMessage(format: LogFormat, message: string): string {
  return format === 'json' ? JSON.stringify({ time: new Date().toISOString(), message }) : message;
}
