import { isIP } from 'node:net';
import { AddressGuard, type AddressPolicy } from './address-guard.ts';
import { type ConnectTarget, type Lookup, type OutboundNet, tcpConnector } from './guarded-connect.ts';

/**
 * Test support, never used in production: a network that reaches nothing but loopback. Its connector
 * records every request and connects only to 127.0.0.1 and ::1; anything else is recorded as a
 * violation and fails without a packet being sent, so a broken guard makes the test fail instead of
 * reaching another machine. Its lookup knows only the names given to it.
 */
export type TestNet = OutboundNet & {
  connects: ConnectTarget[];
  violations: ConnectTarget[];
  lookups: string[];
};

/** Names the tests resolve, each to chosen addresses (no real DNS is ever asked). */
export const TEST_NAMES: Readonly<Record<string, readonly string[]>> = {
  'loopback.test': ['127.0.0.1'],
  'loopback6.test': ['::1'],
  'metadata.test': ['169.254.169.254'],
  'private.test': ['10.0.0.1'],
  // One public and one private address: a resolver could hand either to the connection.
  'mixed.test': ['8.8.8.8', '10.0.0.1'],
  'public.test': ['8.8.8.8'],
};

/**
 * A loopback-only network with the given policy. With `refuseAll`, even loopback counts as a
 * violation: the tests that prove a refusal happens before any connection use it.
 */
export function testNet(policy: AddressPolicy = {}, options: { refuseAll?: boolean } = {}): TestNet {
  const connects: ConnectTarget[] = [];
  const violations: ConnectTarget[] = [];
  const lookups: string[] = [];
  const lookup: Lookup = async (name) => {
    lookups.push(name);
    const addresses = TEST_NAMES[name];
    if (!addresses) throw new Error(`getaddrinfo ENOTFOUND ${name}`);
    return addresses.map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 }));
  };
  return {
    guard: new AddressGuard(policy),
    lookup,
    connects,
    violations,
    lookups,
    connector: async (target) => {
      connects.push(target);
      const loopback = target.address === '127.0.0.1' || target.address === '::1';
      if (!loopback || options.refuseAll) {
        violations.push(target);
        throw new Error(`TEST FAILURE: asked to connect to ${target.address}`);
      }
      return tcpConnector(target);
    },
  };
}
