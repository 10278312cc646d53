import { type AddressClass, classifyAddress, effectiveAddress } from './address-class.ts';
import { type IpNetwork, inNetwork, parseIp, parseNetwork } from './ip-address.ts';

/**
 * A workspace's outbound address setting. By default only public addresses are reached; a workspace
 * that runs its own receivers on a private network names them (`allow: ['10.1.2.0/24']`) or allows
 * private networks as a whole.
 */
export type AddressPolicy = {
  /** Loopback, RFC 1918, shared (CGNAT), unique-local and link-local networks; never metadata. */
  allowPrivate?: boolean;
  /** Networks in CIDR form (or single addresses) reached whatever their class. */
  allow?: readonly string[];
};

export type AddressVerdict = { ok: true } | { ok: false; reason: string };

const PRIVATE = new Set<AddressClass>(['loopback', 'private', 'shared', 'unique-local', 'link-local']);
// No TCP connection to these reaches one chosen host (0.0.0.0 even reaches this one), so no setting
// allows them.
const NEVER = new Set<AddressClass>(['unspecified', 'multicast', 'broadcast']);

/**
 * Decides whether an outbound connection may go to an address: the one check every channel makes
 * after resolving a name and before opening a socket (and again for each redirect).
 *
 * @example new AddressGuard().check('169.254.169.254') // { ok: false, reason: '... metadata ...' }
 */
export class AddressGuard {
  readonly #allowPrivate: boolean;
  readonly #allow: readonly IpNetwork[];

  /** Throws a sentence naming the entry when an allow-list entry is not a network. */
  constructor(policy: AddressPolicy = {}) {
    this.#allowPrivate = policy.allowPrivate === true;
    this.#allow = (policy.allow ?? []).map(parseNetwork);
  }

  check(address: string): AddressVerdict {
    const ip = parseIp(address);
    if (!ip) return { ok: false, reason: `${address} is not an IP address` };
    const cls = classifyAddress(ip);
    if (cls === 'public') return { ok: true };
    if (NEVER.has(cls)) return { ok: false, reason: `${address} is a ${cls} address` };
    if (this.#allowPrivate && PRIVATE.has(cls)) return { ok: true };
    const effective = effectiveAddress(ip);
    if (this.#allow.some((net) => inNetwork(ip, net) || inNetwork(effective, net))) return { ok: true };
    return {
      ok: false,
      reason: `${address} is a ${cls} address, which the workspace's outbound address setting does not allow`,
    };
  }
}
