// The line the mock's command prints once it listens, as one JSON object for log collectors (`--log json`); the
// server writes its request lines in that format itself.
export function jsonListening(url: string, withDocs: boolean, time = new Date()): string {
  return JSON.stringify({
    time: time.toISOString(),
    message: 'listening',
    url,
    ...(withDocs ? { docs: `${url}/docs` } : {}),
    openapi: `${url}/openapi.json`,
    state: `${url}/__mock/ui`,
  });
}
