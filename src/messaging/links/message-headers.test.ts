import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listUnsubscribeHeaders, messageIdFor } from './message-headers.ts';

test('a Message-ID is the same for the same outbox row, different for any other', () => {
  const id = messageIdFor(1, 'j:3:v1:send:99', 'Mail.Shop.test');
  assert.match(id, /^<[0-9a-f]{32}@mail\.shop\.test>$/);
  assert.equal(messageIdFor(1, 'j:3:v1:send:99', 'mail.shop.test'), id);
  assert.notEqual(messageIdFor(2, 'j:3:v1:send:99', 'mail.shop.test'), id, 'keys are unique per workspace');
  assert.notEqual(messageIdFor(1, 'j:3:v1:send:100', 'mail.shop.test'), id);
  assert.throws(() => messageIdFor(1, 'k', 'bad domain>'), /is not a domain/);
});

test('List-Unsubscribe for one-click (RFC 8058)', () => {
  assert.deepEqual(listUnsubscribeHeaders('https://l.test/m/u/abc.def'), {
    'List-Unsubscribe': '<https://l.test/m/u/abc.def>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  });
  assert.equal(
    listUnsubscribeHeaders('http://localhost:7300/m/u/x')['List-Unsubscribe'],
    '<http://localhost:7300/m/u/x>',
  );
  for (const bad of [
    'mailto:u@x.test',
    'https://x.test/a b',
    'https://x.test/>,<https://evil.test',
    'javascript:alert(1)',
  ])
    assert.throws(() => listUnsubscribeHeaders(bad), /not an http\(s\) URL/, bad);
});
