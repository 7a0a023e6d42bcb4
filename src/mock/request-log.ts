// One line per request: method, path, status, milliseconds, and why the emulator answered so when that is not
// obvious (the `x-mock-reason` it also sends). Only the path is logged, never the query, a header or a body, so no
// key reaches the log. `json` writes each line as one JSON object, for log collectors.

export type LogLine = (line: string) => void;
export type LogFormat = 'text' | 'json';

/** What the line says about one request, once its response has closed. */
export interface LoggedRequest {
  /** As the request line has it; undefined reads `?`. */
  method: string | undefined;
  pathname: string;
  status: number;
  /** Milliseconds from the request's arrival to its response's close. */
  elapsedMs: number;
  /** The connection closed before the whole answer was written. */
  aborted: boolean;
  /** Why the emulator answered so (also sent as `x-mock-reason`). */
  reason: string | undefined;
}

export function requestLogLine(format: LogFormat, request: LoggedRequest): string {
  const milliseconds = Number(request.elapsedMs.toFixed(1));
  const { pathname, status, aborted, reason } = request;
  const path = pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname;
  const method = request.method ?? '?';
  if (format === 'json') {
    return JSON.stringify({
      time: new Date().toISOString(),
      method,
      path,
      status,
      ms: milliseconds,
      ...(aborted ? { aborted } : {}),
      ...(reason ? { reason } : {}),
    });
  }
  const shownStatus = aborted ? `${status} (aborted)` : String(status);
  return `${method} ${path} ${shownStatus} ${milliseconds} ms${reason ? ` — ${reason}` : ''}`;
}

/** A line that is not about one request (a contract violation, a saved state), in the log's format. */
export function formatMessage(format: LogFormat, message: string): string {
  return format === 'json' ? JSON.stringify({ time: new Date().toISOString(), message }) : message;
}
