// Ports for tests that start real processes: one the OS says is free now, and whether a port was let go.
import { once } from 'node:events';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  const listening = once(server, 'listening').then(
    () => true,
    () => false,
  );
  server.once('error', () => undefined).listen(port, '127.0.0.1');
  const free = await listening;
  if (free) server.close();
  return free;
}
