import assert from 'node:assert/strict';
import { test } from 'node:test';
import { machineOpen } from './machine-open.ts';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const SENT = Date.parse('2027-03-01T12:00:00Z');

test('machine opens: Apple Mail Privacy Protection, security scanners, prefetches; a reader is a person', () => {
  const at = SENT + 3_600_000;
  assert.equal(
    machineOpen({ userAgent: 'Mozilla/5.0', ip: '203.0.113.9', sentAt: SENT, at }),
    'apple-privacy-protection',
  );
  assert.equal(
    machineOpen({ userAgent: IPHONE, ip: '17.58.100.4', sentAt: SENT, at }),
    'apple-privacy-protection',
  );
  assert.equal(
    machineOpen({ userAgent: IPHONE, ip: '::ffff:17.58.100.4', sentAt: SENT, at }),
    'apple-privacy-protection',
  );
  assert.equal(
    machineOpen({ userAgent: 'Barracuda Sentinel (EE)', ip: '203.0.113.9', sentAt: SENT, at }),
    'security-scanner',
  );
  assert.equal(
    machineOpen({ userAgent: IPHONE, ip: '203.0.113.9', sentAt: SENT, at: SENT + 900 }),
    'prefetch',
  );
  assert.equal(machineOpen({ userAgent: IPHONE, ip: '203.0.113.9', sentAt: SENT, at }), null);
  assert.equal(machineOpen({ userAgent: undefined, ip: '203.0.113.9', sentAt: null, at }), null);
  // 170.x and 117.x are not Apple's 17/8.
  assert.equal(machineOpen({ userAgent: IPHONE, ip: '170.1.2.3', sentAt: SENT, at }), null);
});
