// One line per request: method, path, status and milliseconds. Only the path is logged, never the query, a header
// or a body, so no key or token value can reach the log.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type LogLine = (line: string) => void;

export function logRequest(request: IncomingMessage, response: ServerResponse, pathname: string, log: LogLine): void {
  const started = performance.now();
  response.once('close', () => {
    const milliseconds = (performance.now() - started).toFixed(1);
    const status = response.writableFinished ? String(response.statusCode) : `${response.statusCode} (aborted)`;
    const path = pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname;
    log(`${request.method ?? '?'} ${path} ${status} ${milliseconds} ms`);
  });
}
