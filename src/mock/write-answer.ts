// Writes one of the emulator's answers to node:http: its status, its headers with the reason (`x-mock-reason`, keys
// masked) and a Content-Length, and its body unless the request was a HEAD.
import type { ServerResponse } from 'node:http';
import { type EmulatorResponse, reasonHeader, reasonHeaderValue } from '../emulator/index.js';

export function writeAnswer(
  response: ServerResponse,
  method: string,
  answer: EmulatorResponse,
  extraHeaders: Record<string, string> = {},
): void {
  const headers: Record<string, string> = { ...answer.headers, ...extraHeaders };
  if (answer.reason) headers[reasonHeader] = reasonHeaderValue(answer.reason);
  if (answer.status !== 204 && answer.status !== 304)
    headers['content-length'] = String(answer.body === undefined ? 0 : Buffer.byteLength(answer.body));
  response.writeHead(answer.status, headers);
  response.end(method === 'HEAD' ? undefined : answer.body);
}

/** Kestrel's answer to a request that came too slowly: 408, no body, and the connection closed after it. */
export function writeRequestTimeout(response: ServerResponse, reason: string): void {
  // `Connection: close` makes node:http end the socket once the answer is out, whatever the client does.
  writeAnswer(response, 'GET', { status: 408, headers: { connection: 'close' }, reason });
}
