// How the mock's command prints: the server's log line as it is, or one JSON object per line for log collectors
// (`--log json`). Either way it holds the method, path, status and milliseconds, never a key, a query or a body.
const requestLine = /^(\S+) (\S+) (\d{3})( \(aborted\))? (\d+(?:\.\d+)?) ms$/;

export function jsonLogLine(line: string, time = new Date()): string {
  const request = requestLine.exec(line);
  const fields = request
    ? { method: request[1], path: request[2], status: Number(request[3]), ...(request[4] ? { aborted: true } : {}), ms: Number(request[5]) }
    : { message: line };
  return JSON.stringify({ time: time.toISOString(), ...fields });
}

export function jsonListening(url: string, withDocs: boolean, time = new Date()): string {
  return JSON.stringify({ time: time.toISOString(), message: 'listening', url, ...(withDocs ? { docs: `${url}/docs` } : {}), openapi: `${url}/openapi.json` });
}
