import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LinkClaims, linkWorkspace, signLink, verifyLink } from './link-token.ts';

const SECRET = Buffer.alloc(32, 7);
const OTHER = Buffer.alloc(32, 8);
const UNSUB: LinkClaims = {
  kind: 'unsubscribe',
  workspaceId: 3,
  customerId: 42,
  messageId: 'm1',
  topic: 'news',
};

test('a signed token verifies to its claims, for its kind only', () => {
  const token = signLink(SECRET, UNSUB);
  assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(verifyLink(SECRET, token, 'unsubscribe'), UNSUB);
  assert.equal(verifyLink(SECRET, token, 'preferences'), null);
  assert.equal(verifyLink(SECRET, token, 'click'), null);
  assert.equal(linkWorkspace(token), 3);
  const click = signLink(SECRET, {
    kind: 'click',
    workspaceId: 3,
    messageId: 'm1',
    url: 'https://x.test/a?b=1',
  });
  assert.deepEqual(verifyLink(SECRET, click, 'click'), {
    kind: 'click',
    workspaceId: 3,
    messageId: 'm1',
    url: 'https://x.test/a?b=1',
  });
  assert.equal(verifyLink(SECRET, click, 'open'), null);
});

test('anything tampered, signed with another secret or malformed is refused', () => {
  const token = signLink(SECRET, UNSUB);
  const [payload, signature] = token.split('.') as [string, string];
  assert.equal(verifyLink(OTHER, token, 'unsubscribe'), null);
  // Another customer's claims with the first signature.
  const forged = Buffer.from(JSON.stringify({ ...UNSUB, customerId: 43 })).toString('base64url');
  assert.equal(verifyLink(SECRET, `${forged}.${signature}`, 'unsubscribe'), null);
  const flipped = signature[0] === 'A' ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
  assert.equal(verifyLink(SECRET, `${payload}.${flipped}`, 'unsubscribe'), null);
  for (const bad of [
    '',
    '.',
    payload,
    `${payload}.`,
    `${payload}.${signature}.x`,
    `${payload}.${signature.slice(0, 20)}`,
    `${payload}.${signature}=`,
  ])
    assert.equal(verifyLink(SECRET, bad, 'unsubscribe'), null, bad);
  assert.equal(linkWorkspace('%%%'), null);
});

test('claims of the wrong shape are refused even when signed', () => {
  const odd = [
    { kind: 'unsubscribe', workspaceId: 3, customerId: '42', messageId: null, topic: null },
    { kind: 'unsubscribe', workspaceId: 3, customerId: 42, messageId: null, topic: null, extra: 1 },
    { kind: 'open', workspaceId: 1.5, messageId: 'm' },
    { kind: 'click', workspaceId: 1, messageId: 'm' },
    { kind: 'redirect', workspaceId: 1, messageId: 'm' },
  ];
  for (const claims of odd) {
    const token = signLink(SECRET, claims as LinkClaims);
    assert.equal(verifyLink(SECRET, token, claims.kind as 'open'), null, JSON.stringify(claims));
  }
});
