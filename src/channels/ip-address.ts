import { isIP } from 'node:net';

/** An IP address as its bytes: 4 for IPv4, 16 for IPv6. */
export type IpAddress = { family: 4 | 6; bytes: Uint8Array };

/** A network: an address and how many leading bits of it count (RFC 4632 CIDR notation). */
export type IpNetwork = { family: 4 | 6; bytes: Uint8Array; prefix: number };

const parseV4 = (text: string): Uint8Array => Uint8Array.from(text.split('.').map(Number));

function parseV6(text: string): Uint8Array {
  // A trailing dotted quad (RFC 4291 section 2.2, form 3) stands for the last two groups.
  let body = text;
  const tail: number[] = [];
  const dotted = body.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    body = dotted[1]!.endsWith('::') ? dotted[1]! : dotted[1]!.slice(0, -1);
    tail.push(...parseV4(dotted[2]!));
  }
  const [head = '', rest] = body.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const missing = 8 - tail.length / 2 - left.length - right.length;
  const all = [...left, ...Array<number>(rest === undefined ? 0 : missing).fill(0), ...right];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  bytes.set(tail, 12);
  return bytes;
}

/**
 * Parses an IPv4 or IPv6 address, with or without the brackets of a URL host (RFC 3986) and with a
 * zone (`fe80::1%eth0`, RFC 6874) dropped; returns null for anything that is not an address.
 */
export function parseIp(text: string): IpAddress | null {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const zone = t.indexOf('%');
  if (zone >= 0 && t.includes(':')) t = t.slice(0, zone);
  const family = isIP(t);
  if (family === 4) return { family, bytes: parseV4(t) };
  if (family === 6) return { family, bytes: parseV6(t.toLowerCase()) };
  return null;
}

/** Parses `10.0.0.0/8`, `fc00::/7` or a lone address (a host network); throws a sentence otherwise. */
export function parseNetwork(text: string): IpNetwork {
  const [addr = '', bits, extra] = text.trim().split('/');
  const ip = parseIp(addr);
  const max = ip?.family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (!ip || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
    throw new Error(`"${text}" is not an address or a network in CIDR form (e.g. 10.0.0.0/8 or fd00::/8)`);
  }
  return { family: ip.family, bytes: ip.bytes, prefix };
}

/** Whether an address lies in a network of the same family. */
export function inNetwork(ip: IpAddress, net: IpNetwork): boolean {
  if (ip.family !== net.family) return false;
  const whole = net.prefix >> 3;
  for (let i = 0; i < whole; i++) if (ip.bytes[i] !== net.bytes[i]) return false;
  const rest = net.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (ip.bytes[whole]! & mask) === (net.bytes[whole]! & mask);
}

/** The address written in its usual text form (IPv6 as Node prints it, RFC 5952 style). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return ip.bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i]! << 8) | ip.bytes[i + 1]!).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}
