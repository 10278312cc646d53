import { type IpAddress, type IpNetwork, inNetwork, parseIp, parseNetwork } from './ip-address.ts';

/** Why an address is not one the public internet routes to one host. */
export type RefusedClass =
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'unique-local'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

export type AddressClass = 'public' | RefusedClass;

const table = (rows: [string, RefusedClass][]): [IpNetwork, RefusedClass][] =>
  rows.map(([cidr, cls]) => [parseNetwork(cidr), cls]);

// IANA's IPv4 and IPv6 special-purpose address registries (RFC 6890 and its updates). The first row
// that holds an address wins, so the single metadata hosts come before the ranges around them.
const V4 = table([
  ['169.254.169.254', 'metadata'], // AWS, GCP, Azure, OpenStack instance metadata
  ['100.100.100.200', 'metadata'], // Alibaba Cloud instance metadata
  ['168.63.129.16', 'metadata'], // Azure WireServer: a public address that every Azure VM reaches as its host
  ['255.255.255.255', 'broadcast'], // RFC 919 limited broadcast
  ['0.0.0.0/8', 'unspecified'], // RFC 1122 "this network": Linux connects 0.0.0.0 to itself
  ['10.0.0.0/8', 'private'], // RFC 1918
  ['100.64.0.0/10', 'shared'], // RFC 6598 carrier-grade NAT
  ['127.0.0.0/8', 'loopback'], // RFC 1122
  ['169.254.0.0/16', 'link-local'], // RFC 3927
  ['172.16.0.0/12', 'private'], // RFC 1918
  ['192.0.0.0/24', 'reserved'], // RFC 6890 IETF protocol assignments
  ['192.0.2.0/24', 'documentation'], // RFC 5737 TEST-NET-1
  ['192.88.99.0/24', 'reserved'], // RFC 7526 deprecated 6to4 relays
  ['192.168.0.0/16', 'private'], // RFC 1918
  ['198.18.0.0/15', 'reserved'], // RFC 2544 benchmarking
  ['198.51.100.0/24', 'documentation'], // RFC 5737 TEST-NET-2
  ['203.0.113.0/24', 'documentation'], // RFC 5737 TEST-NET-3
  ['224.0.0.0/4', 'multicast'], // RFC 5771
  ['240.0.0.0/4', 'reserved'], // RFC 1112 future use
]);

const V6 = table([
  ['::/128', 'unspecified'], // RFC 4291
  ['::1/128', 'loopback'], // RFC 4291
  ['fd00:ec2::254/128', 'metadata'], // AWS instance metadata over IPv6
  ['64:ff9b:1::/48', 'private'], // RFC 8215 local-use NAT64
  ['100::/64', 'reserved'], // RFC 6666 discard-only
  ['2001:db8::/32', 'documentation'], // RFC 3849
  ['2001::/23', 'reserved'], // RFC 2928 IETF protocol assignments (Teredo, ORCHID, benchmarking, ...)
  ['3fff::/20', 'documentation'], // RFC 9637
  ['fc00::/7', 'unique-local'], // RFC 4193
  ['fe80::/10', 'link-local'], // RFC 4291
  ['fec0::/10', 'reserved'], // RFC 3879 deprecated site-local
  ['ff00::/8', 'multicast'], // RFC 4291
]);

// Only 2000::/3 is allocated for global unicast (RFC 4291 section 2.4); anything else not listed above
// has no public meaning yet and is refused as reserved.
const GLOBAL_UNICAST = parseNetwork('2000::/3');

// IPv6 forms that carry an IPv4 address, which a dual-stack socket or a translator turns into a
// connection to that IPv4 address: they are judged by the IPv4 address they carry.
const EMBEDDING: [IpNetwork, number][] = [
  [parseNetwork('::ffff:0:0/96'), 12], // RFC 4291 IPv4-mapped
  [parseNetwork('::/96'), 12], // RFC 4291 IPv4-compatible (deprecated)
  [parseNetwork('64:ff9b::/96'), 12], // RFC 6052 NAT64 well-known prefix
  [parseNetwork('2002::/16'), 2], // RFC 3056 6to4
];

/**
 * The IPv4 address an IPv6 address stands for (IPv4-mapped, IPv4-compatible, NAT64, 6to4), or the
 * address itself when it carries none.
 */
export function effectiveAddress(ip: IpAddress): IpAddress {
  if (ip.family === 4 || inNetwork(ip, V6[0]![0]) || inNetwork(ip, V6[1]![0])) return ip;
  for (const [net, at] of EMBEDDING) {
    if (inNetwork(ip, net)) return { family: 4, bytes: ip.bytes.slice(at, at + 4) };
  }
  return ip;
}

/**
 * What kind of address this is: `public`, or the reason an outbound request must not go there
 * unless a workspace allows it. Accepts the text of an address; anything else is `reserved`.
 *
 * @example classifyAddress('::ffff:127.0.0.1') // 'loopback'
 */
export function classifyAddress(address: string | IpAddress): AddressClass {
  const parsed = typeof address === 'string' ? parseIp(address) : address;
  if (!parsed) return 'reserved';
  const ip = effectiveAddress(parsed);
  const rows = ip.family === 4 ? V4 : V6;
  for (const [net, cls] of rows) if (inNetwork(ip, net)) return cls;
  if (ip.family === 6 && !inNetwork(ip, GLOBAL_UNICAST)) return 'reserved';
  return 'public';
}
