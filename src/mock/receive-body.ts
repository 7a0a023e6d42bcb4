// Reads a request body from node:http for the emulator, keeping at most the server's limit in memory; the rest is read
// and dropped, so the client still gets its answer (a 413) on a healthy connection.
import type { IncomingMessage } from 'node:http';
import { bodyLimitBytes, type ReceivedBody } from '../emulator/index.js';

/** Never rejects: a broken stream gives what arrived. */
export function receiveBody(request: IncomingMessage, limit = bodyLimitBytes): Promise<ReceivedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    const done = () => resolve({ bytes: Buffer.concat(chunks), size });
    request.once('end', done);
    request.once('error', done);
    request.once('close', done);
  });
}
