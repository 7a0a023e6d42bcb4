// A bound on the connections the emulator holds at once. Slowloris opens thousands of connections and sends each a
// byte now and then (19,900 of them took 19,924 of 20,000 file descriptors and made other clients wait seconds); a
// bare cap would then refuse the developer's own requests. So at the cap a new connection makes room: the oldest
// connection that is between requests goes, one that sent part of a request and stopped first (a slow sender), then an
// idle keep-alive one; only when every connection is in the middle of a request is the new one refused.
import type { Socket } from 'node:net';

interface Tracked {
  /** Requests on it being answered now. */
  busy: number;
  /** `socket.bytesRead` when its last answer was done: more since then is part of a request not yet answered. */
  bytesAtRest: number;
}

export class ConnectionGuard {
  private readonly sockets = new Map<Socket, Tracked>();

  constructor(private readonly maxConnections: number) {}

  get size(): number {
    return this.sockets.size;
  }

  /** A new connection: kept, after making room if need be, or refused. */
  accept(socket: Socket): void {
    if (this.sockets.size >= this.maxConnections) {
      const victim = this.victim();
      if (!victim) {
        socket.destroy();
        return;
      }
      this.sockets.delete(victim);
      victim.destroy();
    }
    this.sockets.set(socket, { busy: 0, bytesAtRest: 0 });
    socket.once('close', () => this.sockets.delete(socket));
  }

  requestStarted(socket: Socket): void {
    const tracked = this.sockets.get(socket);
    if (tracked) tracked.busy++;
  }

  requestEnded(socket: Socket): void {
    const tracked = this.sockets.get(socket);
    if (!tracked) return;
    tracked.busy = Math.max(0, tracked.busy - 1);
    tracked.bytesAtRest = socket.bytesRead;
  }

  /** The oldest connection between requests, one with a request half sent first. */
  private victim(): Socket | undefined {
    let idle: Socket | undefined;
    for (const [socket, tracked] of this.sockets) {
      if (tracked.busy > 0) continue;
      if (socket.bytesRead > tracked.bytesAtRest) return socket;
      idle ??= socket;
    }
    return idle;
  }
}
