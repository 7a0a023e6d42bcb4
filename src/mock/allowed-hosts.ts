// Which `Host` names belong to this machine, as Vite's `server.allowedHosts` and webpack-dev-server's `allowedHosts`
// decide it: a web page on another site, or a DNS-rebound name that points at 127.0.0.1, sends its own name as the
// Host, never one of these. Allowed: loopback names (`localhost`, `*.localhost`) and addresses (127.0.0.0/8, ::1), the
// address the emulator listens on, this machine's own addresses and name when it listens on all interfaces, and the
// names added with `--allowed-host` (`.example.test` allows that domain and its subdomains, as Vite has it).
import { BlockList, isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

const loopbackAddresses = new BlockList();
loopbackAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
loopbackAddresses.addAddress('::1', 'ipv6');
loopbackAddresses.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

const wildcardAddresses = new Set(['0.0.0.0', '::', '']);

/** `localhost`, `x.localhost`, `127.0.0.1`, `[::1]`…: a name that only ever means this machine. */
export function isLoopback(host: string): boolean {
  const name = normalizeHost(host);
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const family = isIP(name);
  return family !== 0 && loopbackAddresses.check(name, family === 4 ? 'ipv4' : 'ipv6');
}

/** Lower case, without brackets around an IPv6 address and without a trailing dot. */
function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** The name in a `Host` header: without its port, normalized; undefined when the header is not a host at all. */
export function hostOfHeader(header: string | undefined): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(`http://${value}`);
  } catch {
    return undefined;
  }
  // Anything more than a host and a port (a path, a user, a query) is no Host at all.
  const onlyHost = url.pathname === '/' && !value.includes('/') && !url.username && !url.password && !url.search;
  return onlyHost && !url.hash ? normalizeHost(url.hostname) : undefined;
}

export class AllowedHosts {
  private readonly names: string[];

  /** `listenHost` is what the emulator listens on (`--host`); `added` the names given with `--allowed-host`. */
  constructor(
    private readonly listenHost: string,
    added: readonly string[],
  ) {
    this.names = added.map(normalizeHost).filter((name) => name !== '');
  }

  /** Whether a request that names this host (from its `Host` header, port left out) may use the control plane. */
  allows(host: string): boolean {
    const name = normalizeHost(host);
    if (isLoopback(name) || name === normalizeHost(this.listenHost)) return true;
    for (const allowed of this.names) {
      if (allowed.startsWith('.') ? name === allowed.slice(1) || name.endsWith(allowed) : name === allowed) return true;
    }
    // Listening on every interface, the emulator is reached through any of this machine's own addresses or its name.
    if (!wildcardAddresses.has(normalizeHost(this.listenHost))) return false;
    if (name === normalizeHost(hostname())) return true;
    return Object.values(networkInterfaces()).some((addresses) =>
      (addresses ?? []).some((address) => normalizeHost(address.address.replace(/%.*$/, '')) === name),
    );
  }
}
