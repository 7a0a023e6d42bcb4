// Writes one of the emulator's answers to node:http: its status, its headers with the reason (`x-mock-reason`, keys
// masked) and a Content-Length, and its body unless the request was a HEAD. The headers go as one flat list, in the
// order a merged object would have them: node:http takes a list as it is.
import type { ServerResponse } from 'node:http';
import { type EmulatorResponse, reasonHeader, reasonHeaderValue } from '../emulator/index.js';

/** Sets a header in a flat list: in its place when the list has it, else at the end (as an object's key would be). */
function setHeader(headers: string[], name: string, value: string): void {
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i] === name) {
      headers[i + 1] = value;
      return;
    }
  }
  headers.push(name, value);
}

export function writeAnswer(
  response: ServerResponse,
  method: string,
  answer: EmulatorResponse,
  extraHeaders?: Record<string, string>,
): void {
  // The answer's headers, then the extra ones over them, then the reason and the length.
  const headers: string[] = [];
  const given = answer.headers;
  for (const name in given) {
    headers.push(name, (extraHeaders && Object.hasOwn(extraHeaders, name) ? extraHeaders : given)[name] as string);
  }
  if (extraHeaders) {
    for (const name in extraHeaders) if (!Object.hasOwn(given, name)) headers.push(name, extraHeaders[name] as string);
  }
  if (answer.reason) setHeader(headers, reasonHeader, reasonHeaderValue(answer.reason));
  if (answer.status !== 204 && answer.status !== 304)
    setHeader(headers, 'content-length', String(answer.body === undefined ? 0 : Buffer.byteLength(answer.body)));
  response.writeHead(answer.status, headers);
  response.end(method === 'HEAD' ? undefined : answer.body);
}

/** Kestrel's answer to a request that came too slowly: 408, no body, and the connection closed after it. */
export function writeRequestTimeout(response: ServerResponse, reason: string): void {
  // `Connection: close` makes node:http end the socket once the answer is out, whatever the client does.
  writeAnswer(response, 'GET', { status: 408, headers: { connection: 'close' }, reason });
}
