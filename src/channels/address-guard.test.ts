import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AddressGuard } from './address-guard.ts';

const allowed = (guard: AddressGuard, address: string) => guard.check(address).ok;

test('by default only public addresses pass', () => {
  const guard = new AddressGuard();
  for (const a of ['8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) assert.ok(allowed(guard, a), a);
  for (const a of [
    '127.0.0.1',
    '10.0.0.1',
    '169.254.169.254',
    '::1',
    '::ffff:127.0.0.1',
    'fd00::1',
    '100.64.0.1',
  ]) {
    assert.ok(!allowed(guard, a), a);
  }
  assert.deepEqual(guard.check('nonsense'), { ok: false, reason: 'nonsense is not an IP address' });
});

test('allowPrivate opens the private classes, not metadata, nor what no connection can use', () => {
  const guard = new AddressGuard({ allowPrivate: true });
  for (const a of [
    '127.0.0.1',
    '::1',
    '10.1.2.3',
    '192.168.0.10',
    '100.64.0.1',
    'fd12::1',
    'fe80::1',
    '::ffff:10.0.0.1',
  ]) {
    assert.ok(allowed(guard, a), a);
  }
  for (const a of [
    '169.254.169.254',
    'fd00:ec2::254',
    '100.100.100.200',
    '0.0.0.0',
    '::',
    '224.0.0.1',
    '255.255.255.255',
  ]) {
    assert.ok(!allowed(guard, a), a);
  }
  for (const a of ['192.0.2.1', '240.0.0.1'])
    assert.ok(!allowed(guard, a), `${a}: documentation and reserved stay refused`);
});

test('an allow-list opens exactly its networks, matching IPv4 embedded in IPv6 too', () => {
  const guard = new AddressGuard({ allow: ['10.1.2.0/24', 'fd00:1::/32', '169.254.169.254', '0.0.0.0/0'] });
  assert.ok(allowed(guard, '10.1.2.200'));
  assert.ok(allowed(guard, '::ffff:10.1.2.7'));
  assert.ok(allowed(guard, 'fd00:1:ffff::1'));
  assert.ok(allowed(guard, '169.254.169.254'), 'metadata only when named');
  assert.ok(allowed(guard, '127.0.0.1'), '0.0.0.0/0 names every IPv4 network');
  assert.ok(!allowed(guard, 'fd00:2::1'));
  assert.ok(!allowed(guard, '::1'), 'an IPv4 network does not cover IPv6 loopback');
  assert.ok(!allowed(guard, '0.0.0.0'), 'never the unspecified address');
  assert.match(
    (guard.check('fd00:2::1') as { reason: string }).reason,
    /unique-local address, which the workspace's/,
  );
});

test('an allow-list entry that is not a network is refused in words', () => {
  assert.throws(
    () => new AddressGuard({ allow: ['10.0.0.0/8', 'intranet.local'] }),
    /"intranet\.local" is not an address/,
  );
});
