import { lookup as dnsLookup } from 'node:dns/promises';
import { connect, isIP, type Socket } from 'node:net';
import type { AddressGuard } from './address-guard.ts';
import { OutboundError } from './outbound-error.ts';

export type ResolvedAddress = { address: string; family: 4 | 6 };

/** Resolves a host name to every address it has (injected so tests map names to chosen addresses). */
export type Lookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** Where a connector is asked to connect: always an address the guard has checked, never a name. */
export type ConnectTarget = { address: string; family: 4 | 6; port: number; hostname: string };

/** Opens a TCP connection to a checked address (injected so tests can prove what is never connected). */
export type Connector = (target: ConnectTarget) => Promise<Socket>;

/** The outbound side of the network as the channels use it: one guard, one resolver, one connector. */
export type OutboundNet = {
  guard: AddressGuard;
  lookup: Lookup;
  connector: Connector;
  /** Certificates (PEM) trusted for TLS instead of the system's, e.g. a private CA or a test's own. */
  ca?: string;
};

/** The operating system's resolver (getaddrinfo), every address in the order it gives them. */
export const systemLookup: Lookup = async (hostname) => {
  const all = await dnsLookup(hostname, { all: true, order: 'verbatim' });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Plain TCP with node:net, to the address as given: a lookup hook that throws proves no second DNS lookup. */
export const tcpConnector: Connector = (target) =>
  new Promise((resolve, reject) => {
    const socket = connect({
      host: target.address,
      port: target.port,
      family: target.family,
      lookup: (_name, _options, callback) =>
        callback(new Error(`a second DNS lookup was attempted for ${target.address}`), '', 0),
    });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      // Until its user (HTTP, TLS, SMTP) attaches its own handlers, an error (a reset) must not
      // crash the process; the user then sees the socket closed.
      socket.on('error', () => {});
      resolve(socket);
    });
    socket.once('error', reject);
  });

/**
 * Resolves a host, refuses it when any of its addresses is refused (a name with one public and one
 * private address could be steered to the private one), and returns the checked addresses.
 */
export async function resolveChecked(
  hostname: string,
  net: OutboundNet,
  timeoutMs = 10_000,
): Promise<ResolvedAddress[]> {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const literal = isIP(bare);
  let addresses: readonly ResolvedAddress[];
  if (literal) addresses = [{ address: bare, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await withTimeout(
        net.lookup(bare),
        timeoutMs,
        `resolving ${bare} took longer than ${timeoutMs} ms`,
      );
    } catch (error) {
      if (error instanceof OutboundError) throw error;
      throw new OutboundError('dns', `${bare} did not resolve: ${(error as Error).message}`);
    }
    if (addresses.length === 0) throw new OutboundError('dns', `${bare} has no address`);
  }
  for (const { address } of addresses) {
    const verdict = net.guard.check(address);
    if (!verdict.ok) {
      const via = literal ? '' : `${bare} resolves to ${address}: `;
      throw new OutboundError('refused', `refused: ${via}${verdict.reason}`);
    }
  }
  return [...addresses];
}

/**
 * Opens a TCP connection to a host through the guard: resolve once, check every address, connect to
 * a checked address (the next one when a connection fails). The connection is made to the address
 * that was checked, so a DNS answer that changes in between (rebinding) cannot redirect it.
 */
export async function connectChecked(
  hostname: string,
  port: number,
  net: OutboundNet,
  timeoutMs: number,
): Promise<Socket> {
  const addresses = await resolveChecked(hostname, net, timeoutMs);
  let last: Error = new Error('no address');
  for (const a of addresses) {
    try {
      const what = `connecting to ${a.address}:${port} took longer than ${timeoutMs} ms`;
      return await withTimeout(net.connector({ ...a, port, hostname }), timeoutMs, what, (late) =>
        late.destroy(),
      );
    } catch (error) {
      last = error as Error;
      if (error instanceof OutboundError && error.kind === 'timeout') throw error;
    }
  }
  throw new OutboundError('connect', `could not connect to ${hostname}:${port}: ${last.message}`);
}

function withTimeout<T>(
  pending: Promise<T>,
  ms: number,
  message: string,
  discard?: (late: T) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new OutboundError('timeout', message));
      // What arrives after the deadline (a late connection) is not wanted any more.
      pending.then(discard, () => {});
    }, ms);
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
