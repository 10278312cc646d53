import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyAddress } from './address-class.ts';
import { formatIp, parseIp, parseNetwork } from './ip-address.ts';

const cases: [string, string][] = [
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['2606:4700:4700::1111', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.1.2', 'loopback'],
  ['::1', 'loopback'],
  ['[::1]', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.1', 'public'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  ['100.128.0.1', 'public'],
  ['169.254.1.1', 'link-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf::1', 'link-local'],
  ['169.254.169.254', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['168.63.129.16', 'metadata'],
  ['168.63.129.17', 'public'],
  ['fd00:ec2::254', 'metadata'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456::1', 'unique-local'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['::', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['192.0.2.1', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['240.0.0.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['2001::1', 'reserved'], // Teredo
  ['100::1', 'reserved'],
  ['fec0::1', 'reserved'],
  ['4000::1', 'reserved'], // outside 2000::/3
  ['64:ff9b:1::a00:1', 'private'],
  // IPv6 forms that carry an IPv4 address are judged by it.
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['[::ffff:169.254.169.254]', 'metadata'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:8.8.8.8', 'public'],
  ['::127.0.0.1', 'loopback'],
  ['::10.0.0.1', 'private'],
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'metadata'],
  ['64:ff9b::808:808', 'public'],
  ['2002:7f00:1::', 'loopback'],
  ['2002:a00:1::1', 'private'],
  ['2002:808:808::1', 'public'],
  ['not-an-ip', 'reserved'],
  ['127.1', 'reserved'], // not an address in dotted-quad form: refused rather than guessed
];

test('classifies addresses by IANA special-purpose registries', () => {
  for (const [address, expected] of cases) assert.equal(classifyAddress(address), expected, address);
});

test('parses IPv6 forms to the same bytes', () => {
  const a = parseIp('::ffff:127.0.0.1')!;
  const b = parseIp('0:0:0:0:0:ffff:7f00:0001')!;
  assert.deepEqual(a.bytes, b.bytes);
  assert.equal(formatIp(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')!), '2001:db8::1');
  assert.equal(formatIp(parseIp('1:2:3:4:5:6:1.2.3.4')!), '1:2:3:4:5:6:102:304');
  assert.equal(formatIp(parseIp('10.0.0.1')!), '10.0.0.1');
});

test('parses networks and refuses what is not one, in words', () => {
  assert.deepEqual(parseNetwork('10.0.0.0/8').prefix, 8);
  assert.deepEqual(parseNetwork('::1').prefix, 128);
  for (const bad of ['10.0.0.0/33', 'fd00::/129', 'example.com', '10.0.0.0/8/1', '10.0.0.0/x', '']) {
    assert.throws(() => parseNetwork(bad), /is not an address or a network in CIDR form/, bad);
  }
});

// A small deterministic PRNG (mulberry32), so the randomised checks below are the same on every run.
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('IPv6 text in any form parses to the bytes it names (checked against the URL parser)', () => {
  const next = random(14);
  for (let i = 0; i < 2000; i++) {
    // Runs of zero groups, so that the :: forms are exercised.
    const groups = Array.from({ length: 8 }, () => (next() < 0.4 ? 0 : Math.floor(next() * 0x10000)));
    const full = groups.map((g) => g.toString(16).padStart(4, '0')).join(':');
    const canonical = new URL(`http://[${full}]/`).hostname.slice(1, -1);
    const a = parseIp(full)!;
    const b = parseIp(canonical)!;
    assert.deepEqual(a.bytes, b.bytes, `${full} / ${canonical}`);
    assert.equal(formatIp(a), canonical);
  }
});

test('an IPv4 address and its IPv4-mapped, NAT64 and 6to4 forms are classified alike', () => {
  const next = random(6052);
  const hex = (b: number[], i: number) => ((b[i]! << 8) | b[i + 1]!).toString(16);
  for (let i = 0; i < 2000; i++) {
    // Mostly addresses inside the special ranges' first octets, some anywhere.
    const first = [0, 10, 100, 127, 169, 172, 192, 198, 203, 224, 240, 255][Math.floor(next() * 12)]!;
    const bytes = [
      next() < 0.8 ? first : Math.floor(next() * 256),
      ...Array.from({ length: 3 }, () => Math.floor(next() * 256)),
    ];
    const v4 = bytes.join('.');
    const expected = classifyAddress(v4);
    for (const form of [
      `::ffff:${v4}`,
      `64:ff9b::${hex(bytes, 0)}:${hex(bytes, 2)}`,
      `2002:${hex(bytes, 0)}:${hex(bytes, 2)}::1`,
    ]) {
      assert.equal(classifyAddress(form), expected, `${form} as ${v4}`);
    }
  }
});
